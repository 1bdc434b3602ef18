from uuid import UUID

from domain.common.paging import Position
from domain.touchpoints import queries
from domain.touchpoints.models import Touchpoint
from resolvers.context import Context


async def nudges_page(
    context: Context, days: int, first: int, after: Position | None
) -> tuple[list[queries.Nudge], bool]:
    """Everyone listed is the viewer's to contact and seen in full (hr and executives: all;
    managers: their former reports)."""
    nudges, has_next = await queries.nudges_page(context.viewer, days, first, after)
    person_ids = [nudge.profile.person_id for nudge in nudges]
    await context.people.preload_page(person_ids)
    for nudge in nudges:
        context.people.profile_by_person.prime(nudge.profile.person_id, nudge.profile)
    return nudges, has_next


async def timeline_page(
    context: Context, person_id: UUID, first: int, after: Position | None
) -> tuple[list[Touchpoint], bool]:
    return await queries.timeline_page(context.viewer.organization_id, person_id, first, after)
