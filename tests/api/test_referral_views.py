"""Who sees which openings and referrals, and the funnel executives read."""

import pytest
import time_machine

from tests.api.referrals_world import build_world
from tests.api.test_referrals import NOW, answer
from tests.factories import gql

OPENINGS = "{ jobOpenings(first: 50) { totalCount edges { node { title status } } } }"
REFERRALS = (
    "{ referrals(first: 50) { totalCount edges { node { candidateName candidateEmail } } } }"
)
SEES_OPENINGS = {
    "hr": {"open", "staff_only", "paused", "closed", "draft", "no_referrals"},
    "executive": {"open", "staff_only", "paused", "closed", "draft", "no_referrals"},
    "manager": {"open", "staff_only", "paused", "closed", "draft", "no_referrals"},  # hires
    "team_manager": {"open", "staff_only", "paused", "no_referrals"},
    "employee": {"open", "staff_only", "paused", "no_referrals"},
    "alumnus": {"open", "no_referrals"},
    "other_hr": {"他社の求人"},
}


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        world = await build_world(client)
        # The employee's and the alumnus's referrals; the team manager manages the employee.
        answer(await world.refer("employee", candidateEmail="a@example.com", candidateName="甲"))
        answer(await world.refer("alumnus", candidateEmail="b@example.com", candidateName="乙"))
        return world


def titles(body: dict) -> set[str]:
    """ "エンジニア (open)" → "open"; organization B's opening keeps its title."""
    edges = body["data"]["jobOpenings"]["edges"]
    return {e["node"]["title"].removeprefix("エンジニア (").rstrip(")") for e in edges}


@pytest.mark.parametrize("principal", list(SEES_OPENINGS))
async def test_each_role_lists_exactly_its_openings(client, world, principal):
    with time_machine.travel(NOW, tick=False):
        body = await gql(client, OPENINGS, token=world.tokens[principal])
    assert titles(body) == SEES_OPENINGS[principal]
    assert body["data"]["jobOpenings"]["totalCount"] == len(SEES_OPENINGS[principal])


@pytest.mark.parametrize(
    ("principal", "names", "contact"),
    [
        ("hr", {"甲", "乙"}, True),
        ("executive", {"甲", "乙"}, True),
        ("manager", {"甲", "乙"}, True),  # the hiring manager of both openings
        ("employee", {"甲"}, True),
        ("alumnus", {"乙"}, True),
        ("team_manager", {"甲"}, False),  # their report's referral, without contact data
        ("other_hr", set(), True),
    ],
)
async def test_each_role_lists_exactly_its_referrals(client, world, principal, names, contact):
    with time_machine.travel(NOW, tick=False):
        body = await gql(client, REFERRALS, token=world.tokens[principal])
    edges = (body["data"] or {}).get("referrals", {}).get("edges", []) if body["data"] else []
    if contact:
        assert "errors" not in body, body
        assert {e["node"]["candidateName"] for e in edges} == names
    else:
        assert {tuple(e["path"][-1:]) for e in body["errors"]} == {("candidateEmail",)}
        assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}


async def test_anonymous_and_other_organizations_reach_nothing(client, world):
    anonymous = await gql(client, REFERRALS)
    assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
    with time_machine.travel(NOW, tick=False):
        listed = await gql(
            client, "{ referrals(first: 1) { edges { node { id } } } }", token=world.tokens["hr"]
        )
        node_id = listed["data"]["referrals"]["edges"][0]["node"]["id"]
        other = await gql(
            client,
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": node_id},
            world.tokens["other_hr"],
        )
    assert [e["extensions"]["code"] for e in other["errors"]] == ["NOT_FOUND"]


async def test_executives_read_the_funnel(client, world):
    with time_machine.travel(NOW, tick=False):
        listed = await gql(
            client,
            "{ referrals(first: 5, mine: false) { edges { node { id candidateName } } } }",
            token=world.tokens["hr"],
        )
        first = next(
            e["node"]["id"]
            for e in listed["data"]["referrals"]["edges"]
            if e["node"]["candidateName"] == "甲"
        )
        for stage in ("SCREENING", "INTERVIEW", "OFFER", "HIRED"):
            answer(await world.move("hr", first, stage), "referralStageSet")
        body = await gql(
            client,
            '{ referralFunnel(from: "2030-04-01", to: "2030-04-30") { submitted hireRate expired'
            " stages { stage reached current conversion }"
            " sources { source submitted hired hireRate } } }",
            token=world.tokens["executive"],
        )
        employee = await gql(
            client,
            '{ referralFunnel(from: "2030-04-01", to: "2030-04-30") { submitted } }',
            token=world.tokens["employee"],
        )
    funnel = body["data"]["referralFunnel"]
    assert (funnel["submitted"], funnel["hireRate"], funnel["expired"]) == (2, 0.5, 0)
    stages = {s["stage"]: (s["reached"], s["current"]) for s in funnel["stages"]}
    assert stages == {
        "SUBMITTED": (2, 1),
        "SCREENING": (1, 0),
        "CASUAL_INTERVIEW": (0, 0),
        "INTERVIEW": (1, 0),
        "OFFER": (1, 0),
        "HIRED": (1, 1),
        "REJECTED": (0, 0),
        "WITHDRAWN": (0, 0),
    }
    assert funnel["sources"] == [
        {"source": "EMPLOYEE", "submitted": 1, "hired": 1, "hireRate": 1.0},
        {"source": "ALUMNUS", "submitted": 1, "hired": 0, "hireRate": 0.0},
    ]
    assert [e["extensions"]["code"] for e in employee["errors"]] == ["FORBIDDEN"]
