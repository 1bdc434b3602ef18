"""Reading the roster: filters, orderings and visibility, all evaluated in the database."""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from domain.accounts.models import Role
from domain.common.paging import Position, keyset_page
from domain.common.rows import lazy_rows
from domain.common.text import search_term
from domain.people.access import Access, Viewer, access_to, managed_among
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmploymentPeriod,
    LabelKind,
    Person,
    PersonStatus,
    RehireEligibility,
)


class AlumniOrder(StrEnum):
    NAME_KANA = "person__name_kana"
    DEPARTED_ON = "departed_on"
    CREATED_AT = "created_at"


# The tie-breaker: the person's id, taken from the table whose index holds the order.
TIE_BREAKERS = {
    AlumniOrder.NAME_KANA: "person__id",
    AlumniOrder.DEPARTED_ON: "person_id",
    AlumniOrder.CREATED_AT: "person_id",
}


@dataclass
class AlumniFilter:
    search: str | None = None
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    department_ids: list[UUID] = field(default_factory=list)
    departed_from: date | None = None
    departed_to: date | None = None
    rehire_eligibility: list[RehireEligibility] = field(default_factory=list)
    directory_listed: bool | None = None

    # Filters that read fields only full viewers see; others may not use them.
    RESTRICTED = ("tags", "departed_from", "departed_to", "rehire_eligibility", "directory_listed")

    def restricted_in_use(self) -> list[str]:
        return [name for name in self.RESTRICTED if getattr(self, name) not in (None, [])]


def _with_label(kind: LabelKind, value: str) -> Subquery:
    return Subquery(AlumniLabel.filter(kind=kind, value=value).values("person_id"))


def _visible(viewer: Viewer) -> QuerySet[AlumniProfile]:
    # The person's organization too: the list by kana walks the person index (models).
    profiles = AlumniProfile.filter(
        organization_id=viewer.organization_id,
        person__organization_id=viewer.organization_id,
        person__status=PersonStatus.ALUMNUS,
        person__archived_at=None,
    )
    if viewer.sees_everyone:
        return profiles
    listed = Q(directory_listed=True)
    if viewer.role == Role.MANAGER and viewer.person_id is not None:
        reports = EmploymentPeriod.filter(manager_id=viewer.person_id).values("person_id")
        return profiles.filter(listed | Q(person_id__in=Subquery(reports)))
    if viewer.person_id is not None:
        return profiles.filter(listed | Q(person_id=viewer.person_id))
    return profiles.filter(listed)


def alumni(viewer: Viewer, wanted: AlumniFilter) -> QuerySet[AlumniProfile]:
    """The alumni this viewer may see that match the filter (profiles with their person)."""
    query = _visible(viewer)
    if wanted.search:
        term = search_term(wanted.search)
        match = (
            Q(person__name__icontains=term)
            | Q(person__name_kana__icontains=term)
            | Q(current_company__icontains=term)
        )
        if viewer.sees_everyone:  # contact data is searchable only by who may read it
            match |= Q(person__personal_email__icontains=term.lower())
            match |= Q(person__work_email__icontains=term.lower())
        query = query.filter(match)
    for value in wanted.skills:
        query = query.filter(person_id__in=_with_label(LabelKind.SKILL, value))
    for value in wanted.tags:
        query = query.filter(person_id__in=_with_label(LabelKind.TAG, value))
    if wanted.department_ids:
        worked_there = EmploymentPeriod.filter(department_id__in=wanted.department_ids)
        query = query.filter(person_id__in=Subquery(worked_there.values("person_id")))
    if wanted.departed_from is not None:
        query = query.filter(departed_on__gte=wanted.departed_from)
    if wanted.departed_to is not None:
        query = query.filter(departed_on__lte=wanted.departed_to)
    if wanted.rehire_eligibility:
        query = query.filter(rehire_eligibility__in=wanted.rehire_eligibility)
    if wanted.directory_listed is not None:
        query = query.filter(directory_listed=wanted.directory_listed)
    return query


async def alumni_page(
    viewer: Viewer,
    wanted: AlumniFilter,
    order: AlumniOrder,
    descending: bool,
    first: int,
    after: Position | None,
) -> tuple[list[AlumniProfile], bool]:
    """Profiles with their person, as lazy rows: a page reads few of their columns."""
    return await keyset_page(
        alumni(viewer, wanted),
        sort_field=order.value,
        key_field=TIE_BREAKERS[order],
        descending=descending,
        first=first,
        after=after,
        read=lambda page: lazy_rows(page, related=("person",)),
    )


def sort_value(profile: AlumniProfile, order: AlumniOrder) -> object:
    if order is AlumniOrder.NAME_KANA:
        return profile.person.name_kana
    return getattr(profile, order.value)


def employees(viewer: Viewer, search: str | None, department_ids: list[UUID]) -> QuerySet[Person]:
    """Current employees: all of them for hr and executives, a manager's own reports."""
    query = Person.filter(
        organization_id=viewer.organization_id, status=PersonStatus.EMPLOYEE, archived_at=None
    )
    if not viewer.sees_everyone and viewer.person_id is None:
        # Without a person record there are no reports (`manager_id=None` is IS NULL).
        query = query.filter(id__in=[])
    elif not viewer.sees_everyone:
        reports = EmploymentPeriod.filter(manager_id=viewer.person_id).values("person_id")
        query = query.filter(id__in=Subquery(reports))
    if search:
        term = search_term(search)
        query = query.filter(
            Q(name__icontains=term)
            | Q(name_kana__icontains=term)
            | Q(work_email__icontains=term.lower())
        )
    if department_ids:
        current = EmploymentPeriod.filter(department_id__in=department_ids, leave_date=None)
        query = query.filter(id__in=Subquery(current.values("person_id")))
    return query


async def visible_people(
    viewer: Viewer, person_ids: list[UUID]
) -> dict[UUID, tuple[Person, Access]]:
    """The people among `person_ids` this viewer may see, with how much (at most 3 queries)."""
    people = await Person.filter(id__in=person_ids, organization_id=viewer.organization_id)
    if not people:
        return {}
    listed: set[UUID] = set()
    if not viewer.sees_everyone:
        alumni_ids = [p.id for p in people if p.status == PersonStatus.ALUMNUS]
        if alumni_ids:
            listed = set(
                await AlumniProfile.filter(
                    person_id__in=alumni_ids, directory_listed=True
                ).values_list("person_id", flat=True)
            )
    managed = await managed_among(viewer, [p.id for p in people])
    visible = {}
    for person in people:
        access = access_to(
            viewer, person, directory_listed=person.id in listed, managed=person.id in managed
        )
        if access is not None:
            visible[person.id] = (person, access)
    return visible
