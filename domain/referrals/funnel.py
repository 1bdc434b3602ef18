"""The referral funnel for executives: of the referrals submitted in a period, how many
reached each stage, where they are now, per source, and how many became hires. Counted in
SQL; each referral reaches a stage at most once (the stages never loop), so the history rows
of a stage count referrals."""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from tortoise.expressions import Subquery
from tortoise.functions import Count

from domain.common import clock
from domain.referrals import claims
from domain.referrals.models import (
    Referral,
    ReferralSource,
    ReferralStage,
    ReferralStageChange,
)
from domain.referrals.transitions import FINAL


@dataclass(frozen=True)
class StageCount:
    stage: ReferralStage
    reached: int  # ever got to this stage
    current: int  # are at it now (expired ones included: see `expired`)


@dataclass(frozen=True)
class SourceCount:
    source: ReferralSource
    submitted: int
    hired: int


@dataclass(frozen=True)
class Funnel:
    submitted: int
    stages: list[StageCount]
    sources: list[SourceCount]
    expired: int  # still at an open stage, without a live claim (see claims.held)

    @property
    def hire_rate(self) -> float | None:
        hired = next(s.reached for s in self.stages if s.stage == ReferralStage.HIRED)
        return None if not self.submitted else hired / self.submitted


async def referral_funnel(organization_id: UUID, time_zone: str, start: date, end: date) -> Funnel:
    since = clock.start_of_day(start, time_zone)
    until = clock.start_of_day(end + timedelta(days=1), time_zone)
    referrals = Referral.filter(
        organization_id=organization_id, created_at__gte=since, created_at__lt=until
    )
    current = dict(
        await referrals.annotate(count=Count("id")).group_by("stage").values_list("stage", "count")
    )
    reached_rows = (
        await ReferralStageChange.filter(
            organization_id=organization_id,
            referral__created_at__gte=since,
            referral__created_at__lt=until,
        )
        .annotate(count=Count("id"))
        .group_by("to_stage", "referral__source")
        .values_list("to_stage", "referral__source", "count")
    )
    reached: dict[ReferralStage, int] = dict.fromkeys(ReferralStage, 0)
    by_source = {source: [0, 0] for source in ReferralSource}
    for stage, source, count in reached_rows:
        reached[ReferralStage(stage)] += count
        if stage == ReferralStage.SUBMITTED:
            by_source[ReferralSource(source)][0] += count
        elif stage == ReferralStage.HIRED:
            by_source[ReferralSource(source)][1] += count
    # Expired as the referral itself says: open, without a live claim.
    holding = claims.held(organization_id, clock.now()).values("referral_id")
    expired = (
        await referrals.filter(stage__not_in=list(FINAL)).exclude(id__in=Subquery(holding)).count()
    )
    return Funnel(
        submitted=sum(current.values()),
        stages=[
            StageCount(stage, reached[stage], current.get(stage, 0)) for stage in ReferralStage
        ],
        sources=[SourceCount(s, *counts) for s, counts in by_source.items()],
        expired=expired,
    )
