"""The referral funnel, as executives read it."""

import strawberry

from domain.referrals.funnel import Funnel
from schema.referrals.enums import ReferralSource, ReferralStage


@strawberry.type(description="One stage of the funnel.")
class ReferralStageCount:
    stage: ReferralStage
    reached: int = strawberry.field(description="Referrals that ever got to this stage.")
    current: int = strawberry.field(description="Referrals at this stage now.")
    conversion: float | None = strawberry.field(
        description="`reached` as a share of the referrals submitted; null when none were."
    )


@strawberry.type(description="Referrals of one source: employees or alumni.")
class ReferralSourceCount:
    source: ReferralSource
    submitted: int
    hired: int
    hire_rate: float | None = strawberry.field(description="hired / submitted; null when 0.")


@strawberry.type(description="Of the referrals submitted in the period: how far they got.")
class ReferralFunnel:
    result: strawberry.Private[Funnel]

    @strawberry.field(description="Referrals submitted in the period.")
    def submitted(self) -> int:
        return self.result.submitted

    @strawberry.field(description="Every stage, in pipeline order.")
    def stages(self) -> list[ReferralStageCount]:
        total = self.result.submitted
        return [
            ReferralStageCount(
                stage=s.stage,
                reached=s.reached,
                current=s.current,
                conversion=s.reached / total if total else None,
            )
            for s in self.result.stages
        ]

    @strawberry.field(description="Employees' and alumni's referrals.")
    def sources(self) -> list[ReferralSourceCount]:
        return [
            ReferralSourceCount(
                source=s.source,
                submitted=s.submitted,
                hired=s.hired,
                hire_rate=s.hired / s.submitted if s.submitted else None,
            )
            for s in self.result.sources
        ]

    @strawberry.field(description="At an open stage without progress past the expiry.")
    def expired(self) -> int:
        return self.result.expired

    @strawberry.field(description="Hires as a share of the referrals submitted.")
    def hire_rate(self) -> float | None:
        return self.result.hire_rate
