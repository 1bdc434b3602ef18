from uuid import UUID

from tortoise.queryset import QuerySet

from domain.common.paging import Position, keyset_page
from domain.people import queries
from domain.people.access import Access, access_to, managed_among
from domain.people.models import AlumniProfile, Department, Person
from resolvers.context import Context
from resolvers.errors import Forbidden

RESTRICTED_FILTER_NAMES = {
    "tags": "tags",
    "departed_from": "departedFrom",
    "departed_to": "departedTo",
    "rehire_eligibility": "rehireEligibility",
    "directory_listed": "directoryListed",
}


async def alumni_page(
    context: Context,
    wanted: queries.AlumniFilter,
    order: queries.AlumniOrder,
    descending: bool,
    first: int,
    after: Position | None,
) -> tuple[list[tuple[AlumniProfile, Access]], bool, QuerySet]:
    viewer = context.viewer
    restricted = wanted.restricted_in_use()
    if restricted and not viewer.sees_everyone:
        names = ", ".join(RESTRICTED_FILTER_NAMES[name] for name in restricted)
        raise Forbidden(f"Only hr and executives can filter by: {names}.")
    profiles, has_next = await queries.alumni_page(viewer, wanted, order, descending, first, after)
    person_ids = [p.person_id for p in profiles]
    managed = await managed_among(viewer, person_ids)
    await context.people.preload_page(person_ids)
    context.people.profiles.remember({profile.person_id: profile for profile in profiles})
    rows = []
    for profile in profiles:
        access = access_to(
            viewer,
            profile.person,
            directory_listed=profile.directory_listed,
            managed=profile.person_id in managed,
        )
        assert access is not None, "the visibility filter and access_to disagree"
        rows.append((profile, access))
    return rows, has_next, queries.alumni(viewer, wanted)


async def employees_page(
    context: Context,
    search: str | None,
    department_ids: list[UUID],
    first: int,
    after: Position | None,
) -> tuple[list[Person], bool, QuerySet]:
    """Only hr, executives and managers reach this field; all they list they see in full."""
    matching = queries.employees(context.viewer, search, department_ids)
    people, has_next = await keyset_page(
        matching, sort_field="name_kana", key_field="id", descending=False, first=first, after=after
    )
    await context.people.preload_page([person.id for person in people])
    return people, has_next, matching


async def person(context: Context, person_id: UUID) -> tuple[Person, Access] | None:
    return await context.people.visible_person_by_id.load(person_id)


async def department(context: Context, department_id: UUID) -> Department | None:
    return await Department.get_or_none(
        id=department_id, organization_id=context.viewer.organization_id
    )
