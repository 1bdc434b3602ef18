"""The job-opening type; each field declares who may read it."""

from datetime import datetime

import strawberry

from auth.scopes import Scope
from domain.jobs.models import JobOpening as JobOpeningModel
from resolvers import ids
from schema.common.node import Node
from schema.common.pagination import Edge, PageInfo
from schema.common.permissions import guarded
from schema.jobs.enums import EmploymentType, JobOpeningStatus
from schema.people.types import Department, Info, Person
from schema.referrals.permissions import JOB_OPENING_VISIBLE

READ = (JOB_OPENING_VISIBLE, Scope.REFERRALS_READ)


async def visible_person(info: Info, person_id: object) -> Person | None:
    if person_id is None:
        return None
    found = await info.context.people.visible_person_by_id.load(person_id)
    return None if found is None else Person(model=found[0], access=found[1])


@strawberry.type(
    description="A position to fill: referrals (and rehire applications) are made to it."
)
class JobOpening(Node):
    model: strawberry.Private[JobOpeningModel]

    @guarded(*READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("JobOpening", self.model.id))

    @guarded(*READ, "The position's title.")
    def title(self) -> str:
        return self.model.title

    @guarded(*READ, "The department it is in.")
    async def department(self, info: Info) -> Department | None:
        if self.model.department_id is None:
            return None
        found = await info.context.jobs.department_by_id.load(self.model.department_id)
        return None if found is None else Department(model=found)

    @guarded(*READ, "What the work is.")
    def description(self) -> str:
        return self.model.description

    @guarded(*READ, "Where the work is.")
    def location(self) -> str:
        return self.model.location

    @guarded(*READ, "Full time, part time, contract or internship.")
    def employment_type(self) -> EmploymentType:
        return self.model.employment_type

    @guarded(*READ, "Who works this opening's pipeline, when the caller may see them.")
    async def hiring_manager(self, info: Info) -> Person | None:
        return await visible_person(info, self.model.hiring_manager_id)

    @guarded(*READ, "DRAFT, OPEN, PAUSED or CLOSED.")
    def status(self) -> JobOpeningStatus:
        return self.model.status

    @guarded(*READ, "Alumni see it while it is open.")
    def visible_to_alumni(self) -> bool:
        return self.model.visible_to_alumni

    @guarded(*READ, "Referrals are taken while it is open.")
    def accepting_referrals(self) -> bool:
        return self.model.accepting_referrals

    @guarded(*READ, "When the status last changed.")
    def status_changed_at(self) -> datetime:
        return self.model.status_changed_at

    @guarded(*READ, "When it was created.")
    def created_at(self) -> datetime:
        return self.model.created_at


@strawberry.type(description="A page of job openings.")
class JobOpeningConnection:
    edges: list[Edge[JobOpening]]
    page_info: PageInfo
    total_count_query: strawberry.Private[object] = None

    @strawberry.field(description="How many match, across all pages.")
    async def total_count(self) -> int:
        return await self.total_count_query.count()  # type: ignore[attr-defined]


def job_opening_connection(
    listing: str, rows: list[JobOpeningModel], has_next: bool, matching: object
) -> JobOpeningConnection:
    """A page of openings, newest first, with cursors of `listing`."""
    edges = [
        Edge(position=(listing, row.created_at, row.id), node=JobOpening(model=row)) for row in rows
    ]
    return JobOpeningConnection(
        edges=edges, page_info=PageInfo.after(edges, has_next), total_count_query=matching
    )
