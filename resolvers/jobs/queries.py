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


def in_pipeline(
    matching: QuerySet, opening_id: UUID | None, stages: list, owner: dict[str, UUID | None]
) -> QuerySet:
    """A pipeline's list (referrals, rehire applications) narrowed to one opening, to some
    stages, and to its owner's rows (`mine`: e.g. {"referrer_id": the caller}); an empty
    argument narrows nothing."""
    if opening_id is not None:
        matching = matching.filter(opening_id=opening_id)
    if stages:
        matching = matching.filter(stage__in=stages)
    return matching.filter(**owner) if owner else matching
