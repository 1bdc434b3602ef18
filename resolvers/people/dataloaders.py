"""Per-request batch loaders, bound to the viewer's organization: one query per batch.

Periods and labels are read as plain tuples of the columns the API shows
(domain.people.page_rows): building full models costs tens of microseconds a row. A list
query loads its page's periods and labels up front and primes the loaders, so that fields
of a listed person answer without waiting (`known_or_load`).
"""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.people.access import Access, Viewer
from domain.people.models import AlumniProfile, Person
from domain.people.page_rows import labels_of, periods_of
from domain.people.queries import visible_people

T = TypeVar("T")
R = TypeVar("R")


def _batch(
    load: Callable[[UUID, list[UUID]], Awaitable[dict[UUID, T]]], organization_id: UUID
) -> DataLoader[UUID, T]:
    async def load_fn(keys: list[UUID]) -> list[T]:
        found = await load(organization_id, keys)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load_fn)


def known_or_load(loader: DataLoader[UUID, T], key: UUID, then: Callable[[T], R]) -> Any:
    """`then(value)` now when the loader already holds the value, else an awaitable of it.

    graphql-core awaits an awaitable returned by a plain resolver, so list pages (whose
    loaders are primed) skip the per-field await, and single objects still batch.
    """
    future = loader.cache_map.get(key)
    if future is not None and future.done() and future.exception() is None:
        return then(future.result())

    async def later() -> R:
        return then(await loader.load(key))

    return later()


class PeopleLoaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        org = viewer.organization_id

        async def profiles(_: UUID, keys: list[UUID]) -> dict[UUID, AlumniProfile | None]:
            rows = await AlumniProfile.filter(organization_id=org, person_id__in=keys)
            found = {row.person_id: row for row in rows}
            return {key: found.get(key) for key in keys}

        async def visible(_: UUID, keys: list[UUID]) -> dict[UUID, tuple[Person, Access] | None]:
            found = await visible_people(viewer, keys)
            return {key: found.get(key) for key in keys}

        self.periods_by_person = _batch(periods_of, org)
        self.labels_by_person = _batch(labels_of, org)
        self.profile_by_person = _batch(profiles, org)
        self.visible_person_by_id = _batch(visible, org)

    async def preload_page(self, person_ids: list[UUID]) -> None:
        """Periods and labels of a whole page: two queries, whatever the page size."""
        org = self.viewer.organization_id
        for loader, rows in (
            (self.periods_by_person, await periods_of(org, person_ids)),
            (self.labels_by_person, await labels_of(org, person_ids)),
        ):
            loader.prime_many(rows)
