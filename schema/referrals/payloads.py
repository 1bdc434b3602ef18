import strawberry

from schema.referrals.errors import ReferralError
from schema.referrals.types import Referral


@strawberry.type(
    description="The new referral, or why not. A candidate already owned by another "
    "referral answers ALREADY_REFERRED, and nothing about that referral."
)
class ReferralCreatePayload:
    referral: Referral | None
    errors: list[ReferralError]


@strawberry.type(description="The referral at its new stage, or why not.")
class ReferralStageSetPayload:
    referral: Referral | None
    errors: list[ReferralError]


@strawberry.type(description="The withdrawn referral, or why not.")
class ReferralWithdrawPayload:
    referral: Referral | None
    errors: list[ReferralError]


@strawberry.type(description="An organization's referral rules.")
class ReferralSettings:
    ownership_days: int = strawberry.field(
        description="A referral owns its candidate this long after submission (unless it "
        "ends or expires first)."
    )
    expiry_days: int = strawberry.field(
        description="A referral at an open stage expires after this long without progress."
    )
    share_rejection_reason: bool = strawberry.field(
        description="Referrers read the rejection reason of their referrals."
    )


@strawberry.type(description="The rules as changed, or why not.")
class ReferralSettingsSetPayload:
    settings: ReferralSettings | None
    errors: list[ReferralError]
