"""Exit-reason analytics for hr and executives.

Over the exit interviews of departures whose leave date lies in a range (both ends included);
cancelled off-boardings do not count. Two GROUP BY queries count interviews and reasons per
department, leave year and whole years of tenure (of the employment period that ended);
Python only folds those groups into the answer. "Themes" are kept honest and simple: the
reasons with their share of interviews, most frequent first, and (for hr and executives, in
`escalated_feedback`) the free texts whose feedback should reach the organization.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from domain.offboarding.models import ExitInterview, ExitReason, Offboarding

MAX_DEPARTMENTS = 100


class TenureBand(StrEnum):
    UNDER_ONE_YEAR = "under_one_year"
    ONE_TO_THREE_YEARS = "one_to_three_years"
    THREE_TO_FIVE_YEARS = "three_to_five_years"
    FIVE_TO_TEN_YEARS = "five_to_ten_years"
    TEN_YEARS_OR_MORE = "ten_years_or_more"


# Whole years of tenure below each bound → band; the rest is TEN_YEARS_OR_MORE.
BAND_BOUNDS = (
    (1, TenureBand.UNDER_ONE_YEAR),
    (3, TenureBand.ONE_TO_THREE_YEARS),
    (5, TenureBand.THREE_TO_FIVE_YEARS),
    (10, TenureBand.FIVE_TO_TEN_YEARS),
)


def band_of(whole_years: int) -> TenureBand:
    for bound, band in BAND_BOUNDS:
        if whole_years < bound:
            return band
    return TenureBand.TEN_YEARS_OR_MORE


@dataclass(frozen=True)
class ReasonCount:
    reason: ExitReason
    count: int
    share: float  # of the interviews counted beside it: count / interviews


@dataclass(frozen=True)
class Breakdown:
    key: Any  # a department id (None: no department), a year or a TenureBand
    name: str | None  # the department's name
    interviews: int
    reasons: list[ReasonCount]


@dataclass(frozen=True)
class ExitAnalytics:
    interviews: int
    reasons: list[ReasonCount]  # every reason given (several per interview)
    primary_reasons: list[ReasonCount]
    by_department: list[Breakdown]  # at most MAX_DEPARTMENTS, most interviews first
    by_year: list[Breakdown]  # year of the leave date, oldest first
    by_tenure: list[Breakdown]  # every band, shortest first
    come_back_answers: int
    come_back_average: float | None
    come_back_distribution: list[int]  # index: the score 0–10
    escalated: int


# Per dialect: the leave year and the whole years of tenure, from dates.
EXPRESSIONS = {
    "sqlite": (
        "CAST(strftime('%Y', o.leave_date) AS INTEGER)",
        "(CAST(strftime('%Y%m%d', o.leave_date) AS INTEGER)"
        " - CAST(strftime('%Y%m%d', p.hire_date) AS INTEGER)) / 10000",
    ),
    "postgres": (
        "CAST(EXTRACT(YEAR FROM o.leave_date) AS INTEGER)",
        "(CAST(to_char(o.leave_date, 'YYYYMMDD') AS INTEGER)"
        " - CAST(to_char(p.hire_date, 'YYYYMMDD') AS INTEGER)) / 10000",
    ),
}
GROUPS = """
SELECT p.department_id AS department_id, d.name AS department_name,
       {year} AS leave_year, {tenure} AS tenure_years, {columns}, COUNT(*) AS n
FROM exit_interview i
JOIN offboarding o ON o.id = i.offboarding_id
JOIN employment_period p ON p.id = o.employment_period_id
LEFT JOIN department d ON d.id = p.department_id
{join}
WHERE o.organization_id = {0} AND o.cancelled_at IS NULL
  AND o.leave_date >= {1} AND o.leave_date <= {2}
GROUP BY {positions}
"""
INTERVIEW_COLUMNS = [
    "i.primary_reason AS primary_reason",
    "i.come_back_likelihood AS score",
    "i.feedback_escalated AS escalated",
]
REASON_JOIN = "JOIN exit_interview_reason r ON r.interview_id = i.id"


async def _groups(
    organization_id: UUID, start: date, end: date, columns: list[str], join: str = ""
) -> list[dict[str, Any]]:
    """Interviews (or, with the reason join, reasons) counted per department, leave year,
    whole years of tenure and `columns`."""
    connection = connections.get("default")
    postgres = connection.capabilities.dialect == "postgres"
    year, tenure = EXPRESSIONS["postgres" if postgres else "sqlite"]
    marks = ("$1", "$2", "$3") if postgres else ("?", "?", "?")
    values: list[Any] = [organization_id, start, end]
    if not postgres:
        values = [str(value) for value in values]
    positions = ", ".join(str(n) for n in range(1, 5 + len(columns)))
    sql = GROUPS.format(
        *marks,
        year=year,
        tenure=tenure,
        columns=", ".join(columns),
        join=join,
        positions=positions,
    )
    rows = await connection.execute_query_dict(sql, values)
    for row in rows:
        given = row["department_id"]
        row["department_id"] = None if given is None else UUID(str(given))
        row["band"] = band_of(row["tenure_years"])
    return rows


def _ranked(counts: Counter, interviews: int) -> list[ReasonCount]:
    order = list(ExitReason)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    return [ReasonCount(ExitReason(r), n, n / interviews) for r, n in ranked if n]


def _breakdown(
    interviews: list[dict[str, Any]], reasons: list[dict[str, Any]], dimension: str
) -> dict[Any, Breakdown]:
    totals: Counter = Counter()
    names: dict[Any, str | None] = {}
    for row in interviews:
        totals[row[dimension]] += row["n"]
        names[row[dimension]] = row["department_name"]
    mentions: dict[Any, Counter] = defaultdict(Counter)
    for row in reasons:
        mentions[row[dimension]][row["reason"]] += row["n"]
    return {
        key: Breakdown(
            key,
            names[key] if dimension == "department_id" else None,
            total,
            _ranked(mentions[key], total),
        )
        for key, total in totals.items()
    }


async def exit_analytics(organization_id: UUID, start: date, end: date) -> ExitAnalytics:
    interviews = await _groups(organization_id, start, end, INTERVIEW_COLUMNS)
    reasons = await _groups(organization_id, start, end, ["r.reason AS reason"], REASON_JOIN)
    total = sum(row["n"] for row in interviews)
    scores = [0] * 11
    primary: Counter = Counter()
    for row in interviews:
        primary[row["primary_reason"]] += row["n"]
        if row["score"] is not None:
            scores[row["score"]] += row["n"]
    answers = sum(scores)
    departments = sorted(
        _breakdown(interviews, reasons, "department_id").values(),
        key=lambda group: (-group.interviews, group.name or ""),
    )
    tenure = _breakdown(interviews, reasons, "band")
    return ExitAnalytics(
        interviews=total,
        reasons=_ranked(_mentions(reasons), total),
        primary_reasons=_ranked(primary, total),
        by_department=departments[:MAX_DEPARTMENTS],
        by_year=sorted(
            _breakdown(interviews, reasons, "leave_year").values(), key=lambda group: group.key
        ),
        by_tenure=[tenure.get(band) or Breakdown(band, None, 0, []) for band in TenureBand],
        come_back_answers=answers,
        come_back_average=(
            sum(score * n for score, n in enumerate(scores)) / answers if answers else None
        ),
        come_back_distribution=scores,
        escalated=sum(row["n"] for row in interviews if row["escalated"]),
    )


def _mentions(reasons: list[dict[str, Any]]) -> Counter:
    found: Counter = Counter()
    for row in reasons:
        found[row["reason"]] += row["n"]
    return found


def escalated_feedback(organization_id: UUID, start: date, end: date) -> QuerySet[Offboarding]:
    """Off-boardings in the range whose exit feedback should reach the organization."""
    escalated = ExitInterview.filter(organization_id=organization_id, feedback_escalated=True)
    return Offboarding.filter(
        organization_id=organization_id,
        cancelled_at=None,
        leave_date__gte=start,
        leave_date__lte=end,
        id__in=Subquery(escalated.values("offboarding_id")),
    )
