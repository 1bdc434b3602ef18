from uuid import UUID

from domain.accounts.models import Role
from domain.common.paging import Position
from domain.people.access import Access
from domain.touchpoints import queries
from domain.touchpoints.models import Touchpoint
from resolvers.context import Context

# Who reads timelines: hr and executives every one, a manager their reports' (never their own).
TIMELINE_READERS = (Role.HR, Role.EXECUTIVE, Role.MANAGER)


async def nudges_page(
    context: Context, days: int, first: int, after: Position | None
) -> tuple[list[queries.Nudge], bool]:
    """Everyone listed is the viewer's to contact and seen in full (hr and executives: all;
    managers: their former reports)."""
    nudges, has_next = await queries.nudges_page(context.viewer, days, first, after)
    person_ids = [nudge.profile.person_id for nudge in nudges]
    await context.people.preload_page(person_ids)
    context.people.profiles.remember({nudge.profile.person_id: nudge.profile for nudge in nudges})
    return nudges, has_next


async def timeline_page(
    context: Context, person_id: UUID, first: int, after: Position | None
) -> tuple[list[Touchpoint], bool]:
    return await queries.timeline_page(context.viewer.organization_id, person_id, first, after)


async def touchpoint(context: Context, touchpoint_id: UUID) -> Touchpoint | None:
    """The touchpoint, if the caller may read the timeline it is on (as Person.touchpoints
    allows); None otherwise, as for another organization's."""
    viewer = context.viewer
    if viewer.role not in TIMELINE_READERS:
        return None
    found = await Touchpoint.get_or_none(id=touchpoint_id, organization_id=viewer.organization_id)
    if found is None or viewer.sees_everyone:
        return found
    person = await context.people.visible_person_by_id.load(found.person_id)
    if person is None or person[1] is not Access.FULL or found.person_id == viewer.person_id:
        return None
    return found
