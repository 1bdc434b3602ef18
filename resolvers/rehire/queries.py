from datetime import date
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.common.paging import Position, newest_first
from domain.rehire import funnel
from domain.rehire.access import visible
from domain.rehire.models import RehireApplication, RehirePolicy, RehireStage
from domain.rehire.policy import current_policy
from resolvers.context import Context
from resolvers.jobs.queries import in_pipeline


async def applications_page(
    context: Context,
    opening_id: UUID | None,
    stages: list[RehireStage],
    mine: bool,
    first: int,
    after: Position | None,
) -> tuple[list[RehireApplication], bool, QuerySet]:
    """The applications the caller may see, newest first; `mine`: only their own."""
    owner = {"applicant_id": context.viewer.person_id} if mine else {}
    matching = in_pipeline(visible(context.viewer), opening_id, stages, owner)
    rows, has_next = await newest_first(
        matching.select_related("opening", "policy"),
        sort_field="created_at",
        first=first,
        after=after,
    )
    return rows, has_next, matching


async def application(context: Context, application_id: UUID) -> RehireApplication | None:
    return (
        await visible(context.viewer)
        .filter(id=application_id)
        .select_related("opening", "policy")
        .first()
    )


async def policy(context: Context, version: int | None) -> RehirePolicy | None:
    organization_id = context.viewer.organization_id
    if version is None:
        return await current_policy(organization_id)
    return await RehirePolicy.get_or_none(organization_id=organization_id, version=version)


async def rehire_funnel(context: Context, start: date, end: date) -> funnel.Funnel:
    organization = context.require_member().organization
    assert organization is not None
    return await funnel.rehire_funnel(organization.id, organization.time_zone, start, end)
