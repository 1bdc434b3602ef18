import strawberry

from schema.consent.enums import ConsentErrorCode


@strawberry.type(description="Why a consent was not recorded, and which input field.")
class ConsentError:
    field: str | None = strawberry.field(description="Input field, e.g. `personId`.")
    code: ConsentErrorCode
    message: str
