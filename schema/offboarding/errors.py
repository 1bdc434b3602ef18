import strawberry

from schema.offboarding.enums import OffboardingErrorCode


@strawberry.type(description="Why an off-boarding mutation was refused, and which input field.")
class OffboardingError:
    field: str | None = strawberry.field(description="Input path, e.g. `leaveDate`.")
    code: OffboardingErrorCode
    message: str


def as_offboarding_errors(errors: list) -> list[OffboardingError]:
    return [OffboardingError(field=e.field, code=e.code, message=e.message) for e in errors]
