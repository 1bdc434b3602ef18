"""Consent through the API: who records and reads it, what the ledger keeps, what is refused.

Data: in org A, hr, an executive, a manager, an employee, the alumnus S (who signs in) and
R (the manager's former report, not directory-listed); in org B, an hr member and the
alumnus B. Every refusal asserts that nothing was written.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.consent.models import ConsentRecord
from domain.organizations.models import Organization
from domain.outbox.models import OutboxEvent
from domain.people.models import AlumniProfile, Person
from kizuna.diagnostics import count_statements
from resolvers import ids
from tests.factories import (
    gql,
    make_alumnus,
    make_app_token,
    make_employee,
    make_member,
    make_org,
)

RECORD = """
mutation($input: ConsentRecordInput!) {
  consentRecord(input: $input) {
    consent { id purpose channel granted source note recordedAt recordedBy { kind id } }
    errors { field code message }
  }
}
"""
CONSENTS = """
query($id: ID!) { node(id: $id) { ... on Person {
  consents { purpose channel granted source }
} } }
"""
HISTORY = """
query($id: ID!, $first: Int!, $after: String) { node(id: $id) { ... on Person {
  consentHistory(first: $first, after: $after) {
    edges { cursor node { id purpose channel granted source note } }
    pageInfo { hasNextPage endCursor }
  }
} } }
"""
NEWSLETTER_BY_EMAIL = {"purpose": "NEWSLETTER", "channel": "EMAIL"}


@dataclass
class World:
    org: Organization
    people: dict[str, Person]
    tokens: dict[str, str | None]
    users: dict[str, str]

    def gid(self, key: str) -> str:
        return ids.encode("Person", self.people[key].id)


@pytest.fixture
async def world(client) -> World:
    org = await make_org("acme")
    other = await make_org("beta", "株式会社ベータ")
    staff = {role: await make_employee(org, name=f"{role} 担当") for role in ("hr", "executive")}
    staff["manager"] = await make_employee(org, name="上司 一郎")
    staff["employee"] = await make_employee(org, name="社員 三郎")
    people = {
        **staff,
        "S": await make_alumnus(org, name="本人 S", directory_listed=False),
        "R": await make_alumnus(
            org, name="部下 R", directory_listed=False, manager_id=staff["manager"].id
        ),
        "B": await make_alumnus(other, name="他社 B"),
        "other_hr": await make_employee(other, name="他社 人事"),
    }
    members = {
        "hr": await make_member(org, Role.HR, people["hr"]),
        "executive": await make_member(org, Role.EXECUTIVE, people["executive"]),
        "manager": await make_member(org, Role.MANAGER, people["manager"]),
        "employee": await make_member(org, Role.EMPLOYEE, people["employee"]),
        "alumnus": await make_member(org, Role.ALUMNUS, people["S"]),
        "other_hr": await make_member(other, Role.HR, people["other_hr"]),
    }
    tokens: dict[str, str | None] = {key: token for key, (_, token) in members.items()}
    tokens["anonymous"] = None
    users = {key: str(membership.user_id) for key, (membership, _) in members.items()}
    return World(org=org, people=people, tokens=tokens, users=users)


async def written() -> dict[str, int]:
    return {
        "consent_record": await ConsentRecord.all().count(),
        "audit_event": await AuditEvent.all().count(),
        "outbox_event": await OutboxEvent.all().count(),
    }


async def record(client, world: World, who: str, **given: Any) -> dict[str, Any]:
    body = await gql(client, RECORD, {"input": given}, world.tokens[who])
    assert "errors" not in body, body
    return body["data"]["consentRecord"]


# --- hr records, the ledger keeps every change ------------------------------------------------


async def test_grant_withdraw_grant_keeps_three_rows_and_the_latest_is_current(client, world):
    steps = [
        (True, "HR_ON_PERSONS_WORD", "面談で口頭確認"),
        (False, "OFFBOARDING_FORM", ""),
        (True, "HR_ON_PERSONS_WORD", "電話で再確認"),
    ]
    recorded = []
    for granted, source, note in steps:
        payload = await record(
            client,
            world,
            "hr",
            personId=world.gid("R"),
            **NEWSLETTER_BY_EMAIL,
            granted=granted,
            source=source,
            note=note,
        )
        assert payload["errors"] == []
        consent = payload["consent"]
        assert (consent["granted"], consent["source"], consent["note"]) == (granted, source, note)
        assert consent["recordedBy"] == {"kind": "USER", "id": world.users["hr"]}
        recorded.append(consent["id"])
    assert len(set(recorded)) == 3

    body = await gql(client, CONSENTS, {"id": world.gid("R")}, world.tokens["hr"])
    assert body["data"]["node"]["consents"] == [
        {
            "purpose": "NEWSLETTER",
            "channel": "EMAIL",
            "granted": True,
            "source": "HR_ON_PERSONS_WORD",
        }
    ]
    body = await gql(client, HISTORY, {"id": world.gid("R"), "first": 2}, world.tokens["hr"])
    page = body["data"]["node"]["consentHistory"]
    assert [e["node"]["id"] for e in page["edges"]] == [recorded[2], recorded[1]]
    assert page["pageInfo"]["hasNextPage"] is True
    body = await gql(
        client,
        HISTORY,
        {"id": world.gid("R"), "first": 2, "after": page["pageInfo"]["endCursor"]},
        world.tokens["hr"],
    )
    rest = body["data"]["node"]["consentHistory"]
    assert [e["node"]["id"] for e in rest["edges"]] == [recorded[0]]
    assert rest["pageInfo"] == {"hasNextPage": False, "endCursor": rest["edges"][0]["cursor"]}
    audit = await AuditEvent.filter(
        subject_id=world.people["R"].id, action__startswith="consent."
    ).values_list("action", flat=True)
    assert sorted(audit) == ["consent.granted", "consent.granted", "consent.withdrawn"]


async def test_recording_the_current_decision_again_returns_it_and_writes_nothing(client, world):
    given = {"personId": world.gid("R"), **NEWSLETTER_BY_EMAIL, "granted": True}
    first = await record(client, world, "hr", **given, source="HR_ON_PERSONS_WORD")
    before = await written()
    again = await record(client, world, "hr", **given, source="OFFBOARDING_FORM", note="二度押し")
    assert again == first
    assert await written() == before


async def test_directory_listing_takes_no_channel_and_moves_the_directory(client, world):
    listed = "{ alumni(first: 100) { edges { node { name } } } }"

    async def names_seen_by_the_employee() -> set[str]:
        body = await gql(client, listed, token=world.tokens["employee"])
        return {edge["node"]["name"] for edge in body["data"]["alumni"]["edges"]}

    assert "本人 S" not in await names_seen_by_the_employee()
    payload = await record(client, world, "alumnus", purpose="DIRECTORY_LISTING", granted=True)
    assert payload["consent"]["channel"] is None
    assert await AlumniProfile.get(person_id=world.people["S"].id).values_list(
        "directory_listed", flat=True
    )
    assert "本人 S" in await names_seen_by_the_employee()
    await record(client, world, "alumnus", purpose="DIRECTORY_LISTING", granted=False)
    assert "本人 S" not in await names_seen_by_the_employee()


# --- alumni manage their own ----------------------------------------------------------------


async def test_an_alumnus_manages_their_own_consents(client, world):
    me = await record(client, world, "alumnus", **NEWSLETTER_BY_EMAIL, granted=True)
    assert me["errors"] == []
    assert (me["consent"]["source"], me["consent"]["recordedBy"]) == (
        "SELF_SERVICE",
        {"kind": "USER", "id": world.users["alumnus"]},
    )
    # Naming themself is the same; SELF_SERVICE may be said out loud.
    again = await record(
        client,
        world,
        "alumnus",
        personId=world.gid("S"),
        **NEWSLETTER_BY_EMAIL,
        granted=False,
        source="SELF_SERVICE",
    )
    assert again["errors"] == []
    mine = "{ viewer { person { consents { purpose channel granted source } } } }"
    body = await gql(client, mine, token=world.tokens["alumnus"])
    assert body["data"]["viewer"]["person"]["consents"] == [
        {"purpose": "NEWSLETTER", "channel": "EMAIL", "granted": False, "source": "SELF_SERVICE"}
    ]
    body = await gql(client, HISTORY, {"id": world.gid("S"), "first": 10}, world.tokens["alumnus"])
    edges = body["data"]["node"]["consentHistory"]["edges"]
    assert [e["node"]["granted"] for e in edges] == [False, True]


@pytest.mark.parametrize(
    ("who", "target", "source", "expected"),
    [
        # Someone else's person does not exist for an alumnus, in this organization or another.
        ("alumnus", "R", None, ("personId", "NOT_FOUND")),
        ("alumnus", "B", None, ("personId", "NOT_FOUND")),
        ("hr", "B", "HR_ON_PERSONS_WORD", ("personId", "NOT_FOUND")),
        ("alumnus", "S", "HR_ON_PERSONS_WORD", ("source", "INVALID_SOURCE")),
        ("alumnus", "S", "IMPORT", ("source", "INVALID_SOURCE")),
        ("hr", "R", None, ("source", "INVALID_SOURCE")),
        ("hr", "R", "SELF_SERVICE", ("source", "INVALID_SOURCE")),
        ("hr", "R", "IMPORT", ("source", "INVALID_SOURCE")),
        ("hr", "R", "HRIS", ("source", "INVALID_SOURCE")),
    ],
)
async def test_refusals_are_payload_errors_and_write_nothing(
    client, world, who, target, source, expected
):
    before = await written()
    given = {"personId": world.gid(target), **NEWSLETTER_BY_EMAIL, "granted": True}
    if source is not None:
        given["source"] = source
    payload = await record(client, world, who, **given)
    assert payload["consent"] is None
    [error] = payload["errors"]
    assert (error["field"], error["code"]) == expected
    assert error["message"]
    assert await written() == before


async def test_the_source_refusal_says_which_sources_are_allowed(client, world):
    payload = await record(
        client, world, "hr", personId=world.gid("R"), **NEWSLETTER_BY_EMAIL, granted=True
    )
    assert payload["errors"] == [
        {
            "field": "source",
            "code": "INVALID_SOURCE",
            "message": "When hr records a person's consent the source must be: "
            "hr_on_persons_word, offboarding_form.",
        }
    ]


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("executive", "FORBIDDEN"),
        ("manager", "FORBIDDEN"),
        ("employee", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ],
)
async def test_only_hr_and_alumni_record_consent(client, world, who, code):
    before = await written()
    body = await gql(
        client,
        RECORD,
        {"input": {"personId": world.gid("R"), **NEWSLETTER_BY_EMAIL, "granted": True}},
        world.tokens[who],
    )
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["consentRecord"], code)
    ]
    assert await written() == before


async def test_partner_apps_need_alumni_write_and_record_as_the_hris(client, world):
    given = {"personId": world.gid("R"), **NEWSLETTER_BY_EMAIL, "granted": True, "source": "HRIS"}
    before = await written()
    reader = await make_app_token(world.org, ["alumni:read"])
    body = await gql(client, RECORD, {"input": given}, reader)
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "scope": "alumni:write"}
    assert await written() == before

    writer = await make_app_token(world.org, ["alumni:read", "alumni:write"])
    body = await gql(client, RECORD, {"input": given}, writer)
    consent = body["data"]["consentRecord"]["consent"]
    assert (consent["source"], consent["recordedBy"]["kind"]) == ("HRIS", "API_CLIENT")


# --- who reads consents ---------------------------------------------------------------------

# principal → what reading R's and S's consents answers.
READS = {
    "hr": {"R": "value", "S": "value"},
    "executive": {"R": "value", "S": "value"},
    "manager": {"R": "FORBIDDEN", "S": "NOT_FOUND"},  # R in full, but not R's consents
    "employee": {"R": "NOT_FOUND", "S": "NOT_FOUND"},
    "alumnus": {"R": "NOT_FOUND", "S": "value"},  # S is the alumnus
    "other_hr": {"R": "NOT_FOUND", "S": "NOT_FOUND"},
}


@pytest.mark.parametrize("who", list(READS))
@pytest.mark.parametrize("person", ["R", "S"])
async def test_who_reads_consents(client, world, who, person):
    for key in ("R", "S"):
        await record(
            client,
            world,
            "hr",
            personId=world.gid(key),
            **NEWSLETTER_BY_EMAIL,
            granted=True,
            source="HR_ON_PERSONS_WORD",
        )
    query = (
        "query($id: ID!) { node(id: $id) { ... on Person { name consents { granted } "
        "consentHistory(first: 5) { edges { node { granted } } } } } }"
    )
    body = await gql(client, query, {"id": world.gid(person)}, world.tokens[who])
    outcome = READS[who][person]
    if outcome == "NOT_FOUND":
        assert body["data"] == {"node": None}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
    elif outcome == "FORBIDDEN":
        assert body["data"]["node"] == {"name": "部下 R", "consents": None, "consentHistory": None}
        assert sorted((e["path"][-1], e["extensions"]["code"]) for e in body["errors"]) == [
            ("consentHistory", "FORBIDDEN"),
            ("consents", "FORBIDDEN"),
        ]
    else:
        assert "errors" not in body, body
        assert body["data"]["node"]["consents"] == [{"granted": True}]
        assert body["data"]["node"]["consentHistory"] == {"edges": [{"node": {"granted": True}}]}


async def test_an_employee_sees_a_listed_alumnus_but_not_their_consents(client, world):
    await record(client, world, "alumnus", purpose="DIRECTORY_LISTING", granted=True)
    body = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Person { name consents { granted } } } }",
        {"id": world.gid("S")},
        world.tokens["employee"],
    )
    assert body["data"]["node"] == {"name": "本人 S", "consents": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_consents_in_a_list_cost_one_query_whatever_the_page(client, world):
    for n in range(30):
        person = await make_alumnus(world.org, name=f"卒業生 {n:02d}")
        await record(
            client,
            world,
            "hr",
            personId=ids.encode("Person", person.id),
            **NEWSLETTER_BY_EMAIL,
            granted=n % 2 == 0,
            source="HR_ON_PERSONS_WORD",
        )
    query = (
        "query($first: Int!) { alumni(first: $first) { edges { node { name "
        "consents { purpose channel granted } } } } }"
    )
    counts = {}
    for first in (5, 30):
        with count_statements() as counter:
            body = await gql(client, query, {"first": first}, world.tokens["hr"])
        assert len(body["data"]["alumni"]["edges"]) == first
        counts[first] = counter.count
    # token → membership, the page, the periods and labels preloaded with it, the consents
    assert counts == {5: 5, 30: 5}


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"channel": None}, [("channel", "CHANNEL_REQUIRED")]),
        ({"purpose": "DIRECTORY_LISTING"}, [("channel", "CHANNEL_NOT_APPLICABLE")]),
        ({"note": "x" * 1001}, [("note", "TOO_LONG")]),
        ({"note": "NUL\x00"}, [("note", "INVALID")]),
        (
            {"channel": None, "note": "x" * 1001},
            [("channel", "CHANNEL_REQUIRED"), ("note", "TOO_LONG")],
        ),
        ({"personId": "not-an-id"}, [("personId", "NOT_FOUND")]),
        ({"personId": ids.encode("Department", UUID(int=1))}, [("personId", "NOT_FOUND")]),
    ],
)
async def test_bad_values_get_payload_errors_and_write_nothing(client, world, given, expected):
    before = await written()
    payload = await record(
        client,
        world,
        "hr",
        **{
            "personId": world.gid("R"),
            **NEWSLETTER_BY_EMAIL,
            "granted": True,
            "source": "HR_ON_PERSONS_WORD",
            **given,
        },
    )
    assert payload["consent"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == expected
    assert await written() == before


@pytest.mark.parametrize(
    ("given", "message_part"),
    [
        ({"purpose": "GOSSIP"}, "Value 'GOSSIP' does not exist in 'ConsentPurpose' enum"),
        ({"channel": "PIGEON"}, "Value 'PIGEON' does not exist in 'ConsentChannel' enum"),
        ({"source": "RUMOUR"}, "Value 'RUMOUR' does not exist in 'ConsentSource' enum"),
        ({"granted": "yes"}, "Boolean cannot represent a non boolean value"),
    ],
)
async def test_values_outside_the_schema_are_refused_before_anything_runs(
    client, world, given, message_part
):
    before = await written()
    body = await gql(
        client,
        RECORD,
        {
            "input": {
                "personId": world.gid("R"),
                **NEWSLETTER_BY_EMAIL,
                "granted": True,
                "source": "HR_ON_PERSONS_WORD",
                **given,
            }
        },
        world.tokens["hr"],
    )
    assert body["data"] is None
    [error] = body["errors"]
    assert message_part in error["message"], error["message"]
    assert await written() == before
