"""Per-request batch loaders, bound to the viewer's organization: one query per batch.

Rows are read as plain tuples of the columns the API shows: building full models
(timestamps, actors, enums) costs tens of microseconds a row, most of a page's time.
A list query loads its page's periods and labels up front and primes the loaders, so
that fields of a listed person answer without waiting (`known_or_load`).
"""

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Any, NamedTuple, TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.people.access import Access, Viewer
from domain.people.models import AlumniLabel, AlumniProfile, EmploymentPeriod, LabelKind, Person
from domain.people.queries import visible_people

T = TypeVar("T")
R = TypeVar("R")


class DepartmentRow(NamedTuple):
    id: UUID
    name: str


class PeriodRow(NamedTuple):
    id: UUID
    person_id: UUID
    hire_date: date
    leave_date: date | None
    title: str
    employee_number: str | None
    manager_id: UUID | None
    department: DepartmentRow | None


class Label(NamedTuple):
    person_id: UUID
    kind: LabelKind
    value: str


def _grouped(rows: Iterable, keys: Iterable[UUID]) -> dict[UUID, list]:
    groups: dict[UUID, list] = {key: [] for key in keys}
    for row in rows:
        groups[row.person_id].append(row)
    return groups


async def periods_of(organization_id: UUID, person_ids: list[UUID]) -> dict[UUID, list[PeriodRow]]:
    """Employment periods with their department, oldest first, in one query."""
    rows = (
        await EmploymentPeriod.filter(organization_id=organization_id, person_id__in=person_ids)
        .order_by("hire_date", "id")
        .values_list(
            "id",
            "person_id",
            "hire_date",
            "leave_date",
            "title",
            "employee_number",
            "manager_id",
            "department_id",
            "department__name",
        )
    )
    return _grouped(
        (
            PeriodRow(*row[:7], None if row[7] is None else DepartmentRow(row[7], row[8]))
            for row in rows
        ),
        person_ids,
    )


async def labels_of(organization_id: UUID, person_ids: list[UUID]) -> dict[UUID, list[Label]]:
    """Skills and tags in their given order, in one query."""
    rows = (
        await AlumniLabel.filter(organization_id=organization_id, person_id__in=person_ids)
        .order_by("position", "value")
        .values_list("person_id", "kind", "value")
    )
    return _grouped((Label(*row) for row in rows), person_ids)


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
