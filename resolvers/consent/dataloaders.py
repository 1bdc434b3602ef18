"""Per-request loaders of consents, bound to the viewer's organization."""

from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.consent.models import ConsentRecord
from domain.consent.services import current_consents_of
from resolvers.people.dataloaders import PageValues


class ConsentLoaders:
    def __init__(self, organization_id: UUID) -> None:
        async def current(keys: list[UUID]) -> list[list[ConsentRecord]]:
            found = await current_consents_of(organization_id, keys)
            return [found[key] for key in keys]

        # The current decision per purpose and channel of each person: one query per batch.
        self.current: PageValues[list[ConsentRecord]] = PageValues(DataLoader(load_fn=current))
