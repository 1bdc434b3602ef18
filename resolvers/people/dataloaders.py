"""Per-request batch loaders, bound to the viewer's organization: one query per batch."""

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.people.access import Access, Viewer
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmploymentPeriod,
    LabelKind,
    Person,
)
from domain.people.queries import visible_people


class Label(NamedTuple):
    person_id: UUID
    kind: LabelKind
    value: str


def _grouped(rows: Iterable, keys: list[UUID]) -> list[list]:
    groups: dict[UUID, list] = defaultdict(list)
    for row in rows:
        groups[row.person_id].append(row)
    return [groups.get(key, []) for key in keys]


class PeopleLoaders:
    def __init__(self, viewer: Viewer) -> None:
        self.viewer = viewer
        org = viewer.organization_id

        async def employments(keys: list[UUID]) -> list[list[EmploymentPeriod]]:
            rows = (
                await EmploymentPeriod.filter(organization_id=org, person_id__in=keys)
                .select_related("department")
                .order_by("hire_date", "id")
            )
            return _grouped(rows, keys)

        async def labels(keys: list[UUID]) -> list[list[Label]]:
            # Only the three columns read: building full models (timestamps, actors) cost
            # ~35 µs a row, most of a 100-alumni page's label time (see bench/README.md).
            rows = (
                await AlumniLabel.filter(organization_id=org, person_id__in=keys)
                .order_by("position", "value")
                .values_list("person_id", "kind", "value")
            )
            return _grouped((Label(*row) for row in rows), keys)

        async def profiles(keys: list[UUID]) -> list[AlumniProfile | None]:
            rows = await AlumniProfile.filter(organization_id=org, person_id__in=keys)
            found = {row.person_id: row for row in rows}
            return [found.get(key) for key in keys]

        async def visible(keys: list[UUID]) -> list[tuple[Person, Access] | None]:
            found = await visible_people(viewer, keys)
            return [found.get(key) for key in keys]

        self.employments_by_person = DataLoader(load_fn=employments)
        self.labels_by_person = DataLoader(load_fn=labels)
        self.profile_by_person = DataLoader(load_fn=profiles)
        self.visible_person_by_id = DataLoader(load_fn=visible)
