"""Per-request loaders of openings, departments, referral history and whether referrals
hold their candidate, bound to the caller's organization."""

from collections import defaultdict
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.common import clock
from domain.jobs.models import JobOpening
from domain.people.models import Department
from domain.referrals import claims
from domain.referrals.models import ReferralSettings, ReferralStageChange
from domain.referrals.settings import settings_of


class JobLoaders:
    def __init__(self, organization_id: UUID) -> None:
        self.organization_id = organization_id
        self._settings: ReferralSettings | None = None

        async def openings(keys: list[UUID]) -> list[JobOpening | None]:
            # A referral shows its opening to whoever sees the referral, even when the
            # opening is no longer listed to them (closed, or hidden from alumni).
            rows = await JobOpening.filter(organization_id=organization_id, id__in=keys)
            found = {row.id: row for row in rows}
            return [found.get(key) for key in keys]

        async def departments(keys: list[UUID]) -> list[Department | None]:
            rows = await Department.filter(organization_id=organization_id, id__in=keys)
            found = {row.id: row for row in rows}
            return [found.get(key) for key in keys]

        async def history(keys: list[UUID]) -> list[list[ReferralStageChange]]:
            rows = await ReferralStageChange.filter(
                organization_id=organization_id, referral_id__in=keys
            ).order_by("position")
            found: dict[UUID, list[ReferralStageChange]] = defaultdict(list)
            for row in rows:
                found[row.referral_id].append(row)
            return [found[key] for key in keys]

        async def holding(keys: list[UUID]) -> list[bool]:
            found = set(
                await claims.held(organization_id, clock.now())
                .filter(referral_id__in=keys)
                .values_list("referral_id", flat=True)
            )
            return [key in found for key in keys]

        self.opening_by_id = DataLoader(load_fn=openings)
        self.department_by_id = DataLoader(load_fn=departments)
        self.history_by_referral = DataLoader(load_fn=history)
        self.referral_holds = DataLoader(load_fn=holding)

    async def referral_settings(self) -> ReferralSettings:
        """The organization's referral rules, read once per request."""
        if self._settings is None:
            self._settings = await settings_of(self.organization_id)
        return self._settings
