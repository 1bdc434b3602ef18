from domain.common.paging import Position, keyset_page
from domain.segments.models import Segment
from resolvers.context import Context


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
