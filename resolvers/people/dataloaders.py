"""Per-request batch loaders, bound to the viewer's organization: one query per batch.

Periods and labels are read as plain tuples of the columns the API shows
(domain.people.page_rows): building full models costs tens of microseconds a row. A list
query reads its page's periods, labels and profiles up front (`PageValues.remember`), so
that fields of a listed person answer at once, without a future or an await.
"""

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.people.access import Access, Viewer
from domain.people.models import AlumniProfile, Person
from domain.people.page_rows import PeriodRow, PersonLabels, labels_of, periods_of
from domain.people.queries import visible_people

T = TypeVar("T")
R = TypeVar("R")
_UNKNOWN = object()


def _batch(
    load: Callable[[UUID, list[UUID]], Awaitable[dict[UUID, T]]], organization_id: UUID
) -> DataLoader[UUID, T]:
    async def load_fn(keys: list[UUID]) -> list[T]:
        found = await load(organization_id, keys)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load_fn)


class PageValues(Generic[T]):
    """Values by person: those a list query read for its page, else a batch loader's."""

    def __init__(self, loader: DataLoader[UUID, T]) -> None:
        self.loader = loader
        self.known: dict[UUID, T] = {}

    def remember(self, values: dict[UUID, T]) -> None:
        self.known.update(values)

    def then(self, key: UUID, use: Callable[[T], R]) -> Any:
        """`use(value)` now when the page holds the value, else an awaitable of it:
        graphql-core awaits an awaitable a plain resolver returns, so single objects still
        batch."""
        value = self.known.get(key, _UNKNOWN)
        if value is not _UNKNOWN:
            return use(value)  # type: ignore[arg-type]

        async def later() -> R:
            return use(await self.loader.load(key))

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

        self.periods: PageValues[list[PeriodRow]] = PageValues(_batch(periods_of, org))
        self.labels: PageValues[PersonLabels] = PageValues(_batch(labels_of, org))
        self.profiles: PageValues[AlumniProfile | None] = PageValues(_batch(profiles, org))
        self.visible_person_by_id = _batch(visible, org)
        # One GraphQL object per department row, however many people list it (schema.people).
        self.department_nodes: dict[object, Any] = {}

    async def preload_page(self, person_ids: list[UUID]) -> None:
        """Periods and labels of a whole page: two queries, whatever the page size."""
        org = self.viewer.organization_id
        self.periods.remember(await periods_of(org, person_ids))
        self.labels.remember(await labels_of(org, person_ids))
