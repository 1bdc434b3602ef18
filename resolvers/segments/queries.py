from uuid import UUID

from domain.accounts.models import Role
from domain.common.paging import Position, keyset_page
from domain.segments.models import Segment
from resolvers.context import Context

# Who reads segments: the staff who keep in touch (as the segments list allows).
SEGMENT_READERS = (Role.HR, Role.EXECUTIVE, Role.MANAGER)


async def segments_page(
    context: Context, first: int, after: Position | None
) -> tuple[list[Segment], bool]:
    return await keyset_page(
        Segment.filter(organization_id=context.viewer.organization_id),
        sort_field="name",
        key_field="id",
        descending=False,
        first=first,
        after=after,
    )


async def segment(context: Context, segment_id: UUID) -> Segment | None:
    """The segment, if the caller may read segments; None otherwise, as for another
    organization's."""
    viewer = context.viewer
    if viewer.role not in SEGMENT_READERS:
        return None
    return await Segment.get_or_none(id=segment_id, organization_id=viewer.organization_id)
