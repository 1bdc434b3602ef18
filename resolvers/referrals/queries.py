from datetime import date
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.common.paging import Position, newest_first
from domain.referrals import funnel
from domain.referrals.access import visible
from domain.referrals.models import Referral, ReferralStage
from resolvers.context import Context
from resolvers.jobs.queries import in_pipeline


async def referrals_page(
    context: Context,
    opening_id: UUID | None,
    stages: list[ReferralStage],
    mine: bool,
    first: int,
    after: Position | None,
) -> tuple[list[Referral], bool, QuerySet]:
    """The referrals the caller may see, newest first; `mine`: only those they made."""
    owner = {"referrer_id": context.viewer.person_id} if mine else {}
    matching = in_pipeline(visible(context.viewer), opening_id, stages, owner)
    rows, has_next = await newest_first(
        matching.select_related("opening"), sort_field="created_at", first=first, after=after
    )
    return rows, has_next, matching


async def referral(context: Context, referral_id: UUID) -> Referral | None:
    return await visible(context.viewer).filter(id=referral_id).select_related("opening").first()


async def referral_funnel(context: Context, start: date, end: date) -> funnel.Funnel:
    organization = context.require_member().organization
    assert organization is not None
    return await funnel.referral_funnel(organization.id, organization.time_zone, start, end)
