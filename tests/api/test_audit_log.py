"""auditEvents: the organization's own events, newest first, for hr and executives only."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
import time_machine

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.audit.services import record
from domain.common.actors import Actor
from tests.factories import gql, make_app_token, make_member, make_org

EVENTS = """
query ($first: Int, $after: String, $action: String, $since: DateTime, $until: DateTime) {
  auditEvents(first: $first, after: $after, action: $action, since: $since, until: $until) {
    edges { cursor node { id action subjectType subjectId actor { kind id } changes createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# The fixture's events; the members the tests add are audited at the real time.
ON_THE_DAY = {"since": DAY.isoformat(), "until": (DAY + timedelta(days=1)).isoformat()}


@pytest.fixture
async def orgs():
    return await make_org("acme"), await make_org("other", "別会社")


@pytest.fixture
async def log(orgs):
    """Four events in acme an hour apart (after the fixtures' own), one in the other org."""
    acme, other = orgs
    subject = uuid4()
    written = []
    with time_machine.travel(DAY, tick=False) as traveller:
        for hour, action in enumerate(["auth.sign_in", "person.created", "auth.sign_in", "x.y"]):
            traveller.move_to(DAY + timedelta(hours=hour))
            written.append(
                await record(acme.id, Actor.user(subject), action, "user", subject, {"n": hour})
            )
        await record(other.id, Actor.system("other"), "auth.sign_in", "user", uuid4())
    return written


async def page(client, token, **variables):
    answer = await gql(client, EVENTS, variables, token=token)
    assert "errors" not in answer, answer
    return answer["data"]["auditEvents"]


@pytest.mark.parametrize("role", [Role.HR, Role.EXECUTIVE])
async def test_hr_and_executives_read_their_organization_newest_first(client, orgs, log, role):
    acme, _ = orgs
    _, token = await make_member(acme, role)
    found = await page(client, token, first=10, **ON_THE_DAY)
    nodes = [edge["node"] for edge in found["edges"]]
    assert [node["id"] for node in nodes] == [str(event.id) for event in reversed(log)]
    assert nodes[-1] == {
        "id": str(log[0].id),
        "action": "auth.sign_in",
        "subjectType": "user",
        "subjectId": str(log[0].subject_id),
        "actor": {"kind": "USER", "id": str(log[0].subject_id)},
        "changes": {"n": 0},
        "createdAt": "2026-03-02T09:00:00+00:00",
    }
    assert found["pageInfo"]["hasNextPage"] is False
    everything = await page(client, token, first=100)
    organization_ids = {
        str(o)
        for o in await AuditEvent.filter(organization_id=acme.id).values_list("id", flat=True)
    }
    assert {edge["node"]["id"] for edge in everything["edges"]} == organization_ids


async def test_pages_follow_each_other_and_filters_apply(client, orgs, log):
    acme, _ = orgs
    _, token = await make_member(acme, Role.HR)
    first = await page(client, token, first=3, **ON_THE_DAY)
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await page(client, token, first=3, after=first["pageInfo"]["endCursor"], **ON_THE_DAY)
    ids = [edge["node"]["id"] for edge in first["edges"] + rest["edges"]]
    assert ids == [str(event.id) for event in reversed(log)]
    assert rest["pageInfo"]["hasNextPage"] is False

    sign_ins = await page(client, token, action="auth.sign_in")
    assert [edge["node"]["id"] for edge in sign_ins["edges"]] == [str(log[2].id), str(log[0].id)]
    window = await page(
        client,
        token,
        since=(DAY + timedelta(hours=1)).isoformat(),
        until=(DAY + timedelta(hours=3)).isoformat(),
    )
    assert [edge["node"]["id"] for edge in window["edges"]] == [str(log[2].id), str(log[1].id)]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EMPLOYEE, Role.ALUMNUS])
async def test_other_roles_are_refused(client, orgs, log, role):
    _, token = await make_member(orgs[0], role)
    answer = await gql(client, EVENTS, token=token)
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert answer["errors"][0]["message"] == "This needs one of the roles: hr, executive."


async def test_anonymous_callers_and_apps_are_refused(client, orgs, log):
    hr, _ = await make_member(orgs[0], Role.HR)
    for token, code in (
        (None, "UNAUTHENTICATED"),
        (await make_app_token(orgs[0], ["alumni:read", "analytics:read"]), "FORBIDDEN"),
        (await make_app_token(orgs[0], ["alumni:read"], hr), "FORBIDDEN"),
    ):
        answer = await gql(client, EVENTS, token=token)
        assert answer["data"] is None
        assert answer["errors"][0]["extensions"]["code"] == code


async def test_the_other_organization_sees_only_its_own(client, orgs, log):
    _, other = orgs
    _, token = await make_member(other, Role.EXECUTIVE)
    found = await page(client, token, action="auth.sign_in")
    other_ids = await AuditEvent.filter(organization_id=other.id, action="auth.sign_in")
    assert [edge["node"]["id"] for edge in found["edges"]] == [str(e.id) for e in other_ids]
    assert len(other_ids) == 1


@pytest.mark.parametrize(
    ("variables", "field", "message"),
    [
        ({"first": 0}, "first", "`first` must be between 1 and 100, got 0."),
        ({"after": "bm90IGEgY3Vyc29y"}, "after", "`after` is not a cursor from this list."),
        ({"action": "a" * 65}, "action", "`action` is an event name of at most 64 characters."),
        ({"since": "2026-03-02T09:00:00"}, "since", "`since` needs a time zone offset (e.g. `Z`)."),
        (
            {"since": "2026-03-03T00:00:00Z", "until": "2026-03-02T00:00:00Z"},
            "since",
            "`since` must be before `until`.",
        ),
    ],
)
async def test_bad_arguments_are_refused_clearly(client, orgs, variables, field, message):
    _, token = await make_member(orgs[0], Role.HR)
    answer = await gql(client, EVENTS, variables, token=token)
    assert answer["data"] is None
    assert answer["errors"][0]["message"] == message
    assert answer["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": field}
