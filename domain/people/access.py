"""Who may see which person, and how much of them.

FULL: every field. DIRECTORY: name, kana, departments, current company and skills of an
alumnus who chose to be listed. A person the viewer may not see at all does not exist for
them (NOT_FOUND), so that existence does not leak.
"""

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from domain.accounts.models import Role
from domain.people.models import EmploymentPeriod, Person, PersonStatus


class Access(Enum):
    FULL = "full"
    DIRECTORY = "directory"

    # Members are singletons, so identity is the right hash, and it runs in C: a listed
    # page looks up (guard, access) passes a thousand times (schema.common.permissions).
    # Enum's own __hash__ is a Python method.
    __hash__ = object.__hash__


@dataclass(frozen=True, slots=True)
class Viewer:
    organization_id: UUID
    role: Role
    person_id: UUID | None

    @property
    def sees_everyone(self) -> bool:
        return self.role in (Role.HR, Role.EXECUTIVE)


async def managed_among(viewer: Viewer, person_ids: list[UUID]) -> set[UUID]:
    """The people in `person_ids` who report or reported to the viewer (one query)."""
    if viewer.role != Role.MANAGER or viewer.person_id is None or not person_ids:
        return set()
    rows = await EmploymentPeriod.filter(
        organization_id=viewer.organization_id,
        manager_id=viewer.person_id,
        person_id__in=person_ids,
    ).values_list("person_id", flat=True)
    return set(rows)


def access_to(
    viewer: Viewer, person: Person, *, directory_listed: bool, managed: bool
) -> Access | None:
    if person.organization_id != viewer.organization_id:
        return None
    if viewer.sees_everyone:
        return Access.FULL
    if person.archived_at is not None:
        return None
    if person.id == viewer.person_id or managed:
        return Access.FULL
    if person.status == PersonStatus.ALUMNUS and directory_listed:
        return Access.DIRECTORY
    return None
