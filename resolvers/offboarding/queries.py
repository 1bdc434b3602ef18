from datetime import date
from uuid import UUID

from tortoise.queryset import QuerySet

from domain.common.paging import Position, keyset_page
from domain.offboarding import analytics
from domain.offboarding.access import visible
from domain.offboarding.models import Offboarding, OffboardingStatus
from domain.offboarding.status import having_status
from resolvers.context import Context


async def offboardings_page(
    context: Context, status: OffboardingStatus | None, first: int, after: Position | None
) -> tuple[list[Offboarding], bool, QuerySet]:
    """The off-boardings the caller may see, by leave date."""
    matching = visible(context.viewer)
    if status is not None:
        matching = matching.filter(having_status(status, context.today))
    rows, has_next = await keyset_page(
        matching,
        sort_field="leave_date",
        key_field="id",
        descending=False,
        first=first,
        after=after,
    )
    return rows, has_next, matching


async def offboarding(context: Context, offboarding_id: UUID) -> Offboarding | None:
    return await visible(context.viewer).filter(id=offboarding_id).first()


async def exit_analytics(context: Context, start: date, end: date) -> analytics.ExitAnalytics:
    return await analytics.exit_analytics(context.viewer.organization_id, start, end)


async def escalated_page(
    context: Context, start: date, end: date, first: int, after: Position | None
) -> tuple[list[Offboarding], bool, QuerySet]:
    """Off-boardings whose exit feedback should reach the organization, latest leave first."""
    matching = analytics.escalated_feedback(context.viewer.organization_id, start, end)
    rows, has_next = await keyset_page(
        matching, sort_field="leave_date", key_field="id", descending=True, first=first, after=after
    )
    return rows, has_next, matching
