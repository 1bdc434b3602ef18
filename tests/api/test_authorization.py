"""Who sees what, asserted field by field for every principal kind.

The queries are built from the schema itself, so a field added to Person, AlumniProfile or
EmploymentPeriod is covered here without touching this file: for a directory viewer it must
answer FORBIDDEN unless it is added to DIRECTORY_FIELDS on purpose. Consents
(CONSENT_FIELDS) are for hr, executives and the person themself only: FORBIDDEN even for
the manager who sees a former report in full.

Data: two organizations. In A, R is the manager's former report (not listed), L and S are
directory-listed alumni (S also signs in as an alumnus) and H is a non-listed alumnus. In B,
one listed alumnus that no member of A may ever reach, and an hr member.
Anonymous callers get UNAUTHENTICATED from every root field (see
test_anonymous_gets_unauthenticated_from_every_root_field).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from graphql import (
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    get_named_type,
)

from auth.tokens import issue_access_token
from domain.accounts.models import Membership, Role, User
from domain.accounts.services import add_member
from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.consent.services import record_consent
from domain.identity.models import Session, SignInMethod
from domain.identity.sessions import open_session, revoke_session
from domain.organizations.models import Organization
from domain.outbox.models import OutboxEvent
from domain.people.models import AlumniProfile, EmploymentPeriod, Person
from resolvers import ids
from schema.schema import build_schema
from tests.conftest import SECRET
from tests.factories import (
    SEED,
    gql,
    make_alumnus,
    make_department,
    make_employee,
    make_member,
    make_org,
)

SCHEMA = build_schema()._schema

# The rules, written out independently of the permission declarations in the schema.
DIRECTORY_FIELDS = {
    "Person.id",
    "Person.name",
    "Person.nameKana",
    "Person.departments",
    "Person.alumniProfile",
    "AlumniProfile.currentCompany",
    "AlumniProfile.skills",
}
# Fields only staff who manage read, even of a person they see in full: an employee or an
# alumnus does not read off-boardings, timelines or the organization's remarks, not even
# their own.
STAFF_ONLY_FIELDS = {"Person.offboarding", "Person.touchpoints", "AlumniProfile.note"}
STAFF = {"executive", "hr", "manager", "other_hr"}
# Fields that are null in the test data for everyone who may read them (nobody is archived
# or off-boarded here: tests/api/test_offboarding.py covers off-boardings).
NULL_IN_DATA = {"Person.archivedAt", "Person.erasedAt", "Person.offboarding"}
# Consents: hr, executives and the person themself, never a manager or the directory.
CONSENT_FIELDS = {"Person.consents", "Person.consentHistory"}
CONSENT_READERS = {"executive", "hr"}

FULL, DIRECTORY, NOT_FOUND, UNAUTHENTICATED = "FULL", "DIRECTORY", "NOT_FOUND", "UNAUTHENTICATED"

# principal → what they get for each person of org A queried through node(id:).
NODE_ACCESS = {
    "anonymous": {
        "R": UNAUTHENTICATED,
        "L": UNAUTHENTICATED,
        "H": UNAUTHENTICATED,
        "S": UNAUTHENTICATED,
    },
    "executive": {"R": FULL, "L": FULL, "H": FULL, "S": FULL},
    "hr": {"R": FULL, "L": FULL, "H": FULL, "S": FULL},
    "manager": {"R": FULL, "L": DIRECTORY, "H": NOT_FOUND, "S": DIRECTORY},
    "employee": {"R": NOT_FOUND, "L": DIRECTORY, "H": NOT_FOUND, "S": DIRECTORY},
    "alumnus": {"R": NOT_FOUND, "L": DIRECTORY, "H": NOT_FOUND, "S": FULL},
    "other_hr": {"R": NOT_FOUND, "L": NOT_FOUND, "H": NOT_FOUND, "S": NOT_FOUND},
}
# Fields that answer null without an error for this principal and person, beyond NULL_IN_DATA:
# S's manager (an employee) is not someone the alumnus S may see.
HIDDEN_WITHOUT_ERROR = {("alumnus", "S"): {"employments.0.manager"}}

# principal → the people `alumni` lists (B is org B's listed alumnus).
LISTED = {
    "executive": {"R", "L", "H", "S"},
    "hr": {"R", "L", "H", "S"},
    "manager": {"R", "L", "S"},
    "employee": {"L", "S"},
    "alumnus": {"L", "S"},
    "other_hr": {"B"},
}
PRINCIPALS = list(NODE_ACCESS)
PEOPLE = ["R", "L", "H", "S"]


# --- queries built from the schema -------------------------------------------------------

AUDITED_TYPES = ("Person", "AlumniProfile", "EmploymentPeriod")


def required_arguments(field: GraphQLField) -> list[str]:
    return [
        name
        for name, arg in field.args.items()
        if isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
    ]


def expanded(type_name: str, field_name: str, seen: frozenset[str]) -> str | None:
    """The audited type this field opens, unless it was already opened above it."""
    named = get_named_type(SCHEMA.type_map[type_name].fields[field_name].type)
    return named.name if named.name in AUDITED_TYPES and named.name not in seen else None


def selection(type_name: str, seen: frozenset[str] = frozenset()) -> str:
    """Every field of an audited type; other objects (and audited types met again, such as
    a period's manager) are selected by id only."""
    seen = seen | {type_name}
    fields = []
    for name, field in SCHEMA.type_map[type_name].fields.items():
        required = required_arguments(field)
        assert not required, f"{type_name}.{name} has arguments {required}: extend this builder"
        named = get_named_type(field.type)
        child = expanded(type_name, name, seen)
        if child is not None:
            fields.append(f"{name} {{ {selection(child, seen)} }}")
        elif named.name.endswith("Connection"):
            fields.append(f"{name} {{ pageInfo {{ hasNextPage }} }}")
        elif isinstance(named, GraphQLObjectType) and "id" not in named.fields:
            # A value without identity (a period's tenure): its scalar fields.
            scalars = [
                n for n, f in named.fields.items() if not hasattr(get_named_type(f.type), "fields")
            ]
            assert len(scalars) == len(named.fields), f"{type_name}.{name}: extend this builder"
            fields.append(f"{name} {{ {' '.join(scalars)} }}")
        elif isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            assert "id" in named.fields, f"{type_name}.{name}: no id to select on {named.name}"
            fields.append(f"{name} {{ id }}")
        else:
            fields.append(name)
    return " ".join(fields)


PERSON_SELECTION = selection("Person")
NODE = (
    f"query($id: ID!) {{ node(id: $id) {{ __typename ... on Person {{ {PERSON_SELECTION} }} }} }}"
)
ALUMNI = f"{{ alumni(first: 100) {{ edges {{ node {{ {PERSON_SELECTION} }} }} }} }}"
ALUMNI_IDS = "{ alumni(first: 100) { edges { node { id } } } }"


def reads_consents(principal: str, person: str) -> bool:
    return principal in CONSENT_READERS or (principal, person) == ("alumnus", "S")


def expected_states(
    access: str,
    hidden: set[str],
    staff: bool,
    consents: bool,
    prefix: str = "",
    type_name: str = "Person",
    seen: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """path → "value" | "null" | "FORBIDDEN" for a person the viewer reaches with `access`
    (and may read the consents of, if `consents`).

    Each person in the data has exactly one employment period, hence `employments.0`."""
    seen = seen | {type_name}
    states = {}
    for name in SCHEMA.type_map[type_name].fields:
        path, rule = f"{prefix}{name}", f"{type_name}.{name}"
        if access == DIRECTORY and rule not in DIRECTORY_FIELDS:
            states[path] = "FORBIDDEN"
            continue
        if (rule in STAFF_ONLY_FIELDS and not staff) or (rule in CONSENT_FIELDS and not consents):
            states[path] = "FORBIDDEN"
            continue
        states[path] = "null" if rule in NULL_IN_DATA or path in hidden else "value"
        child = expanded(type_name, name, seen)
        if child is not None and states[path] == "value":
            index = "0." if child == "EmploymentPeriod" else ""
            states.update(
                expected_states(access, hidden, staff, consents, f"{path}.{index}", child, seen)
            )
    return states


def actual_states(
    node: dict[str, Any],
    errors: dict[str, str],
    prefix: str = "",
    type_name: str = "Person",
    seen: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """The same map read from a response: `errors` maps a dotted path to its error code."""
    seen = seen | {type_name}
    states = {}
    for name in SCHEMA.type_map[type_name].fields:
        path = f"{prefix}{name}"
        value = node[name]
        if path in errors:
            states[path] = errors[path]
        elif value is None:
            states[path] = "null"
        elif value == []:
            states[path] = "empty list"
        else:
            states[path] = "value"
        child = expanded(type_name, name, seen)
        if child is not None and value is not None:
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                at = f"{path}.{index}." if isinstance(value, list) else f"{path}."
                states.update(actual_states(item, errors, at, child, seen))
    return states


def errors_by_path(body: dict[str, Any], strip: int) -> dict[str, str]:
    """Error codes keyed by their path, without the first `strip` path elements."""
    found = {}
    for error in body.get("errors", []):
        path = ".".join(str(p) for p in error["path"][strip:])
        assert path not in found, f"two errors at {path}: {body['errors']}"
        found[path] = error["extensions"]["code"]
    return found


# --- data ----------------------------------------------------------------------------------


@dataclass
class World:
    # R, L, H, S and the staff (hr, executive, manager, employee) in org A; B, other_hr in B
    people: dict[str, Person]
    org: Organization  # org A
    tokens: dict[str, str | None]  # principal → bearer token
    memberships: dict[str, Membership]
    other_department: str  # global id of a department of org B

    def gid(self, key: str) -> str:
        return ids.encode("Person", self.people[key].id)

    def key_of(self, global_id: str) -> str:
        return next(key for key in self.people if self.gid(key) == global_id)


@pytest.fixture
async def world(client) -> World:
    org = await make_org("acme")
    other = await make_org("beta", "株式会社ベータ")
    eng = await make_department(org, "エンジニアリング")
    sales = await make_department(other, "営業")

    def contact(n: int) -> dict[str, Any]:
        return {"phone": f"090-1234-{n:04d}", "department_id": eng.id}

    hr = await make_employee(org, name="人事 花子", **contact(1))
    executive = await make_employee(org, name="役員 次郎", **contact(2))
    manager = await make_employee(org, name="上司 一郎", **contact(3))
    employee = await make_employee(org, name="社員 三郎", manager_id=manager.id, **contact(4))
    people = {
        "R": await make_alumnus(
            org, name="部下 R", directory_listed=False, manager_id=manager.id, **contact(5)
        ),
        "L": await make_alumnus(org, name="掲載 L", manager_id=hr.id, **contact(6)),
        "H": await make_alumnus(
            org, name="非掲載 H", directory_listed=False, manager_id=hr.id, **contact(7)
        ),
        "S": await make_alumnus(org, name="本人 S", manager_id=hr.id, **contact(8)),
    }
    # No domain service records touchpoints yet; set one so that every field has a value.
    await AlumniProfile.filter(person_id__in=[p.id for p in people.values()]).update(
        last_touchpoint_at=datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
    )
    for person in people.values():  # so that consents are a list with something in it
        await record_consent(org, SEED, person, "newsletter", "email", "granted", "import")
    other_hr = await make_employee(other, name="他社 人事")
    people["B"] = await make_alumnus(other, name="他社 B", manager_id=other_hr.id)
    staff = {"hr": hr, "executive": executive, "manager": manager, "employee": employee}
    people.update(staff, other_hr=other_hr)

    members = {
        "executive": await make_member(org, Role.EXECUTIVE, executive),
        "hr": await make_member(org, Role.HR, hr),
        "manager": await make_member(org, Role.MANAGER, manager),
        "employee": await make_member(org, Role.EMPLOYEE, employee),
        "alumnus": await make_member(org, Role.ALUMNUS, people["S"]),
        "other_hr": await make_member(other, Role.HR, other_hr),
    }
    tokens: dict[str, str | None] = {key: token for key, (_, token) in members.items()}
    tokens["anonymous"] = None
    return World(
        people=people,
        org=org,
        tokens=tokens,
        memberships={key: membership for key, (membership, _) in members.items()},
        other_department=ids.encode("Department", sales.id),
    )


# --- node(id:): every field, every principal, every person -------------------------------


def test_the_query_covers_every_field_of_the_audited_types():
    for type_name in AUDITED_TYPES:
        for name in SCHEMA.type_map[type_name].fields:
            assert name in PERSON_SELECTION, f"{type_name}.{name} is not queried"
    existing = {f"{t}.{f}" for t in AUDITED_TYPES for f in SCHEMA.type_map[t].fields}
    assert not DIRECTORY_FIELDS - existing, "DIRECTORY_FIELDS names a field that no longer exists"


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("principal", PRINCIPALS)
async def test_node_fields(client, world, principal, person):
    body = await gql(client, NODE, {"id": world.gid(person)}, world.tokens[principal])
    outcome = NODE_ACCESS[principal][person]

    if outcome in (UNAUTHENTICATED, NOT_FOUND):
        # `node` is nullable, so the error nulls the field, not `data`.
        assert body["data"] == {"node": None}, body
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["node"], outcome)
        ], body
        return

    node = body["data"]["node"]
    assert node["__typename"] == "Person"
    assert node["id"] == world.gid(person)
    hidden = HIDDEN_WITHOUT_ERROR.get((principal, person), set())
    expected = expected_states(
        outcome, hidden, principal in STAFF, reads_consents(principal, person)
    )
    assert actual_states(node, errors_by_path(body, strip=1)) == expected
    assert all(e["path"][0] == "node" for e in body.get("errors", [])), body


# --- alumni: which people are listed, and how much of each -------------------------------


@pytest.mark.parametrize("principal", [p for p in PRINCIPALS if p != "anonymous"])
async def test_alumni_lists_exactly_the_visible_alumni(client, world, principal):
    body = await gql(client, ALUMNI_IDS, token=world.tokens[principal])
    assert "errors" not in body, body
    listed = {world.key_of(edge["node"]["id"]) for edge in body["data"]["alumni"]["edges"]}
    assert listed == LISTED[principal]


@pytest.mark.parametrize("principal", ["executive", "hr", "manager", "employee", "alumnus"])
async def test_alumni_nodes_carry_the_same_access_as_node(client, world, principal):
    """The list computes access on its own path; it must agree with node(id:)."""
    body = await gql(client, ALUMNI, token=world.tokens[principal])
    errors = errors_by_path(body, strip=0)
    edges = body["data"]["alumni"]["edges"]
    assert {world.key_of(edge["node"]["id"]) for edge in edges} == LISTED[principal]
    for index, edge in enumerate(edges):
        person = world.key_of(edge["node"]["id"])
        prefix = f"alumni.edges.{index}.node."
        mine = {k.removeprefix(prefix): v for k, v in errors.items() if k.startswith(prefix)}
        hidden = HIDDEN_WITHOUT_ERROR.get((principal, person), set())
        expected = expected_states(
            NODE_ACCESS[principal][person],
            hidden,
            principal in STAFF,
            reads_consents(principal, person),
        )
        assert actual_states(edge["node"], mine) == expected, person
    assert all(path.startswith("alumni.edges.") for path in errors), errors


# principal → the current employees `employees` lists; None: FORBIDDEN.
EMPLOYEES = {
    "executive": {"hr", "executive", "manager", "employee"},
    "hr": {"hr", "executive", "manager", "employee"},
    "manager": {"employee"},
    "employee": None,
    "alumnus": None,
    "other_hr": {"other_hr"},
}
EMPLOYEE_IDS = "{ employees(first: 100) { edges { node { id } } } }"


@pytest.mark.parametrize("principal", list(EMPLOYEES))
async def test_employees_lists_exactly_the_visible_employees(client, world, principal):
    body = await gql(client, EMPLOYEE_IDS, token=world.tokens[principal])
    if EMPLOYEES[principal] is None:
        assert body["data"] is None, body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        return
    assert "errors" not in body, body
    listed = {world.key_of(edge["node"]["id"]) for edge in body["data"]["employees"]["edges"]}
    assert listed == EMPLOYEES[principal]


async def test_a_manager_without_a_person_record_has_no_reports(client, world):
    """`manager_id = NULL` must not turn every employee without a manager into a report."""
    _, token = await make_member(world.org, Role.MANAGER)
    body = await gql(client, EMPLOYEE_IDS, token=token)
    assert body == {"data": {"employees": {"edges": []}}}
    body = await gql(client, ALUMNI_IDS, token=token)
    listed = {world.key_of(edge["node"]["id"]) for edge in body["data"]["alumni"]["edges"]}
    assert listed == {"L", "S"}


# --- anonymous: every root query field ---------------------------------------------------

# Values for required arguments of root fields; a new required argument must be added here.
ROOT_ARGUMENTS = {
    "node": f'(id: "{ids.encode("Person", UUID(int=0))}")',
    "exitAnalytics": '(from: "2025-01-01", to: "2025-12-31")',
    "referralFunnel": '(from: "2025-01-01", to: "2025-12-31")',
    "rehireFunnel": '(from: "2025-01-01", to: "2025-12-31")',
    "personDataExport": f'(personId: "{ids.encode("Person", UUID(int=0))}")',
}


def root_query(name: str) -> str:
    field = SCHEMA.query_type.fields[name]
    required = required_arguments(field)
    assert not required or name in ROOT_ARGUMENTS, f"Query.{name} needs {required}"
    named = get_named_type(field.type)
    selection = (
        " { __typename }" if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) else ""
    )
    return f"{{ {name}{ROOT_ARGUMENTS.get(name, '')}{selection} }}"


@pytest.mark.parametrize("field", list(SCHEMA.query_type.fields))
async def test_anonymous_gets_unauthenticated_from_every_root_field(client, world, field):
    body = await gql(client, root_query(field))
    nullable = not isinstance(SCHEMA.query_type.fields[field].type, GraphQLNonNull)
    assert body["data"] == ({field: None} if nullable else None), body
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        ([field], "UNAUTHENTICATED")
    ], body


# --- other organizations -------------------------------------------------------------------


@pytest.mark.parametrize("principal", ["executive", "hr", "manager", "employee", "alumnus"])
async def test_another_organizations_ids_are_not_found(client, world, principal):
    for global_id in (world.gid("B"), world.other_department):
        body = await gql(client, NODE, {"id": global_id}, world.tokens[principal])
        assert body["data"] == {"node": None}, body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"], body


# --- mutations -----------------------------------------------------------------------------

CREATE = """
mutation($input: PersonCreateInput!) {
  personCreate(input: $input) { person { id } errors { code } }
}
"""
NEW_PERSON = {
    "name": "新人 花子",
    "nameKana": "シンジン ハナコ",
    "workEmail": "hanako@acme.example",
    "employment": {"hireDate": "2025-04-01", "title": "営業"},
}


async def row_counts() -> dict[str, int]:
    return {
        "person": await Person.all().count(),
        "employment_period": await EmploymentPeriod.all().count(),
        "audit_event": await AuditEvent.all().count(),
        "outbox_event": await OutboxEvent.all().count(),
    }


@pytest.mark.parametrize(
    ("principal", "code"),
    [
        ("employee", "FORBIDDEN"),
        ("manager", "FORBIDDEN"),
        ("alumnus", "FORBIDDEN"),
        ("executive", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ],
)
async def test_forbidden_person_create_writes_nothing(client, world, principal, code):
    before = await row_counts()
    body = await gql(client, CREATE, {"input": NEW_PERSON}, world.tokens[principal])
    assert body["data"] is None, body
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["personCreate"], code)
    ]
    assert await row_counts() == before


async def test_person_create_by_hr_writes_one_person(client, world):
    """The control for the test above: the same request by hr does write."""
    before = await row_counts()
    body = await gql(client, CREATE, {"input": NEW_PERSON}, world.tokens["hr"])
    assert body["data"]["personCreate"]["errors"] == [], body
    after = await row_counts()
    assert after["person"] == before["person"] + 1
    assert after["employment_period"] == before["employment_period"] + 1


# --- tokens --------------------------------------------------------------------------------

VIEWER = "{ viewer { role } }"


async def assert_unauthenticated(client, token: str, message_part: str) -> None:
    body = await gql(client, VIEWER, token=token)
    assert body["data"] is None, body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert message_part in error["message"], error["message"]


async def test_a_valid_token_is_accepted(client, world):
    body = await gql(client, VIEWER, token=world.tokens["hr"])
    assert body == {"data": {"viewer": {"role": "HR"}}}


async def _session_of(membership: Membership) -> Session:
    return await open_session(
        membership.organization_id,
        user_id=membership.user_id,
        method=SignInMethod.OPERATOR,
        lifetime=timedelta(hours=1),
    )


async def test_expired_token(client, world):
    session = await _session_of(world.memberships["hr"])
    token = issue_access_token(SECRET, session, minutes=-1)
    await assert_unauthenticated(client, token, "expired")


async def test_token_signed_with_another_secret(client, world):
    session = await _session_of(world.memberships["hr"])
    token = issue_access_token(
        "another-secret-that-is-long-enough-for-hs256-987654321", session, minutes=30
    )
    await assert_unauthenticated(client, token, "not valid")


async def test_token_of_a_deleted_membership(client, world):
    await Membership.filter(id=world.memberships["hr"].id).delete()
    await assert_unauthenticated(client, world.tokens["hr"], "revoked")


async def test_token_of_a_revoked_session(client, world):
    session = await _session_of(world.memberships["hr"])
    token = issue_access_token(SECRET, session, minutes=30)
    assert await gql(client, VIEWER, token=token) == {"data": {"viewer": {"role": "HR"}}}
    assert await revoke_session(session.id, "signed_out")
    await assert_unauthenticated(client, token, "revoked")
    assert not await revoke_session(session.id, "signed_out")  # once only


async def test_token_of_an_expired_session(client, world):
    session = await _session_of(world.memberships["hr"])
    token = issue_access_token(SECRET, session, minutes=120)  # outlives its session
    await Session.filter(id=session.id).update(expires_at=session.created_at)
    await assert_unauthenticated(client, token, "revoked")


async def test_a_session_counts_only_in_its_own_organization(client, world):
    """A user in two organizations: a session opened in one never acts in the other."""
    hr = world.memberships["hr"]
    other_org = world.memberships["other_hr"].organization_id
    user = await User.get(id=hr.user_id)
    await add_member(other_org, user.email, Role.EMPLOYEE, Actor.system("test"))
    session = await _session_of(hr)
    forged = Session(id=session.id, organization_id=other_org, user_id=hr.user_id)
    token = issue_access_token(SECRET, forged, minutes=30)
    await assert_unauthenticated(client, token, "revoked")
