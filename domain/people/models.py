"""One person across employee → alumnus → rehire, their employment periods and alumni profile."""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from domain.common.models import TrackedModel


class PersonStatus(StrEnum):
    EMPLOYEE = "employee"
    ALUMNUS = "alumnus"


class RehireEligibility(StrEnum):
    ELIGIBLE = "eligible"
    CONDITIONAL = "conditional"
    NOT_ELIGIBLE = "not_eligible"


class LabelKind(StrEnum):
    SKILL = "skill"
    TAG = "tag"


class Department(TrackedModel):
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "department"
        unique_together = (("organization", "name"),)


class Person(TrackedModel):
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    name = fields.CharField(max_length=100)
    name_kana = fields.CharField(max_length=100, default="")
    personal_email = fields.CharField(max_length=254, null=True)
    work_email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=32, null=True)
    status = fields.CharEnumField(PersonStatus, max_length=16, default=PersonStatus.EMPLOYEE)
    archived_at = fields.DatetimeField(null=True)
    # Set once, by domain.privacy: the personal data is gone and the row only keeps counts.
    # An erased person is also archived, which every list, send and gate already skips.
    erased_at = fields.DatetimeField(null=True)

    class Meta:
        table = "person"
        unique_together = (("organization", "personal_email"), ("organization", "work_email"))
        # The alumni list by kana walks this index and stops after a page, however many
        # alumni the organization has (domain.people.queries).
        indexes = (("organization_id", "status", "name_kana", "id"),)


class EmploymentPeriod(TrackedModel):
    """One stretch of employment. A rehire opens another period on the same person."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    person = fields.ForeignKeyField(
        "models.Person", related_name="employment_periods", db_index=True
    )
    hire_date = fields.DateField()
    leave_date = fields.DateField(null=True)
    department = fields.ForeignKeyField(
        "models.Department", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    title = fields.CharField(max_length=100, default="")
    manager = fields.ForeignKeyField(
        "models.Person", related_name=False, null=True, db_index=True, on_delete=fields.SET_NULL
    )
    employee_number = fields.CharField(max_length=32, null=True)
    # Where tenure counts from when it is not the hire date: a rehire whose earlier tenure
    # was carried over by the rehire policy (domain.rehire.policy). Null: the hire date.
    tenure_counted_from = fields.DateField(null=True)

    class Meta:
        table = "employment_period"
        # A page's periods, person by person in order (domain.people.page_rows).
        indexes = (("organization_id", "person_id", "hire_date", "id"),)


class EmployeeNumber(Model):
    """An employee number belongs to one person of the organization, whatever the period: a
    rehire keeps theirs. The unique key makes two people with one number impossible, even
    when both are created at the same moment."""

    id = fields.UUIDField(primary_key=True)
    organization = fields.ForeignKeyField("models.Organization", related_name=False)
    number = fields.CharField(max_length=32)
    person = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "employee_number"
        unique_together = (("organization", "number"),)


class AlumniProfile(TrackedModel):
    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    person = fields.OneToOneField("models.Person", related_name="alumni_profile")
    departed_on = fields.DateField(db_index=True)
    current_company = fields.CharField(max_length=200, default="")
    current_title = fields.CharField(max_length=100, default="")
    location = fields.CharField(max_length=100, default="")
    rehire_eligibility = fields.CharEnumField(
        RehireEligibility, max_length=16, default=RehireEligibility.ELIGIBLE
    )
    rehire_note = fields.CharField(max_length=2000, default="")
    # The organization's own remarks about the alumnus (a roster's 備考), for staff only.
    note = fields.CharField(max_length=2000, default="")
    last_touchpoint_at = fields.DatetimeField(null=True)
    directory_listed = fields.BooleanField(default=False)

    class Meta:
        table = "alumni_profile"
        # The alumni list by departure walks this index and stops after a page.
        indexes = (("organization_id", "departed_on", "person_id"),)


class AlumniLabel(TrackedModel):
    """A skill or tag of an alumnus, one row each so that filters run in the database."""

    organization = fields.ForeignKeyField("models.Organization", related_name=False, db_index=True)
    person = fields.ForeignKeyField("models.Person", related_name=False, db_index=True)
    kind = fields.CharEnumField(LabelKind, max_length=8)
    value = fields.CharField(max_length=50)
    position = fields.SmallIntField(default=0)

    class Meta:
        table = "alumni_label"
        unique_together = (("person", "kind", "value"),)
        # Filters by a skill or tag; a page's labels, person by person in order.
        indexes = (
            ("organization_id", "kind", "value"),
            ("organization_id", "person_id", "position", "value"),
        )
