import strawberry

from schema.rehire.enums import RehireErrorCode


@strawberry.type(description="Why a rehire mutation was refused, and which input field.")
class RehireError:
    field: str | None = strawberry.field(description="Input path, e.g. `openingId`.")
    code: RehireErrorCode
    message: str


def as_rehire_errors(errors: list) -> list[RehireError]:
    return [RehireError(field=e.field, code=e.code, message=e.message) for e in errors]
