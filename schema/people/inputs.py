"""People inputs. Text limits: name, kana, titles, location 100; company 200; note 2000;
emails 254; phone 32; employee number 32; skills and tags at most 30 of 50 characters each."""

from datetime import date

import strawberry

from domain.people.models import RehireEligibility as RehireEligibilityValue
from schema.people.enums import AlumniOrderField, RehireEligibility


@strawberry.input(description="An employment period for a new person.")
class EmploymentInput:
    hire_date: date
    leave_date: date | None = strawberry.field(
        default=None, description="Give it for someone who has left or is leaving."
    )
    department_id: strawberry.ID | None = None
    title: str = ""
    manager_id: strawberry.ID | None = None
    employee_number: str | None = None


@strawberry.input(description="What an alumnus does now.")
class AlumniProfileInput:
    current_company: str = ""
    current_title: str = ""
    location: str = ""
    skills: list[str] = strawberry.field(default_factory=list)
    tags: list[str] = strawberry.field(default_factory=list)
    rehire_eligibility: RehireEligibility = RehireEligibilityValue.ELIGIBLE
    rehire_note: str = ""
    note: str = strawberry.field(
        default="", description="HR's remarks (the roster's 備考); the alumnus does not see them."
    )
    directory_listed: bool = False


@strawberry.input(description="A new person with their first employment period.")
class PersonCreateInput:
    name: str
    name_kana: str = ""
    personal_email: str | None = None
    work_email: str | None = None
    phone: str | None = None
    employment: EmploymentInput
    alumni_profile: AlumniProfileInput | None = strawberry.field(
        default=None, description="Only with an employment that has a leave date."
    )


@strawberry.input(description="Alumni profile fields to change; omitted fields stay as they are.")
class AlumniProfileUpdateInput:
    current_company: strawberry.Maybe[str]
    current_title: strawberry.Maybe[str]
    location: strawberry.Maybe[str]
    skills: strawberry.Maybe[list[str]] = strawberry.field(
        description="Replaces all skills when given."
    )
    tags: strawberry.Maybe[list[str]] = strawberry.field(
        description="Replaces all tags when given."
    )
    rehire_eligibility: strawberry.Maybe[RehireEligibility]
    rehire_note: strawberry.Maybe[str]
    note: strawberry.Maybe[str] = strawberry.field(
        description="HR's remarks (the roster's 備考); the alumnus does not see them."
    )
    directory_listed: strawberry.Maybe[bool]


@strawberry.input(description="Fields to change; omitted fields stay as they are, null clears.")
class PersonUpdateInput:
    id: strawberry.ID
    name: strawberry.Maybe[str]
    name_kana: strawberry.Maybe[str]
    personal_email: strawberry.Maybe[str | None]
    work_email: strawberry.Maybe[str | None]
    phone: strawberry.Maybe[str | None]
    alumni_profile: AlumniProfileUpdateInput | None = None


@strawberry.input(description="The person to archive.")
class PersonArchiveInput:
    id: strawberry.ID


@strawberry.input(description="A departure: the open employment period ends on the leave date.")
class DepartureRecordInput:
    person_id: strawberry.ID
    leave_date: date
    rehire_eligibility: RehireEligibility | None = None
    rehire_note: str | None = None


@strawberry.input(description="A new department.")
class DepartmentCreateInput:
    name: str


@strawberry.input(
    description="Alumni filters; all given filters must match. Filters marked hr/executive "
    "read fields other roles may not see, and are refused for them."
)
class AlumniFilterInput:
    search: str | None = strawberry.field(
        default=None,
        description="Text in name, kana (ひらがな or カタカナ), current company, and for hr and "
        "executives in emails. At most 100 characters.",
    )
    skills: list[str] = strawberry.field(default_factory=list, description="Has every skill.")
    tags: list[str] = strawberry.field(
        default_factory=list, description="Has every tag (hr/executive)."
    )
    department_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Worked in any of these departments."
    )
    departed_from: date | None = strawberry.field(
        default=None, description="Left on or after (hr/executive)."
    )
    departed_to: date | None = strawberry.field(
        default=None, description="Left on or before (hr/executive)."
    )
    rehire_eligibility: list[RehireEligibility] = strawberry.field(
        default_factory=list, description="Any of these (hr/executive)."
    )
    directory_listed: bool | None = strawberry.field(
        default=None, description="Listed in the directory or not (hr/executive)."
    )


@strawberry.input(description="Sort order of the alumni list.")
class AlumniOrderInput:
    field: AlumniOrderField
    descending: bool = False
