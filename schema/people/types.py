"""Person, employment and alumni profile types; each field declares who may read it."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.scopes import Scope
from domain.people.access import Access
from domain.people.models import AlumniProfile as AlumniProfileModel
from domain.people.models import Department as DepartmentModel
from domain.people.models import Person as PersonModel
from domain.people.page_rows import DepartmentRow, PeriodRow, PersonLabels
from resolvers import ids
from resolvers.consent.queries import history_page
from resolvers.context import Context, current_context
from resolvers.touchpoints import queries as touchpoint_queries
from schema.common.node import Node
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    Edge,
    PageInfo,
    check_first,
    decode_cursor,
)
from schema.common.permissions import (
    PERSON_CONSENT,
    PERSON_DIRECTORY,
    PERSON_FULL,
    PERSON_OFFBOARDING,
    PERSON_TIMELINE,
    SIGNED_IN,
    guarded,
    guarded_type,
)
from schema.consent.types import ConsentRecord, ConsentRecordConnection
from schema.people.enums import PersonStatus, RehireEligibility
from schema.people.tenure import Tenure, tenure_of
from schema.touchpoints.types import Touchpoint, TouchpointConnection

if TYPE_CHECKING:
    from schema.offboarding.types import Offboarding

Info = strawberry.Info[Context]
CONSENT_HISTORY = "consentHistory"


@guarded_type(description="A department of the organization.")
class Department(Node):
    model: strawberry.Private[DepartmentModel | DepartmentRow]

    @guarded(SIGNED_IN, Scope.ALUMNI_READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Department", self.model.id))

    @guarded(SIGNED_IN, Scope.ALUMNI_READ, "Department name.")
    def name(self) -> str:
        return self.model.name


def department_node(row: DepartmentModel | DepartmentRow) -> "Department":
    """The request's one Department object for a department row: a page of 100 people
    names the same few departments hundreds of times."""
    nodes = current_context().people.department_nodes
    node = nodes.get(row)
    if node is None:
        node = nodes[row] = Department(model=row)
    return node


@guarded_type(description="One stretch of employment; a rehire adds another.")
class EmploymentPeriod:
    model: strawberry.Private[PeriodRow]
    access: strawberry.Private[Access]

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "First day of this period.")
    def hire_date(self) -> date | None:
        return self.model.hire_date

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Last day of this period; null while it is open.")
    def leave_date(self) -> date | None:
        return self.model.leave_date

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Department during this period.")
    def department(self) -> Department | None:
        department = self.model.department
        return None if department is None else department_node(department)

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Job title during this period.")
    def title(self) -> str | None:
        return self.model.title

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Employee number during this period.")
    def employee_number(self) -> str | None:
        return self.model.employee_number

    @guarded(
        PERSON_FULL,
        Scope.ALUMNI_READ,
        "Tenure as of the leave date (or today), counted from where the rehire policy says.",
    )
    def tenure(self) -> Tenure | None:
        row = self.model
        today = current_context().today
        return tenure_of(row.hire_date, row.leave_date, row.tenure_counted_from, today)

    @guarded(
        PERSON_FULL, Scope.ALUMNI_READ, "Manager during this period, when the viewer may see them."
    )
    async def manager(self, info: Info) -> "Person | None":
        if self.model.manager_id is None:
            return None
        found = await info.context.people.visible_person_by_id.load(self.model.manager_id)
        return None if found is None else Person(model=found[0], access=found[1])


def _skills(labels: PersonLabels) -> list[str]:
    return labels.skills


def _tags(labels: PersonLabels) -> list[str]:
    return labels.tags


@guarded_type(description="What an alumnus does now and how the organization relates to them.")
class AlumniProfile:
    model: strawberry.Private[AlumniProfileModel]
    access: strawberry.Private[Access]

    @guarded(PERSON_DIRECTORY, Scope.ALUMNI_READ, "Company the alumnus works at now.")
    def current_company(self) -> str:
        return self.model.current_company

    @guarded(PERSON_DIRECTORY, Scope.ALUMNI_READ, "Skills, in the order given.")
    def skills(self) -> list[str]:
        return current_context().people.labels.then(self.model.person_id, _skills)

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Title at the current company.")
    def current_title(self) -> str | None:
        return self.model.current_title

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Tags given by the organization.")
    def tags(self) -> list[str] | None:
        return current_context().people.labels.then(self.model.person_id, _tags)

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Where the alumnus lives or works.")
    def location(self) -> str | None:
        return self.model.location

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Day the alumnus left (last leave date).")
    def departed_on(self) -> date | None:
        return self.model.departed_on

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Whether the organization would hire them again.")
    def rehire_eligibility(self) -> RehireEligibility | None:
        return self.model.rehire_eligibility

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Why rehire is conditional or not possible.")
    def rehire_note(self) -> str | None:
        return self.model.rehire_note

    @guarded(
        PERSON_TIMELINE,
        Scope.ALUMNI_READ,
        "The organization's remarks about the alumnus (an imported roster's 備考).",
    )
    def note(self) -> str | None:
        return self.model.note

    @guarded(
        PERSON_FULL, Scope.ALUMNI_READ, "Last time someone from the organization was in touch."
    )
    def last_touchpoint_at(self) -> datetime | None:
        return self.model.last_touchpoint_at

    @guarded(
        PERSON_FULL, Scope.ALUMNI_READ, "The alumnus chose to be listed in the alumni directory."
    )
    def directory_listed(self) -> bool | None:
        return self.model.directory_listed


@guarded_type(description="One person across employee → alumnus → rehire.")
class Person(Node):
    model: strawberry.Private[PersonModel]
    access: strawberry.Private[Access]
    profile: strawberry.Private[AlumniProfileModel | None] = None

    @guarded(PERSON_DIRECTORY, Scope.ALUMNI_READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Person", self.model.id))

    @guarded(PERSON_DIRECTORY, Scope.ALUMNI_READ, "Name as the person writes it (e.g. 山田 太郎).")
    def name(self) -> str:
        return self.model.name

    @guarded(
        PERSON_DIRECTORY,
        Scope.ALUMNI_READ,
        "Reading of the name in full-width katakana (フリガナ).",
    )
    def name_kana(self) -> str:
        return self.model.name_kana

    @guarded(PERSON_DIRECTORY, Scope.ALUMNI_READ, "Departments the person worked in, oldest first.")
    def departments(self) -> list[Department]:
        def distinct(periods: list[PeriodRow]) -> list[Department]:
            seen: dict[object, Department] = {}
            for period in periods:
                if period.department is not None:
                    seen[period.department.id] = department_node(period.department)
            return list(seen.values())

        return current_context().people.periods.then(self.model.id, distinct)

    @guarded(
        PERSON_DIRECTORY, Scope.ALUMNI_READ, "Alumni profile; null for someone who never left."
    )
    def alumni_profile(self) -> AlumniProfile | None:
        def wrap(profile: AlumniProfileModel | None) -> AlumniProfile | None:
            return None if profile is None else AlumniProfile(model=profile, access=self.access)

        if self.profile is not None:
            return wrap(self.profile)
        return current_context().people.profiles.then(self.model.id, wrap)

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Employee now, or alumnus.")
    def status(self) -> PersonStatus | None:
        return self.model.status

    @guarded(
        PERSON_FULL, Scope.ALUMNI_READ, "Personal email: how alumni are reached after they leave."
    )
    def personal_email(self) -> str | None:
        return self.model.personal_email

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Work email while employed.")
    def work_email(self) -> str | None:
        return self.model.work_email

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Phone number in E.164 form.")
    def phone(self) -> str | None:
        return self.model.phone

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Employment periods, oldest first.")
    def employments(self) -> list[EmploymentPeriod] | None:
        return current_context().people.periods.then(
            self.model.id,
            lambda periods: [EmploymentPeriod(model=p, access=self.access) for p in periods],
        )

    @guarded(
        PERSON_OFFBOARDING,
        Scope.ALUMNI_READ,
        "The person's latest off-boarding, when the viewer may see it (a manager: when the "
        "departing period was theirs to manage).",
    )
    async def offboarding(
        self, info: Info
    ) -> Annotated["Offboarding", strawberry.lazy("schema.offboarding.types")] | None:
        from schema.offboarding.types import Offboarding

        found = await info.context.offboarding.latest_by_person.load(self.model.id)
        return None if found is None else Offboarding(model=found)

    @guarded(
        PERSON_TIMELINE,
        Scope.ALUMNI_READ,
        "Touchpoints with the organization (calls, coffees, events …), newest first.",
    )
    async def touchpoints(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> TouchpointConnection | None:
        rows, has_next = await touchpoint_queries.timeline_page(
            info.context,
            self.model.id,
            check_first(first),
            decode_cursor(after, "touchpoints", datetime),
        )
        edges = [
            Edge(
                position=("touchpoints", row.happened_at, row.id),
                node=Touchpoint(model=row),
            )
            for row in rows
        ]
        return TouchpointConnection(edges=edges, page_info=PageInfo.after(edges, has_next))

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "When the person was archived; null while active.")
    def archived_at(self) -> datetime | None:
        return self.model.archived_at

    @guarded(
        PERSON_FULL,
        Scope.ALUMNI_READ,
        "When the person's personal data was erased (`personErase`); null if never. An "
        "erased person is also archived, and their name reads 削除済み.",
    )
    def erased_at(self) -> datetime | None:
        return self.model.erased_at

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "When this record was created.")
    def created_at(self) -> datetime | None:
        return self.model.created_at

    @guarded(
        PERSON_FULL,
        Scope.ALUMNI_READ,
        "Who or what created the record: user, import, api_client, webhook.",
    )
    def created_by(self) -> str | None:
        return self.model.created_by.label

    @guarded(PERSON_FULL, Scope.ALUMNI_READ, "Who or what last changed the record.")
    def updated_by(self) -> str | None:
        return self.model.updated_by.label

    @guarded(
        PERSON_CONSENT,
        Scope.ALUMNI_READ,
        "Current consents: the latest decision per purpose and channel, by purpose. A purpose "
        "and channel not listed was never asked, which counts as not consented.",
    )
    def consents(self) -> list[ConsentRecord] | None:
        return current_context().consent.current.then(
            self.model.id, lambda rows: [ConsentRecord(model=row) for row in rows]
        )

    @guarded(
        PERSON_CONSENT,
        Scope.ALUMNI_READ,
        "Every consent decision ever recorded, newest first: the ledger keeps each change.",
    )
    async def consent_history(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> ConsentRecordConnection | None:
        rows, has_next = await history_page(
            info.context,
            self.model.id,
            check_first(first),
            decode_cursor(after, CONSENT_HISTORY, datetime),
        )
        edges = [
            Edge(
                position=(CONSENT_HISTORY, row.recorded_at, row.id),
                node=ConsentRecord(model=row),
            )
            for row in rows
        ]
        return ConsentRecordConnection(edges=edges, page_info=PageInfo.after(edges, has_next))


@strawberry.type(description="A page of people.")
class PersonConnection:
    edges: list[Edge[Person]]
    page_info: PageInfo
    total_count_query: strawberry.Private[object] = None

    @strawberry.field(description="How many match the filter, across all pages.")
    async def total_count(self) -> int:
        return await self.total_count_query.count()  # type: ignore[attr-defined]


@strawberry.type(description="A page of departments.")
class DepartmentConnection:
    edges: list[Edge[Department]]
    page_info: PageInfo
