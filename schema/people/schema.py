"""Query and mutation fields of the people domain."""

from datetime import date, datetime
from typing import Annotated

import strawberry

from auth.scopes import Scope
from domain.people.access import Access
from domain.people.models import Department as DepartmentModel
from domain.people.models import Person as PersonModel
from domain.people.queries import AlumniFilter, AlumniOrder, sort_value
from resolvers.context import Context
from resolvers.mutations import FieldError
from resolvers.named_lists import by_name_page
from resolvers.people import queries
from resolvers.people.mutations.department_create import department_create
from resolvers.people.mutations.departure_record import departure_record
from resolvers.people.mutations.person_archive import person_archive
from resolvers.people.mutations.person_create import person_create
from resolvers.people.mutations.person_update import person_update
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    Edge,
    PageInfo,
    check_first,
    decode_cursor,
)
from schema.common.permissions import (
    HR,
    SIGNED_IN,
    STAFF_WHO_MANAGE,
    guarded,
    guarded_mutation,
)
from schema.people.errors import PersonError
from schema.people.filters import alumni_filter, department_keys, search_text
from schema.people.inputs import (
    AlumniFilterInput,
    AlumniOrderInput,
    DepartmentCreateInput,
    DepartureRecordInput,
    PersonArchiveInput,
    PersonCreateInput,
    PersonUpdateInput,
)
from schema.people.payloads import (
    DepartmentCreatePayload,
    DepartureRecordPayload,
    PersonArchivePayload,
    PersonCreatePayload,
    PersonUpdatePayload,
)
from schema.people.types import Department, DepartmentConnection, Info, Person, PersonConnection

SORT_KINDS = {
    AlumniOrder.NAME_KANA: str,
    AlumniOrder.DEPARTED_ON: date,
    AlumniOrder.CREATED_AT: datetime,
}


def _person(model: PersonModel | None) -> Person | None:
    return None if model is None else Person(model=model, access=Access.FULL)


def _errors(errors: list[FieldError]) -> list[PersonError]:
    return [PersonError(field=e.field, code=e.code, message=e.message) for e in errors]


async def alumni_connection(
    context: Context,
    wanted: AlumniFilter,
    order_by: AlumniOrderInput | None,
    first: int,
    after: str | None,
) -> PersonConnection:
    """A page of the alumni the viewer may see that match `wanted`: the `alumni` query, and
    the members of a saved segment."""
    order = AlumniOrder(order_by.field if order_by else AlumniOrder.NAME_KANA)
    descending = order_by.descending if order_by else False
    position = decode_cursor(after, f"alumni:{order.name}", SORT_KINDS[order])
    rows, has_next, matching = await queries.alumni_page(
        context, wanted, order, descending, check_first(first), position
    )
    edges = [
        Edge(
            position=(f"alumni:{order.name}", sort_value(profile, order), profile.person_id),
            node=Person(model=profile.person, access=access, profile=profile),
        )
        for profile, access in rows
    ]
    return PersonConnection(
        edges=edges, page_info=PageInfo.after(edges, has_next), total_count_query=matching
    )


@strawberry.type
class PeopleQuery:
    @guarded(
        SIGNED_IN,
        Scope.ALUMNI_READ,
        "Alumni, paginated in the database. hr and executives see all; managers also their "
        "former reports; everyone else the directory-listed alumni (and themselves).",
    )
    async def alumni(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        filter: AlumniFilterInput | None = None,
        order_by: AlumniOrderInput | None = None,
    ) -> PersonConnection:
        return await alumni_connection(info.context, alumni_filter(filter), order_by, first, after)

    @guarded(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_READ,
        "Current employees by kana: all of them for hr and executives, their own reports for "
        "managers.",
    )
    async def employees(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Name, kana or work email; at most 100 characters."),
        ] = None,
        department_ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(description="Currently in any of these departments."),
        ] = None,
    ) -> PersonConnection:
        people, has_next, matching = await queries.employees_page(
            info.context,
            search_text(search, "search"),
            department_keys(department_ids or [], "departmentIds"),
            check_first(first),
            decode_cursor(after, "employees", str),
        )
        edges = [
            Edge(
                position=("employees", p.name_kana, p.id),
                node=Person(model=p, access=Access.FULL),
            )
            for p in people
        ]
        return PersonConnection(
            edges=edges,
            page_info=PageInfo.after(edges, has_next),
            total_count_query=matching,
        )

    @guarded(SIGNED_IN, Scope.ALUMNI_READ, "Departments of the organization, by name.")
    async def departments(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> DepartmentConnection:
        rows, has_next = await by_name_page(
            info.context,
            DepartmentModel,
            check_first(first),
            decode_cursor(after, "departments", str),
        )
        edges = [
            Edge(position=("departments", row.name, row.id), node=Department(model=row))
            for row in rows
        ]
        return DepartmentConnection(
            edges=edges,
            page_info=PageInfo.after(edges, has_next),
        )


@strawberry.type
class PeopleMutation:
    @guarded_mutation(HR, Scope.ALUMNI_WRITE, "Add a person with their first employment period.")
    async def person_create(self, info: Info, input: PersonCreateInput) -> PersonCreatePayload:
        person, errors = await person_create(info.context, input)
        return PersonCreatePayload(person=_person(person), errors=_errors(errors))

    @guarded_mutation(HR, Scope.ALUMNI_WRITE, "Change a person's contact data or alumni profile.")
    async def person_update(self, info: Info, input: PersonUpdateInput) -> PersonUpdatePayload:
        person, errors = await person_update(info.context, input)
        return PersonUpdatePayload(person=_person(person), errors=_errors(errors))

    @guarded_mutation(
        HR, Scope.ALUMNI_WRITE, "Archive a person: hidden from every list, history kept."
    )
    async def person_archive(self, info: Info, input: PersonArchiveInput) -> PersonArchivePayload:
        person, errors = await person_archive(info.context, input)
        return PersonArchivePayload(person=_person(person), errors=_errors(errors))

    @guarded_mutation(
        HR,
        Scope.ALUMNI_WRITE,
        "Record a departure: the open employment ends on the leave date, when the employee "
        "becomes an alumnus (same person, new role).",
    )
    async def departure_record(
        self, info: Info, input: DepartureRecordInput
    ) -> DepartureRecordPayload:
        person, errors = await departure_record(info.context, input)
        return DepartureRecordPayload(person=_person(person), errors=_errors(errors))

    @guarded_mutation(HR, Scope.ALUMNI_WRITE, "Add a department.")
    async def department_create(
        self, info: Info, input: DepartmentCreateInput
    ) -> DepartmentCreatePayload:
        department, errors = await department_create(info.context, input)
        return DepartmentCreatePayload(
            department=None if department is None else Department(model=department),
            errors=_errors(errors),
        )
