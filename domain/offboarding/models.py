"""Off-boarding a departing employee: a checklist that ends the relationship well, and an
exit interview whose reasons become feedback."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel


class OffboardingSource(StrEnum):
    """Who started it: hr, the person's manager, or a departure reported by the HR system;
    or an imported roster, for a departure before Kizuna (history, with no checklist)."""

    HR = "hr"
    MANAGER = "manager"
    HRIS = "hris"
    IMPORT = "import"


class OffboardingStatus(StrEnum):
    """Derived, never stored: see domain.offboarding.status."""

    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ChecklistItem(StrEnum):
    POSITIVE_MESSAGE = "positive_message"  # from the manager or an executive
    COMMUNITY_INVITATION = "community_invitation"  # to the alumni community
    CONSENT_ASKED = "consent_asked"  # the answer itself belongs to the consent ledger


class ExitReason(StrEnum):
    CAREER_GROWTH = "career_growth"
    PAY = "pay"
    RELATIONSHIPS = "relationships"
    EVALUATION = "evaluation"
    FAMILY = "family"
    RELOCATION = "relocation"
    HEALTH = "health"
    STARTING_A_BUSINESS = "starting_a_business"
    STUDY = "study"
    OTHER = "other"


class Offboarding(TrackedModel):
    """One departure being off-boarded. `created_by` is who started it, `source` how."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)
    employment_period = fields.ForeignKeyField("models.EmploymentPeriod", related_name=False)
    leave_date = fields.DateField()
    source = fields.CharEnumField(OffboardingSource, max_length=16)
    # The period while the off-boarding stands, NULL once cancelled: at most one standing
    # off-boarding per period (NULLs never collide in a unique index).
    standing_period_id = fields.UUIDField(null=True, unique=True)
    cancelled_at = fields.DatetimeField(null=True)
    cancelled_by = fields.CharField(max_length=80, null=True)
    # The checklist: when each item was done and who recorded it (an actor label).
    positive_message_sent_at = fields.DatetimeField(null=True)
    positive_message_recorded_by = fields.CharField(max_length=80, null=True)
    # Who sent the positive message: the person's manager or an executive.
    positive_message_sender = fields.ForeignKeyField(
        "models.Person", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    community_invitation_sent_at = fields.DatetimeField(null=True)
    community_invitation_recorded_by = fields.CharField(max_length=80, null=True)
    consent_asked_at = fields.DatetimeField(null=True)
    consent_asked_recorded_by = fields.CharField(max_length=80, null=True)

    class Meta:
        table = "offboarding"
        indexes = (("organization_id", "leave_date"),)


# Checklist item → its (done at, recorded by) columns.
CHECKLIST_COLUMNS: dict[ChecklistItem, tuple[str, str]] = {
    ChecklistItem.POSITIVE_MESSAGE: ("positive_message_sent_at", "positive_message_recorded_by"),
    ChecklistItem.COMMUNITY_INVITATION: (
        "community_invitation_sent_at",
        "community_invitation_recorded_by",
    ),
    ChecklistItem.CONSENT_ASKED: ("consent_asked_at", "consent_asked_recorded_by"),
}


class ExitInterview(TrackedModel):
    """The exit interview of one off-boarding. Recording it again replaces the answers."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    offboarding = fields.OneToOneField("models.Offboarding", related_name=False)
    primary_reason = fields.CharEnumField(ExitReason, max_length=32)
    free_text = fields.TextField(default="")
    come_back_likelihood = fields.SmallIntField(null=True)  # 0–10; null: not answered
    feedback_escalated = fields.BooleanField(default=False)  # should reach the organization
    recorded_at = fields.DatetimeField()
    recorded_by = fields.CharField(max_length=80)

    class Meta:
        table = "exit_interview"


class ExitInterviewReason(Model):
    """One reason given in an exit interview: a row each, so that analytics count in SQL."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    interview = fields.ForeignKeyField("models.ExitInterview", related_name=False, db_index=True)
    reason = fields.CharEnumField(ExitReason, max_length=32)

    class Meta:
        table = "exit_interview_reason"
        unique_together = (("interview", "reason"),)
