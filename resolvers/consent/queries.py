from uuid import UUID

from domain.common.paging import Position, newest_first
from domain.consent.models import ConsentRecord
from domain.consent.services import consent_history
from resolvers.context import Context


async def history_page(
    context: Context, person_id: UUID, first: int, after: Position | None
) -> tuple[list[ConsentRecord], bool]:
    """A page of one person's consent decisions, newest first."""
    return await newest_first(
        consent_history(context.viewer.organization_id, person_id),
        sort_field="recorded_at",
        first=first,
        after=after,
    )
