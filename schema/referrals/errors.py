import strawberry

from schema.referrals.enums import ReferralErrorCode


@strawberry.type(description="Why a referral mutation was refused, and which input field.")
class ReferralError:
    field: str | None = strawberry.field(description="Input path, e.g. `candidateEmail`.")
    code: ReferralErrorCode
    message: str


def as_referral_errors(errors: list) -> list[ReferralError]:
    return [ReferralError(field=e.field, code=e.code, message=e.message) for e in errors]
