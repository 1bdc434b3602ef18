"""Rehire mutations refused: clear payload errors, and nothing written (rows counted)."""

import asyncio
from datetime import UTC, datetime

import pytest
import time_machine

from resolvers import ids
from tests.api.rehire_world import WITHDRAW, build_rehire_world, written
from tests.factories import gql

NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        world = await build_rehire_world(client)
        assert (await world.set_policy())["data"]["rehirePolicySet"]["errors"] == []
        return world


def errors_of(body: dict, name: str) -> list[tuple]:
    assert "errors" not in body, body
    payload = body["data"][name]
    assert payload.get("application", payload.get("policy")) is None
    return [(e["field"], e["code"]) for e in payload["errors"]]


CREATE_REFUSALS = [
    ("returner", "unknown", [("openingId", "OPENING_NOT_FOUND")]),
    ("returner", "draft", [("openingId", "OPENING_NOT_FOUND")]),
    ("returner", "staff_only", [("openingId", "OPENING_NOT_FOUND")]),
    ("returner", "other_org", [("openingId", "OPENING_NOT_FOUND")]),
    ("returner", "paused", [("openingId", "OPENING_NOT_OPEN")]),
    ("returner", "closed", [("openingId", "OPENING_NOT_OPEN")]),
    ("returner", "not_an_id", [("openingId", "OPENING_NOT_FOUND")]),
    ("employee", "open", [(None, "NOT_ALUMNUS")]),
    ("hr", "open", [(None, "NOT_ALUMNUS")]),
]


@pytest.mark.parametrize(("who", "opening", "expected"), CREATE_REFUSALS)
async def test_applications_refused_write_nothing(world, who, opening, expected):
    targets = {
        "unknown": ids.encode("JobOpening", "0193a5a0-0000-7000-8000-000000000000"),
        "other_org": world.base.other_opening,
        "not_an_id": ids.encode("Person", world.base.people["hr"].id),
    }
    with time_machine.travel(NOW, tick=False):
        before = await written()
        body = await world.apply(who, targets.get(opening, opening))
        assert errors_of(body, "rehireApplicationCreate") == expected
        assert await written() == before


async def test_bad_fields_are_all_reported(world):
    with time_machine.travel(NOW, tick=False):
        before = await written()
        body = await world.apply(
            motivation="  ", currentSituation="x" * 2001, desiredStartOn="2026-03-31"
        )
        assert errors_of(body, "rehireApplicationCreate") == [
            ("motivation", "REQUIRED"),
            ("currentSituation", "TOO_LONG"),
            ("desiredStartOn", "DATE_IN_PAST"),
        ]
        assert await written() == before


async def test_without_a_policy_nobody_can_apply(client):
    with time_machine.travel(NOW, tick=False):
        world = await build_rehire_world(client)
        before = await written()
        assert errors_of(await world.apply(), "rehireApplicationCreate") == [
            (None, "POLICY_REQUIRED")
        ]
        assert await written() == before


async def test_a_second_open_application_to_one_opening_is_refused(world):
    with time_machine.travel(NOW, tick=False):
        first = await world.apply()
        application = first["data"]["rehireApplicationCreate"]["application"]
        before = await written()
        again = await world.apply()
        assert errors_of(again, "rehireApplicationCreate") == [("openingId", "ALREADY_APPLIED")]
        assert await written() == before
        # Withdrawn, it no longer stands in the way.
        withdrawn = await world.move("returner", application["id"], "WITHDRAWN")
        assert withdrawn["data"] is None  # the stage set is for hr and the hiring manager
        body = await gql(
            world.client, WITHDRAW, {"input": {"id": application["id"]}}, world.tokens["returner"]
        )
        assert body["data"]["rehireApplicationWithdraw"]["application"]["stage"] == "WITHDRAWN"
        third = await world.apply()
        assert third["data"]["rehireApplicationCreate"]["errors"] == []


async def test_two_applications_at_the_same_moment_make_one(world):
    with time_machine.travel(NOW, tick=False):
        answers = await asyncio.gather(world.apply(), world.apply())
    codes = sorted(
        tuple(e["code"] for e in body["data"]["rehireApplicationCreate"]["errors"])
        for body in answers
    )
    assert codes == [(), ("ALREADY_APPLIED",)]
    assert (await written())["applications"] == 1


async def test_moves_out_of_order_or_elsewhere_are_refused(world):
    with time_machine.travel(NOW, tick=False):
        body = await world.apply()
        application = body["data"]["rehireApplicationCreate"]["application"]
        before = await written()
        for who, stage, extra, expected in (
            ("hr", "OFFER", {}, [("stage", "TRANSITION_NOT_ALLOWED")]),
            ("hr", "HIRED", {"startDate": "2026-04-01"}, [("stage", "TRANSITION_NOT_ALLOWED")]),
            ("hr", "APPLIED", {}, [("stage", "TRANSITION_NOT_ALLOWED")]),
            ("hr", "SCREENING", {"startDate": "2026-04-01"}, [("startDate", "INVALID")]),
            ("other_hr", "SCREENING", {}, [("id", "NOT_FOUND")]),
            ("returner", "SCREENING", {}, None),  # not a role that moves applications
        ):
            moved = await world.move(who, application["id"], stage, **extra)
            if expected is None:
                assert [e["extensions"]["code"] for e in moved["errors"]] == ["FORBIDDEN"]
            else:
                assert errors_of(moved, "rehireApplicationStageSet") == expected, (who, stage)
        assert await written() == before
        for stage in ("SCREENING", "FINAL_INTERVIEW", "OFFER"):
            await world.move("hr", application["id"], stage)
        before = await written()
        no_date = await world.move("hr", application["id"], "HIRED")
        assert errors_of(no_date, "rehireApplicationStageSet") == [
            ("startDate", "START_DATE_REQUIRED")
        ]
        too_early = await world.move("hr", application["id"], "HIRED", startDate="2023-03-31")
        assert errors_of(too_early, "rehireApplicationStageSet") == [
            ("startDate", "START_BEFORE_LEAVE")
        ]
        assert await written() == before


async def test_policy_input_is_checked(world):
    with time_machine.travel(NOW, tick=False):
        before = await written()
        for changes, expected in (
            ({"tenureRule": "CARRIED_OVER_WITHIN_YEARS"}, [("tenureWithinYears", "REQUIRED")]),
            (
                {"tenureRule": "CARRIED_OVER_WITHIN_YEARS", "tenureWithinYears": 31},
                [("tenureWithinYears", "OUT_OF_RANGE")],
            ),
            ({"tenureWithinYears": 3}, [("tenureWithinYears", "INVALID")]),
            ({"skippedSteps": ["SCREENING"]}, [("skippedSteps", "NOT_SKIPPABLE")]),
            ({"salaryNote": "x" * 2001}, [("salaryNote", "TOO_LONG")]),
        ):
            body = await world.set_policy(**changes)
            assert errors_of(body, "rehirePolicySet") == expected, changes
        assert await written() == before
