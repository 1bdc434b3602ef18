"""Off-boarding and exit-interview types; each field declares who may read it.

An off-boarding is reached only by those who may see it (hr, executives, the manager of the
period that ends); its exit interview only by hr and executives, in their own sessions.
"""

from datetime import date, datetime

import strawberry

from auth.scopes import AppAccess, Scope
from domain.offboarding.models import CHECKLIST_COLUMNS
from domain.offboarding.models import ChecklistItem as ChecklistItemValue
from domain.offboarding.models import ExitInterview as ExitInterviewModel
from domain.offboarding.models import Offboarding as OffboardingModel
from domain.offboarding.status import status_of
from resolvers import ids
from schema.common.node import Node
from schema.common.pagination import Edge, PageInfo
from schema.common.permissions import HR_OR_EXECUTIVE, OFFBOARDING_VISIBLE, guarded
from schema.offboarding.enums import (
    ExitReason,
    OffboardingChecklistItem,
    OffboardingSource,
    OffboardingStatus,
)
from schema.people.types import Info, Person

INTERVIEW = (HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY)


async def _visible_person(info: Info, person_id: object) -> Person | None:
    if person_id is None:
        return None
    found = await info.context.people.visible_person_by_id.load(person_id)
    return None if found is None else Person(model=found[0], access=found[1])


@strawberry.type(description="One checklist item of an off-boarding.")
class OffboardingChecklistEntry:
    item: OffboardingChecklistItem
    done_at: datetime | None = strawberry.field(description="When it was done; null: not yet.")
    recorded_by: str | None = strawberry.field(
        description="Who recorded it as done (`user:<id>`, `api_client:<id>` …)."
    )
    sender_id: strawberry.Private[object] = None

    @strawberry.field(
        description="POSITIVE_MESSAGE only: who sent it (the manager or an executive), when "
        "the viewer may see them."
    )
    async def sent_by(self, info: Info) -> Person | None:
        return await _visible_person(info, self.sender_id)


@strawberry.type(description="Why someone left, in their words: hr and executives only.")
class ExitInterview:
    model: strawberry.Private[ExitInterviewModel]

    @guarded(*INTERVIEW, "Every reason given, in the order of the ExitReason list.")
    async def reasons(self, info: Info) -> list[ExitReason]:
        return await info.context.offboarding.reasons_by_interview.load(self.model.id)

    @guarded(*INTERVIEW, "The main reason, one of `reasons`.")
    def primary_reason(self) -> ExitReason:
        return self.model.primary_reason

    @guarded(*INTERVIEW, "What the person said, in their words.")
    def free_text(self) -> str:
        return self.model.free_text

    @guarded(*INTERVIEW, "How likely they are to come back, 0–10; null when not answered.")
    def come_back_likelihood(self) -> int | None:
        return self.model.come_back_likelihood

    @guarded(*INTERVIEW, "The feedback should reach the organization.")
    def feedback_escalated(self) -> bool:
        return self.model.feedback_escalated

    @guarded(*INTERVIEW, "When the answers were (last) recorded.")
    def recorded_at(self) -> datetime:
        return self.model.recorded_at

    @guarded(*INTERVIEW, "Who recorded them.")
    def recorded_by(self) -> str:
        return self.model.recorded_by


@strawberry.type(
    description="Off-boarding a departing employee: the departure, a checklist that ends "
    "the relationship well, and the exit interview."
)
class Offboarding(Node):
    model: strawberry.Private[OffboardingModel]

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Offboarding", self.model.id))

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "The departing person.")
    async def person(self, info: Info) -> Person | None:
        return await _visible_person(info, self.model.person_id)

    @guarded(
        OFFBOARDING_VISIBLE,
        Scope.ALUMNI_READ,
        "Last day of employment: from this date the person is an alumnus.",
    )
    def leave_date(self) -> date:
        return self.model.leave_date

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "Who started it: hr, manager, HRIS or IMPORT.")
    def source(self) -> OffboardingSource:
        return self.model.source

    @guarded(
        OFFBOARDING_VISIBLE,
        Scope.ALUMNI_READ,
        "OPEN, COMPLETED (every item done, or imported, and the leave date has come) or CANCELLED.",
    )
    def status(self, info: Info) -> OffboardingStatus:
        return status_of(self.model, info.context.today)

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "When it was started.")
    def started_at(self) -> datetime:
        return self.model.created_at

    @guarded(
        OFFBOARDING_VISIBLE,
        Scope.ALUMNI_READ,
        "Who started it: `user:<id>`, `api_client:<id>` or `webhook:hris:<provider>`.",
    )
    def started_by(self) -> str:
        return self.model.created_by.label

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "The checklist, one entry per item.")
    def checklist(self) -> list[OffboardingChecklistEntry]:
        entries = []
        for item, (done_at, recorded_by) in CHECKLIST_COLUMNS.items():
            entries.append(
                OffboardingChecklistEntry(
                    item=item,
                    done_at=getattr(self.model, done_at),
                    recorded_by=getattr(self.model, recorded_by),
                    sender_id=self.model.positive_message_sender_id
                    if item is ChecklistItemValue.POSITIVE_MESSAGE
                    else None,
                )
            )
        return entries

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "When it was cancelled; null if not.")
    def cancelled_at(self) -> datetime | None:
        return self.model.cancelled_at

    @guarded(OFFBOARDING_VISIBLE, Scope.ALUMNI_READ, "Who cancelled it.")
    def cancelled_by(self) -> str | None:
        return self.model.cancelled_by

    @guarded(*INTERVIEW, "The exit interview; null until recorded.")
    async def exit_interview(self, info: Info) -> ExitInterview | None:
        found = await info.context.offboarding.interview_by_offboarding.load(self.model.id)
        return None if found is None else ExitInterview(model=found)


@strawberry.type(description="A page of off-boardings.")
class OffboardingConnection:
    edges: list[Edge[Offboarding]]
    page_info: PageInfo
    total_count_query: strawberry.Private[object] = None

    @strawberry.field(description="How many match, across all pages.")
    async def total_count(self) -> int:
        return await self.total_count_query.count()  # type: ignore[attr-defined]


def offboarding_connection(
    listing: str, rows: list[OffboardingModel], has_next: bool, matching: object
) -> OffboardingConnection:
    """A page of off-boardings ordered by leave date, with cursors of `listing`."""
    edges = [
        Edge(position=(listing, row.leave_date, row.id), node=Offboarding(model=row))
        for row in rows
    ]
    return OffboardingConnection(
        edges=edges, page_info=PageInfo.after(edges, has_next), total_count_query=matching
    )
