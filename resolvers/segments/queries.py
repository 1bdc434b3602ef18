from uuid import UUID

from domain.accounts.models import Role
from domain.segments.models import Segment
from resolvers.context import Context

# Who reads segments: the staff who keep in touch (as the segments list allows).
SEGMENT_READERS = (Role.HR, Role.EXECUTIVE, Role.MANAGER)


async def segment(context: Context, segment_id: UUID) -> Segment | None:
    """The segment, if the caller may read segments; None otherwise, as for another
    organization's."""
    viewer = context.viewer
    if viewer.role not in SEGMENT_READERS:
        return None
    return await Segment.get_or_none(id=segment_id, organization_id=viewer.organization_id)
