"""Bad input gets a clear error and writes nothing; none of it produces a 500.

Each case asserts the exact HTTP status, the exact error code (`extensions.code` for a
top-level error, `errors { field code }` in a mutation payload) and a message that tells the
client what to fix, and that no row was written: `writes_nothing()` counts every table a
mutation writes before and after.
"""

import base64
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from tortoise import connections

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.outbox.models import OutboxEvent
from domain.people.models import AlumniLabel, AlumniProfile, Department, EmploymentPeriod, Person
from resolvers import ids
from tests.factories import make_alumnus, make_department, make_employee, make_member, make_org

WRITTEN = (
    Person,
    EmploymentPeriod,
    AlumniProfile,
    AlumniLabel,
    Department,
    OutboxEvent,
    AuditEvent,
)


async def counts() -> dict[str, int]:
    return {model.__name__: await model.all().count() for model in WRITTEN}


@contextlib.asynccontextmanager
async def writes_nothing() -> AsyncIterator[None]:
    before = await counts()
    yield
    assert await counts() == before


@dataclass
class World:
    """An hr member's organization, and another organization with its own rows."""

    token: str
    employee: str  # global ids, ours
    alumnus: str
    department: str
    other_person: str  # global ids, the other organization's
    other_department: str


@pytest.fixture
async def world(client) -> World:
    org = await make_org("acme")
    _, token = await make_member(org, Role.HR, await make_employee(org, name="人事 担当"))
    sales = await make_department(org, "営業")
    employee = await make_employee(
        org,
        name="在籍 一郎",
        personal_email="taken@example.jp",
        work_email="ichiro@acme.example",
        employee_number="E-100",
        department_id=sales.id,
    )
    alumnus = await make_alumnus(org, name="退職 二郎", department_id=sales.id)
    other = await make_org("other", "株式会社アザー")
    return World(
        token=token,
        employee=ids.encode("Person", employee.id),
        alumnus=ids.encode("Person", alumnus.id),
        department=ids.encode("Department", sales.id),
        other_person=ids.encode("Person", (await make_employee(other)).id),
        other_department=ids.encode("Department", (await make_department(other, "経理")).id),
    )


async def post(
    client: httpx.AsyncClient, world: World, query: str, variables: dict | None = None
) -> httpx.Response:
    return await client.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {world.token}"},
    )


def only_error(response: httpx.Response) -> dict[str, Any]:
    """The one top-level error of a 200 response whose data is null."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] is None, body
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def cursor(value: Any, key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, key]).encode()).decode()


def person(**fields: Any) -> dict[str, Any]:
    """A valid personCreate input, with `fields` (and `employment` fields) changed."""
    employment = {"hireDate": "2015-04-01", **fields.pop("employment", {})}
    return {"name": "新規 太郎", **fields, "employment": employment}


def leaver(**profile: Any) -> dict[str, Any]:
    """A valid personCreate input for a past leaver, with alumni profile `profile`."""
    return person(employment={"leaveDate": "2021-03-31"}, alumniProfile=profile)


def mutation_document(name: str, input_type: str, result: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{"
        f" {result} {{ id }} errors {{ field code message }} }} }}"
    )


MUTATIONS = {
    "personCreate": mutation_document("personCreate", "PersonCreateInput", "person"),
    "personUpdate": mutation_document("personUpdate", "PersonUpdateInput", "person"),
    "personArchive": mutation_document("personArchive", "PersonArchiveInput", "person"),
    "departureRecord": mutation_document("departureRecord", "DepartureRecordInput", "person"),
    "departmentCreate": mutation_document(
        "departmentCreate", "DepartmentCreateInput", "department"
    ),
}
Input = Callable[[World], dict[str, Any]]
Refusal = tuple[str | None, str, str]  # field, code, message


async def refused(
    client: httpx.AsyncClient, world: World, mutation: str, input: dict[str, Any]
) -> list[Refusal]:
    """The payload errors of a mutation that must write nothing."""
    async with writes_nothing():
        response = await post(client, world, MUTATIONS[mutation], {"input": input})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    payload = body["data"][mutation]
    assert payload.get("person") is None and payload.get("department") is None
    return [(e["field"], e["code"], e["message"]) for e in payload["errors"]]


async def test_the_inputs_the_cases_start_from_are_valid(client, world):
    """Each case below changes one thing in these inputs; unchanged, they are accepted."""
    for input in (person(), leaver(skills=["Python"], currentCompany="ミライ")):
        response = await post(client, world, MUTATIONS["personCreate"], {"input": input})
        assert response.json()["data"]["personCreate"]["errors"] == []


# --- malformed ids and ids of another organization --------------------------------------------

MALFORMED_IDS = {
    "not base64": "not base64!",
    "base64 of garbage": b64("garbage"),
    "a type without a uuid": b64("Person:12345"),
    "over 200 characters": b64(f"Person:{uuid.uuid4()}" + " " * 200),
}


@pytest.mark.parametrize("given", MALFORMED_IDS.values(), ids=MALFORMED_IDS)
async def test_node_with_a_malformed_id(client, world, given):
    response = await post(client, world, "query($id: ID!) { node(id: $id) { id } }", {"id": given})
    assert response.status_code == 200
    assert response.json() == {
        "data": {"node": None},
        "errors": [
            {
                "message": "Malformed id.",
                "locations": [{"line": 1, "column": 19}],
                "path": ["node"],
                "extensions": {"code": "BAD_USER_INPUT", "field": "id"},
            }
        ],
    }


NOT_OURS: dict[str, Callable[[World], str]] = {
    "another organization's person": lambda w: w.other_person,
    "another organization's department": lambda w: w.other_department,
    "a type that is not a node": lambda w: b64(f"Organization:{uuid.uuid4()}"),
    "an unknown person": lambda w: ids.encode("Person", uuid.uuid4()),
}


@pytest.mark.parametrize("given", NOT_OURS.values(), ids=NOT_OURS)
async def test_node_of_another_organization_is_not_found(client, world, given):
    gid = given(world)
    response = await post(client, world, "query($id: ID!) { node(id: $id) { id } }", {"id": gid})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"node": None}
    [error] = body["errors"]
    assert error["message"] == "No object with this id."
    assert error["extensions"] == {"code": "NOT_FOUND", "id": gid}


BAD_PERSON_IDS: dict[str, tuple[Callable[[World], str], str]] = {
    "not base64": (lambda w: "not base64!", "No such person."),
    "base64 of garbage": (lambda w: b64("garbage"), "No such person."),
    "a department id": (lambda w: w.department, "No such person."),
    "another organization's person": (
        lambda w: w.other_person,
        "No such person in this organization.",
    ),
}
PERSON_ID_INPUTS: dict[str, tuple[str, Callable[[str], dict[str, Any]]]] = {
    "personUpdate": ("id", lambda gid: {"id": gid, "name": "改名 三郎"}),
    "personArchive": ("id", lambda gid: {"id": gid}),
    "departureRecord": ("personId", lambda gid: {"personId": gid, "leaveDate": "2025-03-31"}),
}


@pytest.mark.parametrize("mutation", PERSON_ID_INPUTS)
@pytest.mark.parametrize(("given", "message"), BAD_PERSON_IDS.values(), ids=BAD_PERSON_IDS)
async def test_mutation_with_a_bad_person_id(client, world, mutation, given, message):
    field, make_input = PERSON_ID_INPUTS[mutation]
    errors = await refused(client, world, mutation, make_input(given(world)))
    assert errors == [(field, "NOT_FOUND", message)]


EMPLOYMENT_ID_ERRORS = {
    "departmentId": ("DEPARTMENT_NOT_FOUND", "No such department in this organization."),
    "managerId": ("MANAGER_NOT_FOUND", "No such manager in this organization."),
}
BAD_EMPLOYMENT_IDS: dict[str, Callable[[World, str], str]] = {
    "not base64": lambda w, key: "not base64!",
    "base64 of garbage": lambda w, key: b64("garbage"),
    "an id of the other type": lambda w, key: w.employee if key == "departmentId" else w.department,
    "another organization's": lambda w, key: (
        w.other_department if key == "departmentId" else w.other_person
    ),
}


@pytest.mark.parametrize("key", EMPLOYMENT_ID_ERRORS)
@pytest.mark.parametrize("given", BAD_EMPLOYMENT_IDS.values(), ids=BAD_EMPLOYMENT_IDS)
async def test_person_create_with_a_bad_department_or_manager_id(client, world, key, given):
    code, message = EMPLOYMENT_ID_ERRORS[key]
    input = person(employment={key: given(world, key)})
    assert await refused(client, world, "personCreate", input) == [
        (f"employment.{key}", code, message)
    ]


FILTERED = {
    "alumni": "query($ids: [ID!]!) { alumni(filter: {departmentIds: $ids}) { totalCount } }",
    "employees": "query($ids: [ID!]) { employees(departmentIds: $ids) { totalCount } }",
}
FILTER_FIELD = {"alumni": "filter.departmentIds", "employees": "departmentIds"}


BAD_DEPARTMENT_IDS: dict[str, Callable[[World], str]] = {
    "not base64": lambda w: "not base64!",
    "base64 of garbage": lambda w: b64("garbage"),
    "a person's id": lambda w: w.employee,
}


@pytest.mark.parametrize("connection", FILTERED)
@pytest.mark.parametrize("given", BAD_DEPARTMENT_IDS.values(), ids=BAD_DEPARTMENT_IDS)
async def test_department_filter_with_a_bad_id(client, world, connection, given):
    given = given(world)
    error = only_error(await post(client, world, FILTERED[connection], {"ids": [given]}))
    assert error["message"] == f"`departmentIds` has an id that is not a department: {given}"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": FILTER_FIELD[connection]}
    assert error["path"] == [connection]


@pytest.mark.parametrize("connection", FILTERED)
async def test_department_filter_with_another_organizations_id_matches_nothing(
    client, world, connection
):
    """Not an error (the id is well formed), and nothing of the other organization leaks."""
    theirs = await post(client, world, FILTERED[connection], {"ids": [world.other_department]})
    assert theirs.json() == {"data": {connection: {"totalCount": 0}}}
    ours = await post(client, world, FILTERED[connection], {"ids": [world.department]})
    assert ours.json() == {"data": {connection: {"totalCount": 1}}}


# --- variables of the wrong type, unknown enum values: GraphQL's own errors ------------------

CREATE = MUTATIONS["personCreate"]
COERCION = {
    "first as a string literal": (
        '{ alumni(first: "ten") { totalCount } }',
        None,
        'Int cannot represent non-integer value: "ten"',
    ),
    "first as a string variable": (
        "query($first: Int) { alumni(first: $first) { totalCount } }",
        {"first": "ten"},
        "Variable '$first' has invalid value: Int cannot represent non-integer value: 'ten'",
    ),
    "first as a fraction": (
        "query($first: Int) { departments(first: $first) { edges { cursor } } }",
        {"first": 1.5},
        "Variable '$first' has invalid value: Int cannot represent non-integer value: 1.5",
    ),
    "first over 32 bits": (
        "{ alumni(first: 3000000000) { totalCount } }",
        None,
        "Int cannot represent non 32-bit signed integer value: 3000000000",
    ),
    "a hire date that is not a date": (
        CREATE,
        {"input": person(employment={"hireDate": "not-a-date"})},
        "Variable '$input' has invalid value at .employment.hireDate: Value cannot represent "
        "a Date: \"not-a-date\". Invalid isoformat string: 'not-a-date'",
    ),
    "February 30th": (
        CREATE,
        {"input": person(employment={"hireDate": "2024-02-30"})},
        "Variable '$input' has invalid value at .employment.hireDate: Value cannot represent "
        'a Date: "2024-02-30". day is out of range for month',
    ),
    "an unknown enum value in a variable": (
        CREATE,
        {"input": leaver(rehireEligibility="MAYBE")},
        "Variable '$input' has invalid value at .alumniProfile.rehireEligibility: "
        "Value 'MAYBE' does not exist in 'RehireEligibility' enum.",
    ),
    "an unknown enum value in a literal": (
        'mutation { departureRecord(input: {personId: "x", leaveDate: "2025-03-31",'
        " rehireEligibility: MAYBE}) { errors { code } } }",
        None,
        "Value 'MAYBE' does not exist in 'RehireEligibility' enum.",
    ),
    "an unknown enum value in a filter": (
        "{ alumni(filter: {rehireEligibility: [MAYBE]}) { totalCount } }",
        None,
        "Value 'MAYBE' does not exist in 'RehireEligibility' enum.",
    ),
    "a required field left out": (
        CREATE,
        {"input": {"employment": {"hireDate": "2015-04-01"}}},
        "Variable '$input' has invalid value: Expected value of type 'PersonCreateInput' to "
        "include required field 'name', found: {'employment': {'hireDate': '2015-04-01'}}.",
    ),
}


@pytest.mark.parametrize(("query", "variables", "message"), COERCION.values(), ids=COERCION)
async def test_values_graphql_cannot_coerce(client, world, query, variables, message):
    """Status 200 with the coercion error and no data: not a 500, not "Unexpected error."."""
    async with writes_nothing():
        error = only_error(await post(client, world, query, variables))
    assert error["message"] == message
    assert set(error) == {"message", "locations"}


# --- page sizes and cursors --------------------------------------------------------------------

CONNECTIONS = ("alumni", "employees", "departments")


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("first", [0, -1, 101, 10_000])
async def test_first_out_of_range(client, world, connection, first):
    query = f"{{ {connection}(first: {first}) {{ pageInfo {{ hasNextPage }} }} }}"
    error = only_error(await post(client, world, query))
    assert error["message"] == f"`first` must be between 1 and 100, got {first}."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert error["path"] == [connection]


GARBAGE_CURSORS = {
    "not base64": "garbage!",
    "base64 of text": b64("garbage"),
    "JSON that is not a pair": base64.urlsafe_b64encode(b'["a", "b", "c"]').decode(),
    "an object": base64.urlsafe_b64encode(b'{"value": "x", "key": "y"}').decode(),
    "a key that is not a string": cursor("ヤマダ", 5),
    "a key that is not a uuid": cursor("ヤマダ", "nope"),
    "a sort value of the wrong type": cursor(5, str(uuid.uuid4())),
}


@pytest.mark.parametrize("connection", CONNECTIONS)
@pytest.mark.parametrize("after", GARBAGE_CURSORS.values(), ids=GARBAGE_CURSORS)
async def test_garbage_after_cursor(client, world, connection, after):
    query = (
        f"query($after: String) {{ {connection}(after: $after) {{ pageInfo {{ hasNextPage }} }} }}"
    )
    error = only_error(await post(client, world, query, {"after": after}))
    assert error["message"] == "`after` is not a cursor from this list."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


ORDERED = """
query($order: AlumniOrderField!, $after: String) {
  alumni(first: 1, after: $after, orderBy: {field: $order}) { pageInfo { endCursor } }
}
"""


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("NAME_KANA", "DEPARTED_ON"),
        ("NAME_KANA", "CREATED_AT"),
        ("CREATED_AT", "DEPARTED_ON"),
        ("DEPARTED_ON", "CREATED_AT"),
    ],
)
async def test_after_cursor_of_another_ordering(client, world, source, target):
    page = await post(client, world, ORDERED, {"order": source})
    end = page.json()["data"]["alumni"]["pageInfo"]["endCursor"]
    assert end is not None
    error = only_error(await post(client, world, ORDERED, {"order": target, "after": end}))
    assert error["message"] == "`after` is not a cursor from this list."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}


# --- text over its limit ---------------------------------------------------------------------

TOO_LONG: dict[str, tuple[str, Input, list[Refusal]]] = {
    "a name of 101 characters": (
        "personCreate",
        lambda w: person(name="名" * 101),
        [("name", "TOO_LONG", "At most 100 characters.")],
    ),
    "a kana of 101 characters": (
        "personCreate",
        lambda w: person(nameKana="ア" * 101),
        [("nameKana", "TOO_LONG", "At most 100 characters.")],
    ),
    "an email of 255 characters": (
        "personCreate",
        lambda w: person(personalEmail="a" * 244 + "@example.jp"),
        [("personalEmail", "TOO_LONG", "At most 254 characters.")],
    ),
    "a phone number of 33 characters": (
        "personCreate",
        lambda w: person(phone="0" * 33),
        [("phone", "TOO_LONG", "At most 32 characters.")],
    ),
    "a title of 101 characters": (
        "personCreate",
        lambda w: person(employment={"title": "職" * 101}),
        [("employment.title", "TOO_LONG", "At most 100 characters.")],
    ),
    "an employee number of 33 characters": (
        "personCreate",
        lambda w: person(employment={"employeeNumber": "9" * 33}),
        [("employment.employeeNumber", "TOO_LONG", "At most 32 characters.")],
    ),
    "a company of 201 characters": (
        "personCreate",
        lambda w: leaver(currentCompany="社" * 201),
        [("alumniProfile.currentCompany", "TOO_LONG", "At most 200 characters.")],
    ),
    "a note of 2001 characters": (
        "personCreate",
        lambda w: leaver(rehireNote="メ" * 2001),
        [("alumniProfile.rehireNote", "TOO_LONG", "At most 2000 characters.")],
    ),
    "31 skills": (
        "personCreate",
        lambda w: leaver(skills=[f"skill {n}" for n in range(31)]),
        [("alumniProfile.skills", "TOO_MANY", "At most 30 values.")],
    ),
    "a skill of 51 characters": (
        "personCreate",
        lambda w: leaver(skills=["Python", "S" * 51]),
        [("alumniProfile.skills", "TOO_LONG", "At most 50 characters each.")],
    ),
    "31 tags in an update": (
        "personUpdate",
        lambda w: {"id": w.alumnus, "alumniProfile": {"tags": [f"t{n}" for n in range(31)]}},
        [("alumniProfile.tags", "TOO_MANY", "At most 30 values.")],
    ),
    "a company of 201 characters in an update": (
        "personUpdate",
        lambda w: {"id": w.alumnus, "alumniProfile": {"currentCompany": "社" * 201}},
        [("alumniProfile.currentCompany", "TOO_LONG", "At most 200 characters.")],
    ),
    "a name of 101 characters in an update": (
        "personUpdate",
        lambda w: {"id": w.employee, "name": "名" * 101},
        [("name", "TOO_LONG", "At most 100 characters.")],
    ),
    "a note of 2001 characters in a departure": (
        "departureRecord",
        lambda w: {"personId": w.employee, "leaveDate": "2025-03-31", "rehireNote": "メ" * 2001},
        [("rehireNote", "TOO_LONG", "At most 2000 characters.")],
    ),
    "a department name of 101 characters": (
        "departmentCreate",
        lambda w: {"name": "部" * 101},
        [("name", "TOO_LONG", "At most 100 characters.")],
    ),
}


@pytest.mark.parametrize(("mutation", "make_input", "expected"), TOO_LONG.values(), ids=TOO_LONG)
async def test_text_over_its_limit(client, world, mutation, make_input, expected):
    assert await refused(client, world, mutation, make_input(world)) == expected


SEARCHES = {
    "alumni search of 101 characters": (
        "query($f: AlumniFilterInput) { alumni(filter: $f) { totalCount } }",
        {"f": {"search": "検" * 101}},
        "`search` is limited to 100 characters.",
        "filter.search",
    ),
    "employees search of 101 characters": (
        "query($s: String) { employees(search: $s) { totalCount } }",
        {"s": "検" * 101},
        "`search` is limited to 100 characters.",
        "search",
    ),
    "a NUL character in a search": (
        "query($f: AlumniFilterInput) { alumni(filter: $f) { totalCount } }",
        {"f": {"search": "山\x00田"}},
        "`search` may not contain control characters.",
        "filter.search",
    ),
    "a NUL character in a skill filter": (
        "query($f: AlumniFilterInput) { alumni(filter: $f) { totalCount } }",
        {"f": {"skills": ["Py\x00thon"]}},
        "Skills and tags may not contain control characters.",
        "filter.skills",
    ),
    "a NUL character in an employees search": (
        "query($s: String) { employees(search: $s) { totalCount } }",
        {"s": "\x00"},
        "`search` may not contain control characters.",
        "search",
    ),
    "31 skills in a filter": (
        "query($f: AlumniFilterInput) { alumni(filter: $f) { totalCount } }",
        {"f": {"skills": [f"s{n}" for n in range(31)]}},
        "At most 30 values per filter.",
        "filter.skills",
    ),
    "31 tags in a filter": (
        "query($f: AlumniFilterInput) { alumni(filter: $f) { totalCount } }",
        {"f": {"tags": [f"t{n}" for n in range(31)]}},
        "At most 30 values per filter.",
        "filter.tags",
    ),
}


@pytest.mark.parametrize(
    ("query", "variables", "message", "field"), SEARCHES.values(), ids=SEARCHES
)
async def test_search_over_its_limit(client, world, query, variables, message, field):
    error = only_error(await post(client, world, query, variables))
    assert error["message"] == message
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


# --- values the rules refuse -----------------------------------------------------------------

REFUSED_BY_RULES: dict[str, tuple[str, Input, list[Refusal]]] = {
    "an email without @": (
        "personCreate",
        lambda w: person(personalEmail="taro.example.jp"),
        [("personalEmail", "INVALID_EMAIL", "An email address must have an @-sign.")],
    ),
    "an email without a domain": (
        "personCreate",
        lambda w: person(workEmail="taro@localhost"),
        [
            (
                "workEmail",
                "INVALID_EMAIL",
                "The part after the @-sign is not valid. It should have a period.",
            )
        ],
    ),
    "a phone number that is too short": (
        "personCreate",
        lambda w: person(phone="12345"),
        [("phone", "INVALID_PHONE", "This is not a valid phone number.")],
    ),
    "a phone number of letters": (
        "personCreate",
        lambda w: person(phone="call me"),
        [("phone", "INVALID_PHONE", "This is not a valid phone number.")],
    ),
    "an email someone else has (in other case)": (
        "personCreate",
        lambda w: person(personalEmail="TAKEN@Example.JP"),
        [
            (
                "personalEmail",
                "EMAIL_TAKEN",
                "Another person in this organization has this email address.",
            )
        ],
    ),
    "an email someone else has, in an update": (
        "personUpdate",
        lambda w: {"id": w.alumnus, "workEmail": "ichiro@acme.example"},
        [
            (
                "workEmail",
                "EMAIL_TAKEN",
                "Another person in this organization has this email address.",
            )
        ],
    ),
    "an employee number someone else has (in full width)": (
        "personCreate",
        lambda w: person(employment={"employeeNumber": "Ｅ-１００"}),
        [
            (
                "employment.employeeNumber",
                "EMPLOYEE_NUMBER_TAKEN",
                "Another person has this employee number.",
            )
        ],
    ),
    "a leave date before the hire date": (
        "personCreate",
        lambda w: person(employment={"hireDate": "2020-04-01", "leaveDate": "2020-03-31"}),
        [("employment.leaveDate", "LEAVE_BEFORE_HIRE", "The leave date is before the hire date.")],
    ),
    "a departure before the hire date": (
        "departureRecord",
        lambda w: {"personId": w.employee, "leaveDate": "2017-03-31"},
        [("leaveDate", "LEAVE_BEFORE_HIRE", "The leave date is before the hire date.")],
    ),
    "a departure of someone who already left": (
        "departureRecord",
        lambda w: {"personId": w.alumnus, "leaveDate": "2025-03-31"},
        [("personId", "NOT_EMPLOYED", "This person has no open employment period.")],
    ),
    "an alumni profile without a leave date": (
        "personCreate",
        lambda w: person(alumniProfile={"currentCompany": "ミライ"}),
        [
            (
                "alumniProfile",
                "NOT_ALUMNUS",
                "An alumni profile needs an employment with a leave date.",
            )
        ],
    ),
    "a blank name": (
        "personCreate",
        lambda w: person(name="  　 "),
        [("name", "REQUIRED", "This field is required.")],
    ),
    "an empty skill": (
        "personCreate",
        lambda w: leaver(skills=["Python", " "]),
        [("alumniProfile.skills", "REQUIRED", "Values cannot be empty.")],
    ),
    "a department name that is taken": (
        "departmentCreate",
        lambda w: {"name": " 営業 "},
        [("name", "DEPARTMENT_NAME_TAKEN", "A department with this name already exists.")],
    ),
}


@pytest.mark.parametrize(
    ("mutation", "make_input", "expected"), REFUSED_BY_RULES.values(), ids=REFUSED_BY_RULES
)
async def test_values_the_rules_refuse(client, world, mutation, make_input, expected):
    assert await refused(client, world, mutation, make_input(world)) == expected


async def test_archived_person_cannot_be_archived_changed_or_departed_again(client, world):
    first = await post(client, world, MUTATIONS["personArchive"], {"input": {"id": world.employee}})
    assert first.json()["data"]["personArchive"]["errors"] == []
    archived = "This person is archived."
    again = {"id": world.employee}
    assert await refused(client, world, "personArchive", again) == [("id", "ARCHIVED", archived)]
    change = {"id": world.employee, "name": "改名 四郎"}
    assert await refused(client, world, "personUpdate", change) == [("id", "ARCHIVED", archived)]
    departure = {"personId": world.employee, "leaveDate": "2025-03-31"}
    assert await refused(client, world, "departureRecord", departure) == [
        ("personId", "ARCHIVED", archived)
    ]


async def test_every_error_of_an_input_at_once(client, world):
    given = person(name="名" * 101, personalEmail="not-an-email", phone="12345")
    assert await refused(client, world, "personCreate", given) == [
        ("name", "TOO_LONG", "At most 100 characters."),
        ("personalEmail", "INVALID_EMAIL", "An email address must have an @-sign."),
        ("phone", "INVALID_PHONE", "This is not a valid phone number."),
    ]
    across_parts = leaver(currentCompany="社" * 201)
    across_parts["personalEmail"] = "not-an-email"
    across_parts["employment"]["title"] = "肩" * 101
    assert await refused(client, world, "personCreate", across_parts) == [
        ("personalEmail", "INVALID_EMAIL", "An email address must have an @-sign."),
        ("employment.title", "TOO_LONG", "At most 100 characters."),
        ("alumniProfile.currentCompany", "TOO_LONG", "At most 200 characters."),
    ]


async def test_a_nul_character_is_refused(client, world):
    assert await refused(client, world, "departmentCreate", {"name": "営\x00業"}) == [
        ("name", "INVALID", "This value is not valid.")
    ]
    assert await refused(
        client, world, "personCreate", person(name="山田\x00太郎", personalEmail="a\x00@b.jp")
    ) == [
        ("name", "INVALID", "This value is not valid."),
        ("personalEmail", "INVALID", "This value is not valid."),
    ]


# --- the HTTP layer ----------------------------------------------------------------------------

MUTATION = 'mutation { departmentCreate(input: {name: "HTTP"}) { errors { code } } }'
JSON = {"content-type": "application/json"}
HTTP = {
    "a body that is not JSON": (
        {"headers": JSON, "content": '{"query": "mutation { departmentCreate'},
        400,
        "Unable to parse request body as JSON",
    ),
    "an empty body": (
        {"headers": JSON, "content": ""},
        400,
        "Unable to parse request body as JSON",
    ),
    "JSON that is a string": (
        {"headers": JSON, "content": json.dumps(MUTATION)},
        400,
        'The request body must be a JSON object: {"query": …}.',
    ),
    "JSON null": (
        {"headers": JSON, "content": "null"},
        400,
        'The request body must be a JSON object: {"query": …}.',
    ),
    "JSON without a query": (
        {"json": {"variables": {}}},
        400,
        "No GraphQL query found in the request",
    ),
    "a query that is not a string": (
        {"json": {"query": 5}},
        400,
        "The GraphQL operation's `query` must be a string or null, if provided.",
    ),
    "variables that are not an object": (
        {"json": {"query": MUTATION, "variables": "x"}},
        400,
        "The GraphQL operation's `variables` must be an object or null, if provided.",
    ),
    "an unknown operation name": (
        {"json": {"query": MUTATION, "operationName": "Other"}},
        400,
        'Unknown operation named "Other".',
    ),
    "a batch": ({"json": [{"query": MUTATION}]}, 400, "Batching is not enabled"),
    "text/plain": (
        {"headers": {"content-type": "text/plain"}, "content": json.dumps({"query": MUTATION})},
        400,
        "Unsupported content type",
    ),
    "a form": ({"data": {"query": MUTATION}}, 400, "Unsupported content type"),
}


@pytest.mark.parametrize(("request_args", "status", "message"), HTTP.values(), ids=HTTP)
async def test_http_request_that_is_not_graphql(client, world, request_args, status, message):
    args = dict(request_args)
    headers = {"Authorization": f"Bearer {world.token}", **args.pop("headers", {})}
    async with writes_nothing():
        response = await client.post("/graphql", headers=headers, **args)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"errors": [{"message": message}]}
    assert response.headers["x-request-id"]


async def test_a_mutation_over_get_does_not_run(client, world):
    async with writes_nothing():
        response = await client.get(
            "/graphql",
            params={"query": MUTATION},
            headers={"Authorization": f"Bearer {world.token}"},
        )
    assert response.status_code == 400
    assert response.json() == {"errors": [{"message": "mutations are not allowed when using GET"}]}


def oversized() -> bytes:
    """A valid mutation padded to one byte over the limit."""
    body = json.dumps({"query": MUTATION, "padding": ""}).encode()
    return body[:-2] + b"x" * (1_000_001 - len(body)) + b'"}'


async def test_a_body_over_the_limit(client, world):
    body = oversized()
    assert len(body) == 1_000_001 and json.loads(body)["query"] == MUTATION
    async with writes_nothing():
        response = await client.post(
            "/graphql",
            content=body,
            headers={"Authorization": f"Bearer {world.token}", **JSON},
        )
    assert response.status_code == 413
    assert response.json() == {"errors": [{"message": "The request body is over 1000000 bytes."}]}


async def test_a_chunked_body_over_the_limit(client, world):
    """Without a Content-Length the guard counts while the body is read."""

    async def chunks() -> AsyncIterator[bytes]:
        body = oversized()
        for start in range(0, len(body), 64_000):
            yield body[start : start + 64_000]

    async with writes_nothing():
        response = await client.post(
            "/graphql", content=chunks(), headers={"Authorization": f"Bearer {world.token}", **JSON}
        )
    assert response.status_code == 413
    assert response.json() == {"errors": [{"message": "The request body is over 1000000 bytes."}]}
    assert response.headers["x-request-id"]


# --- query limits ------------------------------------------------------------------------------


def deep_create(leaf: str) -> str:
    """personCreate { person { employments { manager { … 4 times … { `leaf` }: the leaf
    `name` is at depth 10, a field under it at depth 11 (root fields are at depth 0)."""
    nested = "employments { manager { " * 4 + leaf + " } }" * 4
    return (
        'mutation Deep { personCreate(input: {name: "深い 人", employment: {hireDate:'
        f' "2015-04-01"}}}}) {{ person {{ {nested} }} }} }}'
    )


def fragment_bomb(levels: int) -> str:
    """A mutation whose ~30 tokens per level expand tenfold per level."""
    fragments = ["fragment F0 on Department { name }"] + [
        f"fragment F{n} on Department {{ {f'...F{n - 1} ' * 10}}}" for n in range(1, levels)
    ]
    return (
        'mutation { departmentCreate(input: {name: "爆弾"}) {'
        f" department {{ ...F{levels - 1} }} }} }} {' '.join(fragments)}"
    )


PERSON_LEAVES = (
    "id name nameKana status personalEmail workEmail phone archivedAt createdAt createdBy "
    "updatedBy alumniProfile { currentCompany skills tags }"
)
LIMITS = {
    "depth 11": (
        deep_create("departments { name }"),
        "'Deep' exceeds maximum operation depth of 10",
        {"code": "QUERY_TOO_COMPLEX"},
    ),
    "16 aliases": (
        "mutation { "
        + " ".join(
            f'd{n}: departmentCreate(input: {{name: "部{n}"}}) {{ errors {{ code }} }}'
            for n in range(16)
        )
        + " }",
        "16 aliases found. Allowed: 15",
        {"code": "QUERY_TOO_COMPLEX"},
    ),
    "over 2,000 tokens": (
        'mutation { departmentCreate(input: {name: "トークン"}) { errors { '
        + "code " * 1990
        + "} } }",
        "Syntax Error: Document contains more than 2000 tokens. Parsing aborted.",
        None,
    ),
    "cost 25,201: a page of 100 with 250 fields each": (
        "{ alumni(first: 100) { edges { node { " + "name " * 250 + "} } } }",
        "The query costs 25201, over the limit of 25000: ask for smaller pages or fewer "
        "nested lists.",
        {"code": "QUERY_TOO_COMPLEX", "cost": 25201, "limit": 25000},
    ),
    "cost 25,515: the same connection under 15 aliases": (
        "{ "
        + " ".join(
            f"a{n}: alumni(first: 100) {{ edges {{ node {{ {PERSON_LEAVES} }} }} }}"
            for n in range(15)
        )
        + " }",
        "The query costs 25515, over the limit of 25000: ask for smaller pages or fewer "
        "nested lists.",
        {"code": "QUERY_TOO_COMPLEX", "cost": 25515, "limit": 25000},
    ),
    "cost 10^7: nested fragments in a mutation": (
        fragment_bomb(8),
        "The query costs 10000002, over the limit of 25000: ask for smaller pages or fewer "
        "nested lists.",
        {"code": "QUERY_TOO_COMPLEX", "cost": 10000002, "limit": 25000},
    ),
}


@pytest.mark.parametrize(("query", "message", "extensions"), LIMITS.values(), ids=LIMITS)
async def test_over_a_query_limit_nothing_runs(client, world, query, message, extensions):
    async with writes_nothing():
        error = only_error(await post(client, world, query))
    assert error["message"] == message
    assert error.get("extensions") == extensions


async def test_at_the_depth_limit_the_mutation_runs(client, world):
    """The boundary of the depth case above: depth 10 is allowed."""
    response = await post(client, world, deep_create("name"))
    assert response.json()["data"]["personCreate"]["person"] == {"employments": [{"manager": None}]}


# --- unexpected errors -------------------------------------------------------------------------


@pytest.mark.parametrize("given_id", [None, "trace-7f3a.01"], ids=["generated", "given"])
async def test_an_unexpected_error_is_masked_with_the_request_id(client, world, caplog, given_id):
    """A fault below the resolver (here: the department table is gone) reaches the client as
    "Unexpected error." with the request id; the real error is logged under the same id."""
    headers = {"Authorization": f"Bearer {world.token}"}
    if given_id:
        headers["X-Request-ID"] = given_id
    query = {"query": "{ departments { edges { node { name } } } }"}
    database = connections.get("default")
    await database.execute_script("ALTER TABLE department RENAME TO department_gone")
    try:
        with caplog.at_level(logging.ERROR, logger="kizuna.api"):
            response = await client.post("/graphql", json=query, headers=headers)
    finally:  # PostgreSQL tests share one database per process: put the table back
        await database.execute_script("ALTER TABLE department_gone RENAME TO department")
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    if given_id:
        assert request_id == given_id
    else:
        assert len(request_id) == 32  # uuid4().hex
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Unexpected error.",
                "locations": [{"line": 1, "column": 3}],
                "path": ["departments"],
                "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
            }
        ],
    }
    [logged] = [r for r in caplog.records if r.name == "kizuna.api"]
    assert logged.getMessage() == "unexpected error in departments"
    assert logged.request_id == request_id
    assert "department" in str(logged.exc_info[1])
