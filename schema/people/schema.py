"""Query and mutation fields of the people domain."""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import strawberry

from auth.scopes import Scope
from domain.common.text import has_control_characters
from domain.people.access import Access
from domain.people.models import Person as PersonModel
from domain.people.queries import AlumniFilter, AlumniOrder, sort_value
from resolvers import ids
from resolvers.errors import BadUserInput
from resolvers.mutations import FieldError
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
    encode_cursor,
)
from schema.common.permissions import (
    HR,
    SIGNED_IN,
    STAFF_WHO_MANAGE,
    guarded,
    guarded_mutation,
)
from schema.people.errors import PersonError
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

MAX_SEARCH_LENGTH = 100
MAX_FILTER_VALUES = 30
FILTER_LISTS = {
    "skills": "filter.skills",
    "tags": "filter.tags",
    "department_ids": "filter.departmentIds",
    "rehire_eligibility": "filter.rehireEligibility",
}
SORT_KINDS = {
    AlumniOrder.NAME_KANA: str,
    AlumniOrder.DEPARTED_ON: date,
    AlumniOrder.CREATED_AT: datetime,
}


def _department_keys(global_ids: list[str], field: str) -> list[UUID]:
    """`field` names the argument as the client wrote it (`filter.departmentIds` …)."""
    if len(global_ids) > MAX_FILTER_VALUES:
        raise BadUserInput(f"At most {MAX_FILTER_VALUES} values per filter.", field=field)
    keys = []
    for global_id in global_ids:
        key = ids.decode(global_id, "Department")
        if key is None:
            raise BadUserInput(
                f"`departmentIds` has an id that is not a department: {global_id}", field=field
            )
        keys.append(key)
    return keys


def _search(value: str | None, field: str) -> str | None:
    if value is not None and len(value) > MAX_SEARCH_LENGTH:
        raise BadUserInput(f"`search` is limited to {MAX_SEARCH_LENGTH} characters.", field=field)
    if value is not None and has_control_characters(value):
        raise BadUserInput("`search` may not contain control characters.", field=field)
    return value


def _filter(given: AlumniFilterInput | None) -> AlumniFilter:
    if given is None:
        return AlumniFilter()
    _search(given.search, "filter.search")
    for name, field in FILTER_LISTS.items():
        if len(getattr(given, name)) > MAX_FILTER_VALUES:
            raise BadUserInput(f"At most {MAX_FILTER_VALUES} values per filter.", field=field)
    for name in ("skills", "tags"):
        if any(has_control_characters(value) for value in getattr(given, name)):
            raise BadUserInput(
                "Skills and tags may not contain control characters.", field=FILTER_LISTS[name]
            )
    department_ids = _department_keys(given.department_ids, "filter.departmentIds")
    return AlumniFilter(
        search=given.search,
        skills=list(given.skills),
        tags=list(given.tags),
        department_ids=department_ids,
        departed_from=given.departed_from,
        departed_to=given.departed_to,
        rehire_eligibility=list(given.rehire_eligibility),
        directory_listed=given.directory_listed,
    )


def _person(model: PersonModel | None) -> Person | None:
    return None if model is None else Person(model=model, access=Access.FULL)


def _errors(errors: list[FieldError]) -> list[PersonError]:
    return [PersonError(field=e.field, code=e.code, message=e.message) for e in errors]


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
        order = order_by.field if order_by else AlumniOrder.NAME_KANA
        order = AlumniOrder(order)
        descending = order_by.descending if order_by else False
        position = decode_cursor(after, f"alumni:{order.name}", SORT_KINDS[order])
        rows, has_next, matching = await queries.alumni_page(
            info.context, _filter(filter), order, descending, check_first(first), position
        )
        edges = [
            Edge(
                cursor=encode_cursor(
                    f"alumni:{order.name}", sort_value(profile, order), profile.person_id
                ),
                node=Person(model=profile.person, access=access, profile=profile),
            )
            for profile, access in rows
        ]
        return PersonConnection(
            edges=edges,
            page_info=PageInfo.after(edges, has_next),
            total_count_query=matching,
        )

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
            _search(search, "search"),
            _department_keys(department_ids or [], "departmentIds"),
            check_first(first),
            decode_cursor(after, "employees", str),
        )
        edges = [
            Edge(
                cursor=encode_cursor("employees", p.name_kana, p.id),
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
        rows, has_next = await queries.departments_page(
            info.context, check_first(first), decode_cursor(after, "departments", str)
        )
        edges = [
            Edge(cursor=encode_cursor("departments", row.name, row.id), node=Department(model=row))
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
