"""Per-request loaders of rehire history and applicants' profiles, bound to the caller's
organization."""

from collections import defaultdict
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.people.models import AlumniProfile
from domain.rehire.models import RehireStageChange


class RehireLoaders:
    def __init__(self, organization_id: UUID) -> None:
        async def history(keys: list[UUID]) -> list[list[RehireStageChange]]:
            rows = await RehireStageChange.filter(
                organization_id=organization_id, application_id__in=keys
            ).order_by("position")
            found: dict[UUID, list[RehireStageChange]] = defaultdict(list)
            for row in rows:
                found[row.application_id].append(row)
            return [found[key] for key in keys]

        async def profiles(keys: list[UUID]) -> list[AlumniProfile | None]:
            rows = await AlumniProfile.filter(organization_id=organization_id, person_id__in=keys)
            found = {row.person_id: row for row in rows}
            return [found.get(key) for key in keys]

        self.history_by_application = DataLoader(load_fn=history)
        self.profile_by_person = DataLoader(load_fn=profiles)
