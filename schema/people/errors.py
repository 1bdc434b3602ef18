import strawberry

from schema.people.enums import PersonErrorCode


@strawberry.type(description="Why a people mutation was refused, and which input field.")
class PersonError:
    field: str | None = strawberry.field(description="Input path, e.g. `employment.leaveDate`.")
    code: PersonErrorCode
    message: str
