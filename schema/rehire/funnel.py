"""The rehire funnel, as executives read it."""

import strawberry

from domain.rehire.funnel import Funnel
from schema.rehire.enums import RehireStage


@strawberry.type(description="One stage of the rehire funnel.")
class RehireStageCount:
    stage: RehireStage
    reached: int = strawberry.field(description="Applications that ever got to this stage.")
    current: int = strawberry.field(description="Applications at this stage now.")
    conversion: float | None = strawberry.field(
        description="`reached` as a share of the applications made; null when none were."
    )


@strawberry.type(description="Of the rehire applications made in the period: how far they got.")
class RehireFunnel:
    result: strawberry.Private[Funnel]

    @strawberry.field(description="Applications made in the period.")
    def applied(self) -> int:
        return self.result.applied

    @strawberry.field(description="Every stage, in pipeline order (skipped steps reach 0).")
    def stages(self) -> list[RehireStageCount]:
        total = self.result.applied
        return [
            RehireStageCount(
                stage=s.stage,
                reached=s.reached,
                current=s.current,
                conversion=s.reached / total if total else None,
            )
            for s in self.result.stages
        ]

    @strawberry.field(description="Hires as a share of the applications made.")
    def hire_rate(self) -> float | None:
        return self.result.hire_rate
