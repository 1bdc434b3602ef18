"""Who sees and does what with rehire policies, applications and the funnel, for every
principal kind: anonymous, each role, apps with and without the scope, another organization.
Denials write nothing."""

from datetime import UTC, datetime

import pytest
import time_machine

from domain.organizations.models import Organization
from tests.api.rehire_world import build_rehire_world, written
from tests.factories import gql, make_app_token

NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)
LIST = "{ rehireApplications(first: 10) { totalCount edges { node { id stage } } } }"
NODE = "query($id: ID!) { node(id: $id) { ... on RehireApplication { stage motivation } } }"
PIPELINE_FIELDS = (
    "query($id: ID!) { node(id: $id) { ... on RehireApplication {"
    " eligibilityWarning history { toStage } } } }"
)
FUNNEL = (
    '{ rehireFunnel(from: "2026-04-01", to: "2026-04-30") { applied hireRate'
    " stages { stage reached current } } }"
)
# principal → how many applications it lists (the returner's single one).
LISTED = {
    "hr": 1,
    "manager": 1,  # the opening's hiring manager
    "returner": 1,  # the applicant
    "executive": 0,  # reads the funnel instead
    "team_manager": 0,
    "employee": 0,
    "alumnus": 0,
    "other_hr": 0,
}


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        world = await build_rehire_world(client)
        await world.set_policy()
        body = await world.apply()
        world.application = body["data"]["rehireApplicationCreate"]["application"]["id"]
        await world.move("hr", world.application, "SCREENING")
        return world


def codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


@pytest.mark.parametrize("who", [*LISTED, "anonymous"])
async def test_lists_and_nodes(world, who):
    token = world.tokens.get(who)
    with time_machine.travel(NOW, tick=False):
        listed = await gql(world.client, LIST, token=token)
        node = await gql(world.client, NODE, {"id": world.application}, token)
    if who == "anonymous":
        assert codes(listed) == codes(node) == ["UNAUTHENTICATED"]
        return
    assert listed["data"]["rehireApplications"]["totalCount"] == LISTED[who]
    if LISTED[who]:
        assert node["data"]["node"]["stage"] == "SCREENING"
    else:
        assert codes(node) == ["NOT_FOUND"]


@pytest.mark.parametrize(("who", "allowed"), [("hr", True), ("manager", True), ("returner", False)])
async def test_eligibility_and_history_are_the_pipelines(world, who, allowed):
    with time_machine.travel(NOW, tick=False):
        body = await gql(
            world.client, PIPELINE_FIELDS, {"id": world.application}, world.tokens[who]
        )
    if allowed:
        assert body["data"]["node"] == {
            "eligibilityWarning": None,
            "history": [{"toStage": "APPLIED"}, {"toStage": "SCREENING"}],
        }
    else:
        assert set(codes(body)) == {"FORBIDDEN"}


@pytest.mark.parametrize("who", [*LISTED, "anonymous"])
async def test_the_policy_is_shown_to_every_member_of_its_organization(world, who):
    with time_machine.travel(NOW, tick=False):
        body = await gql(
            world.client, "{ rehirePolicy { version steps } }", token=world.tokens.get(who)
        )
    if who == "anonymous":
        assert codes(body) == ["UNAUTHENTICATED"]
    elif who == "other_hr":
        assert body["data"]["rehirePolicy"] is None  # organization B wrote none
    else:
        assert body["data"]["rehirePolicy"]["version"] == 1


@pytest.mark.parametrize("who", [*LISTED, "anonymous"])
async def test_only_hr_writes_the_policy(world, who):
    with time_machine.travel(NOW, tick=False):
        before = await written()
        body = await world.set_policy(who) if who != "anonymous" else None
        if who == "anonymous":
            from tests.api.rehire_world import POLICY_INPUT, POLICY_SET

            body = await gql(world.client, POLICY_SET, {"input": POLICY_INPUT})
            assert codes(body) == ["UNAUTHENTICATED"]
        elif who in ("hr", "other_hr"):
            assert body["data"]["rehirePolicySet"]["policy"]["version"] == (
                2 if who == "hr" else 1  # organization B's own first version
            )
            return
        else:
            assert codes(body) == ["FORBIDDEN"]
        assert await written() == before


@pytest.mark.parametrize(
    ("who", "allowed"), [(who, who in ("hr", "executive", "other_hr")) for who in LISTED]
)
async def test_the_funnel_is_for_hr_and_executives(world, who, allowed):
    with time_machine.travel(NOW, tick=False):
        body = await gql(world.client, FUNNEL, token=world.tokens[who])
    if not allowed:
        assert codes(body) == ["FORBIDDEN"]
        return
    funnel = body["data"]["rehireFunnel"]
    if who == "other_hr":  # organization B's funnel: A's application is not in it
        assert (funnel["applied"], funnel["hireRate"]) == (0, None)
    else:
        assert funnel["applied"] == 1 and funnel["hireRate"] == 0.0
        stages = {s["stage"]: (s["reached"], s["current"]) for s in funnel["stages"]}
        assert stages["APPLIED"] == (1, 0) and stages["SCREENING"] == (1, 1)
        assert stages["APTITUDE_TEST"] == (0, 0)


@pytest.mark.parametrize(("scopes", "allowed"), [(["referrals:read"], True), ([], False)])
async def test_apps_need_the_referrals_scope(world, scopes, allowed):
    org = await Organization.get(id=world.base.people["hr"].organization_id)
    token = await make_app_token(org, scopes)
    with time_machine.travel(NOW, tick=False):
        body = await gql(world.client, LIST, token=token)
    if allowed:
        assert body["data"]["rehireApplications"]["totalCount"] == 1  # apps on their own: hr
    else:
        assert codes(body) == ["FORBIDDEN"]
