import strawberry

from domain.privacy.error_codes import PrivacyErrorCode as PrivacyErrorCodeValue

PrivacyErrorCode = strawberry.enum(
    PrivacyErrorCodeValue,
    name="PrivacyErrorCode",
    description="Why a privacy request was refused.",
)


@strawberry.type(description="Why an erasure was refused, and which input field.")
class PrivacyError:
    field: str | None = strawberry.field(description="Input field, e.g. `personId`.")
    code: PrivacyErrorCode
    message: str
