import strawberry

from schema.referrals.enums import ReferralStage


@strawberry.input(
    description="A friend recommended for an open opening. The candidate must have agreed to "
    "be contacted; give their email or phone (or both): they are how a candidate referred "
    "twice is recognised."
)
class ReferralCreateInput:
    opening_id: strawberry.ID
    candidate_name: str = strawberry.field(description="As the candidate writes it; ≤ 100.")
    candidate_consents_to_contact: bool = strawberry.field(
        description="The candidate agreed to be contacted about this opening: required."
    )
    candidate_name_kana: str = strawberry.field(default="", description="フリガナ.")
    candidate_email: str | None = None
    candidate_phone: str | None = strawberry.field(
        default=None, description="Without a country code read as Japanese."
    )
    relationship: str = strawberry.field(
        default="", description="How you know each other; ≤ 200 characters."
    )
    note: str = strawberry.field(default="", description="≤ 2,000 characters.")
    resume_url: str = strawberry.field(default="", description="An http(s) link to a résumé.")


@strawberry.input(description="Move a referral to its next stage, or reject or withdraw it.")
class ReferralStageSetInput:
    id: strawberry.ID
    stage: ReferralStage
    rejection_reason: str = strawberry.field(
        default="",
        description="REJECTED only; ≤ 2,000 characters. The referrer reads it only if the "
        "organization shares rejection reasons.",
    )


@strawberry.input(description="The referrer withdraws their own referral.")
class ReferralWithdrawInput:
    id: strawberry.ID


@strawberry.input(description="Referral rules to change; omitted ones stay as they are.")
class ReferralSettingsSetInput:
    ownership_days: int | None = strawberry.field(
        default=None, description="How long a referral owns its candidate: 1–1095 days."
    )
    expiry_days: int | None = strawberry.field(
        default=None, description="A referral without progress expires after 1–1095 days."
    )
    share_rejection_reason: bool | None = None
