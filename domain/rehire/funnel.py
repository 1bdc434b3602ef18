"""The rehire funnel for executives: of the applications made in a period, how many reached
each stage, where they are now, and how many became hires. Counted in SQL from the history
rows: each application reaches a stage at most once (the stages never loop)."""

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from tortoise.functions import Count

from domain.common import clock
from domain.rehire.models import RehireApplication, RehireStage, RehireStageChange


@dataclass(frozen=True)
class StageCount:
    stage: RehireStage
    reached: int  # ever got to this stage
    current: int  # are at it now


@dataclass(frozen=True)
class Funnel:
    applied: int
    stages: list[StageCount]

    @property
    def hire_rate(self) -> float | None:
        hired = next(s.reached for s in self.stages if s.stage == RehireStage.HIRED)
        return None if not self.applied else hired / self.applied


async def rehire_funnel(organization_id: UUID, time_zone: str, start: date, end: date) -> Funnel:
    since = clock.start_of_day(start, time_zone)
    until = clock.start_of_day(end + timedelta(days=1), time_zone)
    applications = RehireApplication.filter(
        organization_id=organization_id, created_at__gte=since, created_at__lt=until
    )
    current = dict(
        await applications.annotate(count=Count("id"))
        .group_by("stage")
        .values_list("stage", "count")
    )
    reached = dict(
        await RehireStageChange.filter(
            organization_id=organization_id,
            application__created_at__gte=since,
            application__created_at__lt=until,
        )
        .annotate(count=Count("id"))
        .group_by("to_stage")
        .values_list("to_stage", "count")
    )
    return Funnel(
        applied=sum(current.values()),
        stages=[
            StageCount(stage, reached.get(stage, 0), current.get(stage, 0)) for stage in RehireStage
        ],
    )
