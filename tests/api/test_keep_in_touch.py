"""touchpointLog, nudges, Person.touchpoints and saved segments through the API."""

from datetime import timedelta

import pytest

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common import clock
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentSource
from domain.consent.services import record_consent
from domain.organizations.models import Organization
from domain.people.access import Viewer
from domain.people.models import AlumniProfile
from domain.segments.models import Segment
from domain.touchpoints.models import Touchpoint
from domain.touchpoints.services import log_touchpoint
from kizuna.diagnostics import count_statements
from resolvers import ids
from tests.factories import SEED, gql, make_alumnus, make_employee, make_member, make_org

LOG = """
mutation($input: TouchpointLogInput!) {
  touchpointLog(input: $input) {
    touchpoint { kind happenedAt note loggedBy }
    errors { field code message }
  }
}
"""
NUDGES = """
query($first: Int!, $after: String, $days: Int) {
  nudges(first: $first, after: $after, days: $days) {
    pageInfo { hasNextPage endCursor }
    edges { node { daysSinceLastTouchpoint lastTouchpointKind
                   person { name personalEmail alumniProfile { rehireEligibility } } } }
  }
}
"""


def gid(person) -> str:
    return ids.encode("Person", person.id)


async def granted(org, person):
    await record_consent(
        org,
        SEED,
        person,
        ConsentPurpose.COMMUNITY,
        ConsentChannel.EMAIL,
        ConsentDecision.GRANTED,
        ConsentSource.IMPORT,
    )


@pytest.fixture
async def team(client):
    org = await make_org("acme")
    other = await make_org("other", "株式会社アザー")
    manager = await make_employee(org, name="上司")
    report = await make_alumnus(org, name="部下", manager_id=manager.id)
    someone = await make_alumnus(org, name="他部署")
    stranger = await make_alumnus(other, name="他社")
    for person in (report, someone):
        await granted(org, person)
    await granted(other, stranger)
    tokens = {
        role: (await make_member(org, role, manager if role == Role.MANAGER else None))[1]
        for role in (Role.HR, Role.EXECUTIVE, Role.MANAGER, Role.EMPLOYEE, Role.ALUMNUS)
    }
    tokens["other_hr"] = (await make_member(other, Role.HR))[1]
    return {
        "org": org,
        "report": report,
        "someone": someone,
        "stranger": stranger,
        "tokens": tokens,
    }


async def test_hr_logs_a_touchpoint_and_it_shows_on_the_timeline(client, team):
    happened = (clock.now() - timedelta(days=1)).replace(microsecond=0)
    body = await gql(
        client,
        LOG,
        {
            "input": {
                "personId": gid(team["report"]),
                "kind": "COFFEE",
                "happenedAt": happened.isoformat(),
                "note": "近況を聞いた",
            }
        },
        team["tokens"][Role.HR],
    )
    payload = body["data"]["touchpointLog"]
    assert payload["errors"] == []
    assert payload["touchpoint"]["kind"] == "COFFEE"
    assert payload["touchpoint"]["loggedBy"].startswith("user:")
    profile = await AlumniProfile.get(person_id=team["report"].id)
    assert profile.last_touchpoint_at == happened
    timeline = """query($id: ID!) { node(id: $id) { ... on Person {
        touchpoints(first: 5) { edges { node { kind note } } } } } }"""
    for role in (Role.HR, Role.EXECUTIVE, Role.MANAGER):
        body = await gql(client, timeline, {"id": gid(team["report"])}, team["tokens"][role])
        edges = body["data"]["node"]["touchpoints"]["edges"]
        assert edges == [{"node": {"kind": "COFFEE", "note": "近況を聞いた"}}]


@pytest.mark.parametrize("who", ["other_hr", Role.MANAGER])
async def test_someone_not_theirs_is_not_found_and_nothing_is_written(client, team, who):
    target = team["someone"]  # of another organization for other_hr; not a report
    body = await gql(
        client,
        LOG,
        {"input": {"personId": gid(target), "kind": "CALL", "happenedAt": clock.now().isoformat()}},
        team["tokens"][who],
    )
    assert body["data"]["touchpointLog"] == {
        "touchpoint": None,
        "errors": [
            {
                "field": "personId",
                "code": "NOT_FOUND",
                "message": "No such alumnus in this organization.",
            }
        ],
    }
    assert await Touchpoint.all().count() == 0
    assert await AuditEvent.filter(action="touchpoint.logged").count() == 0


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.ALUMNUS])
async def test_employees_and_alumni_may_not_log_or_read_nudges(client, team, role):
    body = await gql(
        client,
        LOG,
        {
            "input": {
                "personId": gid(team["report"]),
                "kind": "CALL",
                "happenedAt": "2025-01-01T00:00:00Z",
            }
        },
        team["tokens"][role],
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await gql(client, NUDGES, {"first": 10}, team["tokens"][role])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Touchpoint.all().count() == 0


async def test_bad_touchpoint_input_is_refused_clearly(client, team):
    token = team["tokens"][Role.HR]
    future = (clock.now() + timedelta(hours=1)).isoformat()
    body = await gql(
        client,
        LOG,
        {
            "input": {
                "personId": gid(team["report"]),
                "kind": "CALL",
                "happenedAt": future,
                "note": "x" * 2001,
            }
        },
        token,
    )
    assert body["data"]["touchpointLog"]["errors"] == [
        {
            "field": "happenedAt",
            "code": "IN_THE_FUTURE",
            "message": "A touchpoint cannot happen in the future.",
        },
        {"field": "note", "code": "TOO_LONG", "message": "At most 2000 characters."},
    ]
    body = await gql(
        client,
        LOG,
        {
            "input": {
                "personId": gid(team["report"]),
                "kind": "FAX",
                "happenedAt": "2025-01-01T00:00:00Z",
            }
        },
        token,
    )
    assert (
        "FAX" in body["errors"][0]["message"] and "TouchpointKind" in body["errors"][0]["message"]
    )
    for days in (0, 10000):
        body = await gql(client, NUDGES, {"first": 10, "days": days}, token)
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "days"}
        assert body["errors"][0]["message"] == f"`days` must be between 1 and 3650, got {days}."
    assert await Touchpoint.all().count() == 0


async def test_managers_are_nudged_about_their_former_reports_only(client, team):
    body = await gql(client, NUDGES, {"first": 10}, team["tokens"][Role.MANAGER])
    assert [e["node"]["person"]["name"] for e in body["data"]["nudges"]["edges"]] == ["部下"]
    body = await gql(client, NUDGES, {"first": 10}, team["tokens"][Role.HR])
    assert sorted(e["node"]["person"]["name"] for e in body["data"]["nudges"]["edges"]) == [
        "他部署",
        "部下",
    ]


async def test_nudge_pages_cost_the_same_sql_whatever_their_size(client):
    org = await make_org("many")
    _, token = await make_member(org, Role.HR)
    now = clock.now()
    for n in range(110):
        person = await make_alumnus(org, name=f"卒業生 {n}")
        await granted(org, person)
        if n % 2:
            await AlumniProfile.filter(person_id=person.id).update(
                last_touchpoint_at=now - timedelta(days=100 + n)
            )
    counts = {}
    for first in (10, 100):
        with count_statements() as counter:
            body = await gql(client, NUDGES, {"first": first}, token)
        assert len(body["data"]["nudges"]["edges"]) == first
        counts[first] = counter.count
    # token → membership, the page, employment periods with departments, skills and tags
    assert counts == {10: 4, 100: 4}
    # never contacted first (55 of them), then the longest silence
    days = [e["node"]["daysSinceLastTouchpoint"] for e in body["data"]["nudges"]["edges"]]
    assert days[:55] == [None] * 55
    assert days[55:] == sorted(days[55:], reverse=True) and days[55] == 209
    # the next page continues across pages without repeats
    after = body["data"]["nudges"]["pageInfo"]["endCursor"]
    rest = await gql(client, NUDGES, {"first": 100, "after": after}, token)
    assert len(rest["data"]["nudges"]["edges"]) == 10
    assert rest["data"]["nudges"]["pageInfo"]["hasNextPage"] is False


SAVE = """
mutation($input: SegmentSaveInput!) {
  segmentSave(input: $input) { segment { id name filter } errors { field code message } }
}
"""
SEGMENTS = """
{ segments(first: 10) { edges { node { name members(first: 50) { edges { node { name } } } } } } }
"""


async def test_segments_round_trip_and_members_respect_visibility(client, team):
    hr = team["tokens"][Role.HR]
    await make_alumnus(team["org"], name="非掲載", directory_listed=False, skills=["Go"])
    filter_ = {"skills": ["Python"], "departedFrom": "2020-01-01"}
    body = await gql(client, SAVE, {"input": {"name": " Python の卒業生 ", "filter": filter_}}, hr)
    saved = body["data"]["segmentSave"]
    assert saved["errors"] == []
    assert saved["segment"]["name"] == "Python の卒業生"
    assert saved["segment"]["filter"] == {"skills": ["Python"], "departed_from": "2020-01-01"}
    # a restricted filter (departure dates): the manager may not run it
    body = await gql(client, SEGMENTS, {}, team["tokens"][Role.MANAGER])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # saving again by name replaces the filter; still one segment
    body = await gql(
        client, SAVE, {"input": {"name": "Python の卒業生", "filter": {"skills": ["Go"]}}}, hr
    )
    assert body["data"]["segmentSave"]["segment"]["id"] == saved["segment"]["id"]
    assert await Segment.all().count() == 1
    hr_view = await gql(client, SEGMENTS, {}, hr)
    [segment] = hr_view["data"]["segments"]["edges"]
    assert [e["node"]["name"] for e in segment["node"]["members"]["edges"]] == ["非掲載"]
    manager_view = await gql(client, SEGMENTS, {}, team["tokens"][Role.MANAGER])
    [segment] = manager_view["data"]["segments"]["edges"]
    assert segment["node"]["members"]["edges"] == []  # not listed, not their report


async def test_segment_filters_are_checked_as_the_alumni_query_checks_them(client, team):
    hr = team["tokens"][Role.HR]
    body = await gql(
        client, SAVE, {"input": {"name": "長すぎ", "filter": {"search": "あ" * 101}}}, hr
    )
    assert body["data"]["segmentSave"] == {
        "segment": None,
        "errors": [
            {
                "field": "filter.search",
                "code": "INVALID_FILTER",
                "message": "`search` is limited to 100 characters.",
            }
        ],
    }
    body = await gql(client, SAVE, {"input": {"name": "", "filter": {}}}, hr)
    assert body["data"]["segmentSave"]["errors"][0]["code"] == "REQUIRED"
    body = await gql(
        client, SAVE, {"input": {"name": "全員", "filter": {}}}, team["tokens"][Role.MANAGER]
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Segment.all().count() == 0


async def test_segment_delete_and_other_organizations_ids(client, team):
    hr = team["tokens"][Role.HR]
    body = await gql(client, SAVE, {"input": {"name": "全員", "filter": {}}}, hr)
    segment_id = body["data"]["segmentSave"]["segment"]["id"]
    delete = """mutation($id: ID!) { segmentDelete(input: {id: $id}) {
        deletedId errors { field code } } }"""
    body = await gql(client, delete, {"id": segment_id}, team["tokens"]["other_hr"])
    assert body["data"]["segmentDelete"] == {
        "deletedId": None,
        "errors": [{"field": "id", "code": "NOT_FOUND"}],
    }
    assert await Segment.all().count() == 1
    body = await gql(client, delete, {"id": segment_id}, hr)
    assert body["data"]["segmentDelete"] == {"deletedId": segment_id, "errors": []}
    assert await Segment.all().count() == 0


NODE = """query($id: ID!) { node(id: $id) { __typename id
    ... on Touchpoint { kind note } ... on Segment { name } } }"""


async def node_answer(client, global_id: str, token: str) -> tuple[dict | None, list[str]]:
    body = await gql(client, NODE, {"id": global_id}, token)
    return body["data"]["node"], [error["extensions"]["code"] for error in body.get("errors", [])]


@pytest.fixture
async def touchpoints(team) -> dict:
    """A touchpoint on the manager's report, one on someone else, one in the other org."""
    hr = Viewer(team["org"].id, Role.HR, None)
    when = clock.now() - timedelta(days=1)
    logged = {}
    for key, org in (("report", team["org"]), ("someone", team["org"]), ("stranger", None)):
        organization = org or await Organization.get(slug="other")
        viewer = hr if org else Viewer(organization.id, Role.HR, None)
        touchpoint = await log_touchpoint(
            organization, viewer, SEED, team[key].id, "coffee", when, f"{key}と"
        )
        logged[key] = ids.encode("Touchpoint", touchpoint.id)
    report_self = (await make_member(team["org"], Role.ALUMNUS, team["report"]))[1]
    return {**logged, "report_self": report_self}


@pytest.mark.parametrize(
    ("who", "target", "found"),
    [
        (Role.HR, "report", True),
        (Role.EXECUTIVE, "someone", True),
        (Role.MANAGER, "report", True),
        (Role.MANAGER, "someone", False),  # not their report
        (Role.EMPLOYEE, "report", False),
        (Role.ALUMNUS, "report", False),
        ("report_self", "report", False),  # a timeline is not for the person
        ("other_hr", "report", False),
        (Role.HR, "stranger", False),
    ],
)
async def test_a_touchpoint_by_global_id(client, team, touchpoints, who, target, found):
    token = touchpoints[who] if who == "report_self" else team["tokens"][who]
    node, errors = await node_answer(client, touchpoints[target], token)
    if found:
        expected = {"__typename": "Touchpoint", "id": touchpoints[target], "kind": "COFFEE",
                    "note": f"{target}と"}  # fmt: skip
        assert (node, errors) == (expected, [])
    else:
        assert (node, errors) == (None, ["NOT_FOUND"])


@pytest.mark.parametrize(
    ("who", "found"),
    [
        (Role.HR, True),
        (Role.EXECUTIVE, True),
        (Role.MANAGER, True),
        (Role.EMPLOYEE, False),
        (Role.ALUMNUS, False),
        ("other_hr", False),
    ],
)
async def test_a_segment_by_global_id(client, team, who, found):
    body = await gql(
        client, SAVE, {"input": {"name": "全員", "filter": {}}}, team["tokens"][Role.HR]
    )
    segment_id = body["data"]["segmentSave"]["segment"]["id"]
    node, errors = await node_answer(client, segment_id, team["tokens"][who])
    if found:
        assert (node, errors) == ({"__typename": "Segment", "id": segment_id, "name": "全員"}, [])
    else:
        assert (node, errors) == (None, ["NOT_FOUND"])


async def test_an_id_of_one_type_does_not_find_another(client, team, touchpoints):
    """A touchpoint's key under the Segment type, and a segment's under Touchpoint."""
    hr = team["tokens"][Role.HR]
    body = await gql(client, SAVE, {"input": {"name": "全員", "filter": {}}}, hr)
    segment_key = ids.decode(body["data"]["segmentSave"]["segment"]["id"], "Segment")
    touchpoint_key = ids.decode(touchpoints["report"], "Touchpoint")
    for global_id in (ids.encode("Segment", touchpoint_key), ids.encode("Touchpoint", segment_key)):
        assert await node_answer(client, global_id, hr) == (None, ["NOT_FOUND"])


async def test_segments_page_by_name_as_departments_do(client, team):
    hr = team["tokens"][Role.HR]
    for name in ("c 営業", "a 技術", "b 採用"):
        await gql(client, SAVE, {"input": {"name": name, "filter": {}}}, hr)
    page = """query($after: String) { segments(first: 2, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { name } } } }"""
    first = (await gql(client, page, {}, hr))["data"]["segments"]
    assert [e["node"]["name"] for e in first["edges"]] == ["a 技術", "b 採用"]
    assert first["pageInfo"]["hasNextPage"] is True
    after = {"after": first["pageInfo"]["endCursor"]}
    rest = (await gql(client, page, after, hr))["data"]["segments"]
    assert ([e["node"]["name"] for e in rest["edges"]], rest["pageInfo"]["hasNextPage"]) == (
        ["c 営業"], False
    )  # fmt: skip
    other = (await gql(client, page, {}, team["tokens"]["other_hr"]))["data"]["segments"]
    assert other["edges"] == []
