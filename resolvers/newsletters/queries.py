from domain.common.paging import Position, newest_first
from domain.newsletters.models import DeliveryStatus, Newsletter
from domain.newsletters.services import delivery_counts, newsletters
from resolvers.context import Context


async def newsletters_page(
    context: Context, first: int, after: Position | None
) -> tuple[list[tuple[Newsletter, dict[DeliveryStatus, int]]], bool]:
    """A page of the organization's newsletters, newest first, each with its delivery counts
    (two queries, whatever the page size)."""
    organization_id = context.viewer.organization_id
    rows, has_next = await newest_first(
        newsletters(organization_id), sort_field="created_at", first=first, after=after
    )
    counts = await delivery_counts(organization_id, [row.id for row in rows])
    return [(row, counts[row.id]) for row in rows], has_next
