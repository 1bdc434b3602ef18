from uuid import UUID

from tortoise.queryset import QuerySet

from domain.common.paging import Position, newest_first
from domain.jobs.access import visible
from domain.jobs.models import JobOpening, OpeningStatus
from resolvers.context import Context


async def openings_page(
    context: Context,
    statuses: list[OpeningStatus],
    department_id: UUID | None,
    first: int,
    after: Position | None,
) -> tuple[list[JobOpening], bool, QuerySet]:
    """The openings the caller may see, newest first."""
    matching = visible(context.viewer)
    if statuses:
        matching = matching.filter(status__in=statuses)
    if department_id is not None:
        matching = matching.filter(department_id=department_id)
    rows, has_next = await newest_first(matching, sort_field="created_at", first=first, after=after)
    return rows, has_next, matching


async def opening(context: Context, opening_id: UUID) -> JobOpening | None:
    return await visible(context.viewer).filter(id=opening_id).first()
