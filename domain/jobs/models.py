"""Job openings: what employees and alumni refer friends to, and alumni apply to."""

from enum import StrEnum

from tortoise import fields

from domain.common.models import TrackedModel


class OpeningStatus(StrEnum):
    DRAFT = "draft"  # being written: hr and its hiring manager only
    OPEN = "open"  # published: referrals (and rehire applications) come in
    PAUSED = "paused"  # on hold: still listed to staff, nothing new comes in
    CLOSED = "closed"  # filled or given up, for good


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CONTRACT = "contract"
    INTERNSHIP = "internship"


class JobOpening(TrackedModel):
    """One position to fill. Referrals and rehire applications point at it."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    title = fields.CharField(max_length=100)
    department = fields.ForeignKeyField(
        "models.Department", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    description = fields.TextField(default="")
    location = fields.CharField(max_length=100, default="")
    employment_type = fields.CharEnumField(EmploymentType, max_length=16)
    hiring_manager = fields.ForeignKeyField(
        "models.Person", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    status = fields.CharEnumField(OpeningStatus, max_length=16, default=OpeningStatus.DRAFT)
    visible_to_alumni = fields.BooleanField(default=False)
    accepting_referrals = fields.BooleanField(default=True)
    status_changed_at = fields.DatetimeField()

    class Meta:
        table = "job_opening"
        indexes = (("organization_id", "status", "created_at"),)
