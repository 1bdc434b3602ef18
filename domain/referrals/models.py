"""Referrals: a member recommends a candidate for an opening, and the pipeline that follows.

The candidate is not a member: their details live on the referral, with the referrer's
word that the candidate agreed to be contacted. Ownership of a candidate is a claim row per
candidate key (normalised email, E.164 phone), unique per organization, so that the
database itself keeps two referrals from owning one candidate (domain.referrals.claims).
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel


class ReferralStage(StrEnum):
    SUBMITTED = "submitted"
    SCREENING = "screening"
    CASUAL_INTERVIEW = "casual_interview"  # カジュアル面談
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class ReferralSource(StrEnum):
    EMPLOYEE = "employee"  # a current employee (any staff role): bonuses go through payroll
    ALUMNUS = "alumnus"  # a former employee: rewards follow other rules (PRODUCT.md)


class ReferralSettings(Model):
    """The referral rules of an organization. Without a row, the defaults apply."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.OneToOneField("models.Organization", related_name=False)
    ownership_days = fields.SmallIntField(default=180)
    expiry_days = fields.SmallIntField(default=90)  # without progress
    share_rejection_reason = fields.BooleanField(default=False)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "referral_settings"


class Referral(TrackedModel):
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    opening = fields.ForeignKeyField("models.JobOpening", related_name=False, db_index=True)
    referrer = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)
    source = fields.CharEnumField(ReferralSource, max_length=16)
    candidate_name = fields.CharField(max_length=100)
    candidate_name_kana = fields.CharField(max_length=100, default="")
    candidate_email = fields.CharField(max_length=254, null=True)  # normalised
    candidate_phone = fields.CharField(max_length=32, null=True)  # E.164
    relationship = fields.CharField(max_length=200, default="")  # how they know each other
    note = fields.CharField(max_length=2000, default="")
    resume_url = fields.CharField(max_length=2000, default="")
    # When the referrer confirmed the candidate agreed to be contacted: required.
    candidate_consented_at = fields.DatetimeField()
    stage = fields.CharEnumField(ReferralStage, max_length=24, default=ReferralStage.SUBMITTED)
    # Last progress: submission or the latest stage change. Expiry runs from here.
    stage_changed_at = fields.DatetimeField()
    rejection_reason = fields.CharField(max_length=2000, default="")

    class Meta:
        table = "referral"
        indexes = (
            ("organization_id", "created_at"),
            ("organization_id", "opening_id", "stage"),
            ("referrer_id", "created_at"),
        )


class ReferralStageChange(Model):
    """One transition of a referral: the history, never changed."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    referral = fields.ForeignKeyField("models.Referral", related_name=False, db_index=True)
    from_stage = fields.CharEnumField(ReferralStage, max_length=24, null=True)  # null: submitted
    to_stage = fields.CharEnumField(ReferralStage, max_length=24)
    # 0 for the submission, then 1, 2 …: the order of moves made within one clock tick.
    position = fields.SmallIntField()
    changed_at = fields.DatetimeField()
    changed_by = fields.CharField(max_length=80)  # actor label

    class Meta:
        table = "referral_stage_change"
        unique_together = (("referral", "position"),)


class ReferralClaim(Model):
    """The referral that owns a candidate key until `expires_at`. One row per key and
    organization (the unique key): a submission takes a key by inserting its row, or by a
    conditional update of a row whose claim has expired — never by reading first."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False)
    candidate_key = fields.CharField(max_length=300)  # "email:…" or "phone:+81…"
    referral = fields.ForeignKeyField("models.Referral", related_name=False, db_index=True)
    claimed_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()

    class Meta:
        table = "referral_claim"
        unique_together = (("organization", "candidate_key"),)
