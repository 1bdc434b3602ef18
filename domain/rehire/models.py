"""Boomerang (rehire) applications: an alumnus applies to an opening under the organization's
written rehire policy, and the pipeline that follows.

A policy is never edited in place: each change is a new version, and an application keeps
the version it was made under, so the terms an alumnus applied under cannot change later.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel


class RehireStage(StrEnum):
    """The organization's selection steps, in order, and the two endings."""

    APPLIED = "applied"
    SCREENING = "screening"
    APTITUDE_TEST = "aptitude_test"  # 適性検査
    FIRST_INTERVIEW = "first_interview"
    FINAL_INTERVIEW = "final_interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class SalaryBasis(StrEnum):
    PREVIOUS_SALARY = "previous_salary"  # at least what they earned when they left
    PREVIOUS_GRADE_PLUS_EXPERIENCE = "previous_grade_plus_experience"  # raised for time elsewhere
    NEW_EVALUATION = "new_evaluation"  # evaluated afresh, experience elsewhere counted


class ReturnTitle(StrEnum):
    PREVIOUS_TITLE = "previous_title"  # the title they left with
    OPENING_TITLE = "opening_title"  # the title of the opening they apply to
    EVALUATED = "evaluated"  # decided at the offer, from experience inside and outside


class TenureRule(StrEnum):
    RESET = "reset"  # tenure counts from the new hire date
    CARRIED_OVER = "carried_over"  # earlier periods' lengths are added
    CARRIED_OVER_WITHIN_YEARS = "carried_over_within_years"  # only if back within N years


class RehirePolicy(TrackedModel):
    """One version of an organization's rehire policy. Rows are only ever added."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    version = fields.IntField()  # 1, 2, … per organization
    salary_basis = fields.CharEnumField(SalaryBasis, max_length=40)
    salary_note = fields.CharField(max_length=2000, default="")
    title_basis = fields.CharEnumField(ReturnTitle, max_length=24)
    title_note = fields.CharField(max_length=2000, default="")
    tenure_rule = fields.CharEnumField(TenureRule, max_length=32)
    tenure_within_years = fields.SmallIntField(null=True)  # CARRIED_OVER_WITHIN_YEARS only
    skipped_steps: list[str] = fields.JSONField(default=list)  # RehireStage values

    class Meta:
        table = "rehire_policy"
        # Two changes saved at once cannot both become the same version.
        unique_together = (("organization", "version"),)


class RehireApplication(TrackedModel):
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    opening = fields.ForeignKeyField("models.JobOpening", related_name=False, db_index=True)
    applicant = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)
    policy = fields.ForeignKeyField("models.RehirePolicy", related_name=False)
    motivation = fields.CharField(max_length=2000)
    desired_start_on = fields.DateField(null=True)
    current_situation = fields.CharField(max_length=2000, default="")
    stage = fields.CharEnumField(RehireStage, max_length=24, default=RehireStage.APPLIED)
    stage_changed_at = fields.DatetimeField()
    # True while the application is open, NULL once it ends: with the unique key below, one
    # open application per applicant and opening, kept by the database (NULLs never clash).
    open_marker = fields.BooleanField(null=True, default=True)
    # Moving a NOT_ELIGIBLE applicant past screening needs hr's explicit confirmation.
    ineligible_confirmed_at = fields.DatetimeField(null=True)
    ineligible_confirmed_by = fields.CharField(max_length=80, default="")
    start_date = fields.DateField(null=True)  # set when hired
    employment_period = fields.ForeignKeyField(
        "models.EmploymentPeriod", related_name=False, null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "rehire_application"
        unique_together = (("opening", "applicant", "open_marker"),)
        indexes = (("organization_id", "created_at"), ("applicant_id", "created_at"))


class RehireStageChange(Model):
    """One transition of an application: the history, never changed."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    application = fields.ForeignKeyField(
        "models.RehireApplication", related_name=False, db_index=True
    )
    from_stage = fields.CharEnumField(RehireStage, max_length=24, null=True)  # null: applied
    to_stage = fields.CharEnumField(RehireStage, max_length=24)
    position = fields.SmallIntField()  # 0 for the application, then 1, 2 …
    changed_at = fields.DatetimeField()
    changed_by = fields.CharField(max_length=80)  # actor label

    class Meta:
        table = "rehire_stage_change"
        unique_together = (("application", "position"),)
