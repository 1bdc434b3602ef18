"""Query and mutation fields of keep-in-touch: nudges and logging touchpoints."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry

from auth.scopes import Scope
from domain.common.paging import Position
from domain.people.access import Access
from domain.touchpoints.queries import MAX_NUDGE_DAYS, MIN_NUDGE_DAYS, Nudge
from resolvers.errors import BadUserInput
from resolvers.touchpoints import queries
from resolvers.touchpoints.mutations.touchpoint_log import touchpoint_log
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    Edge,
    PageInfo,
    check_first,
    decode_cursor,
)
from schema.common.permissions import STAFF_WHO_MANAGE, guarded, guarded_mutation
from schema.people.types import Info, Person
from schema.touchpoints.errors import TouchpointError
from schema.touchpoints.inputs import TouchpointLogInput
from schema.touchpoints.payloads import TouchpointLogPayload
from schema.touchpoints.types import Touchpoint, TouchpointKind

DEFAULT_NUDGE_DAYS = 90
# A never-contacted row has no time to continue after: its cursor names another listing.
CONTACTED, NEVER_CONTACTED = "nudges", "nudges:never"


@strawberry.type(description="Someone to get in touch with, and how long it has been.")
class NudgeItem:
    nudge: strawberry.Private[Nudge]

    @strawberry.field(description="The alumnus.")
    def person(self) -> Person:
        profile = self.nudge.profile
        return Person(model=profile.person, access=Access.FULL, profile=profile)

    @strawberry.field(description="Whole days since the last touchpoint; null if never.")
    def days_since_last_touchpoint(self) -> int | None:
        return self.nudge.days_since_last_touchpoint

    @strawberry.field(description="When the last touchpoint happened; null if never.")
    def last_touchpoint_at(self) -> datetime | None:
        return self.nudge.profile.last_touchpoint_at

    @strawberry.field(description="What the last touchpoint was; null if never.")
    def last_touchpoint_kind(self) -> TouchpointKind | None:
        return self.nudge.last_touchpoint_kind


@strawberry.type(description="A page of nudges, longest silence first.")
class NudgeConnection:
    edges: list[Edge[NudgeItem]]
    page_info: PageInfo


def _nudge_cursor(nudge: Nudge) -> tuple[str, Any, UUID]:
    last = nudge.profile.last_touchpoint_at
    if last is None:
        return (NEVER_CONTACTED, "", nudge.profile.person_id)
    return (CONTACTED, last, nudge.profile.person_id)


def _nudge_position(after: str | None) -> Position | None:
    try:
        return decode_cursor(after, CONTACTED, datetime)
    except BadUserInput:
        never = decode_cursor(after, NEVER_CONTACTED, str)
        assert never is not None
        return Position(value=None, key=never.key)


@strawberry.type
class TouchpointQuery:
    @guarded(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_READ,
        "Whom to get in touch with next: alumni with no touchpoint in `days` days (or never), "
        "eligible or conditionally eligible for rehire, who granted community consent by "
        "email. Never contacted first, then the longest silence. hr and executives: all "
        "alumni; managers: their former reports.",
    )
    async def nudges(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        days: Annotated[
            int,
            strawberry.argument(
                description=f"Silent for at least this many days ({MIN_NUDGE_DAYS}–"
                f"{MAX_NUDGE_DAYS})."
            ),
        ] = DEFAULT_NUDGE_DAYS,
    ) -> NudgeConnection:
        if not MIN_NUDGE_DAYS <= days <= MAX_NUDGE_DAYS:
            raise BadUserInput(
                f"`days` must be between {MIN_NUDGE_DAYS} and {MAX_NUDGE_DAYS}, got {days}.",
                field="days",
            )
        nudges, has_next = await queries.nudges_page(
            info.context, days, check_first(first), _nudge_position(after)
        )
        edges = [Edge(position=_nudge_cursor(n), node=NudgeItem(nudge=n)) for n in nudges]
        return NudgeConnection(edges=edges, page_info=PageInfo.after(edges, has_next))


@strawberry.type
class TouchpointMutation:
    @guarded_mutation(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_WRITE,
        "Log a touchpoint on an alumnus's timeline; their last touchpoint moves forward to it "
        "(never back). hr and executives for every alumnus, managers for their former reports.",
    )
    async def touchpoint_log(self, info: Info, input: TouchpointLogInput) -> TouchpointLogPayload:
        touchpoint, errors = await touchpoint_log(info.context, input)
        return TouchpointLogPayload(
            touchpoint=None if touchpoint is None else Touchpoint(model=touchpoint),
            errors=[TouchpointError(field=e.field, code=e.code, message=e.message) for e in errors],
        )
