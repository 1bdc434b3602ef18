"""Exit-reason analytics: counts only, except the escalated feedback, which lists
individual answers and so is for hr's and executives' own sessions."""

from datetime import date

import strawberry

from auth.scopes import AppAccess, Scope
from domain.offboarding import analytics
from domain.people.page_rows import DepartmentRow
from resolvers.offboarding import queries
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    check_first,
    decode_cursor,
)
from schema.common.permissions import HR_OR_EXECUTIVE, guarded
from schema.offboarding.enums import ExitReason, TenureBand
from schema.offboarding.types import OffboardingConnection, offboarding_connection
from schema.people.types import Department, Info

COUNTS = (HR_OR_EXECUTIVE, Scope.ANALYTICS_READ)
LISTING = "escalatedFeedback"


@strawberry.type(description="How often a reason was given.")
class ExitReasonCount:
    reason: ExitReason
    count: int
    share: float = strawberry.field(
        description="count ÷ the interviews counted beside it (0–1); reasons are several "
        "per interview, so shares add up to more than 1."
    )


def _counts(found: list[analytics.ReasonCount]) -> list[ExitReasonCount]:
    return [ExitReasonCount(reason=c.reason, count=c.count, share=c.share) for c in found]


@strawberry.type(description="The interviews of one department, leave year or tenure band.")
class ExitReasonBreakdown:
    group: strawberry.Private[analytics.Breakdown]
    dimension: strawberry.Private[str]

    @strawberry.field(description="byDepartment: the department (null: none recorded).")
    def department(self) -> Department | None:
        if self.dimension != "department" or self.group.key is None:
            return None
        return Department(model=DepartmentRow(self.group.key, self.group.name or ""))

    @strawberry.field(description="byYear: the year of the leave date.")
    def year(self) -> int | None:
        return self.group.key if self.dimension == "year" else None

    @strawberry.field(description="byTenure: the band.")
    def tenure(self) -> TenureBand | None:
        return self.group.key if self.dimension == "tenure" else None

    @strawberry.field(description="Exit interviews in this group.")
    def interviews(self) -> int:
        return self.group.interviews

    @strawberry.field(description="Reasons given in this group, most frequent first.")
    def reasons(self) -> list[ExitReasonCount]:
        return _counts(self.group.reasons)


def _breakdowns(groups: list[analytics.Breakdown], dimension: str) -> list[ExitReasonBreakdown]:
    return [ExitReasonBreakdown(group=group, dimension=dimension) for group in groups]


@strawberry.type(
    description="Why people left, over the exit interviews of departures with a leave date "
    "from `from` to `to` (both included); cancelled off-boardings do not count."
)
class ExitAnalytics:
    start: strawberry.Private[date]
    end: strawberry.Private[date]
    result: strawberry.Private[analytics.ExitAnalytics]

    @guarded(*COUNTS, "Exit interviews counted.")
    def interviews(self) -> int:
        return self.result.interviews

    @guarded(
        *COUNTS,
        "The themes: every reason given with its share of interviews, most frequent first.",
    )
    def reasons(self) -> list[ExitReasonCount]:
        return _counts(self.result.reasons)

    @guarded(*COUNTS, "Primary reasons, most frequent first.")
    def primary_reasons(self) -> list[ExitReasonCount]:
        return _counts(self.result.primary_reasons)

    @guarded(
        *COUNTS,
        "Per department of the employment period that ended, most interviews first (at most "
        f"{analytics.MAX_DEPARTMENTS}).",
    )
    def by_department(self) -> list[ExitReasonBreakdown]:
        return _breakdowns(self.result.by_department, "department")

    @guarded(*COUNTS, "Per year of the leave date, oldest first.")
    def by_year(self) -> list[ExitReasonBreakdown]:
        return _breakdowns(self.result.by_year, "year")

    @guarded(*COUNTS, "Per tenure band, every band, shortest first.")
    def by_tenure(self) -> list[ExitReasonBreakdown]:
        return _breakdowns(self.result.by_tenure, "tenure")

    @guarded(*COUNTS, "Interviews that answered how likely they are to come back.")
    def come_back_answers(self) -> int:
        return self.result.come_back_answers

    @guarded(*COUNTS, "Average likelihood to come back (0–10); null without answers.")
    def come_back_average(self) -> float | None:
        return self.result.come_back_average

    @guarded(*COUNTS, "How many answered each score: 11 counts, for 0 to 10.")
    def come_back_distribution(self) -> list[int]:
        return self.result.come_back_distribution

    @guarded(*COUNTS, "Interviews whose feedback should reach the organization.")
    def escalated_count(self) -> int:
        return self.result.escalated

    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "The off-boardings whose feedback should reach the organization, latest leave date "
        "first: read their `exitInterview` for the person's words.",
    )
    async def escalated_feedback(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> OffboardingConnection:
        rows, has_next, matching = await queries.escalated_page(
            info.context,
            self.start,
            self.end,
            check_first(first),
            decode_cursor(after, LISTING, date),
        )
        return offboarding_connection(LISTING, rows, has_next, matching)
