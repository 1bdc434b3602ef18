"""Boomerang (rehire) applications through the API: hr writes the policy, an alumnus applies
under it, the application skips the steps the policy names, is hired, and the person's
employment history and tenure show the policy's result — one test per tenure rule."""

import asyncio
from datetime import UTC, datetime

import pytest
import time_machine

from domain.accounts.models import Membership, Role
from domain.outbox.models import OutboxEvent
from tests.api.rehire_world import build_rehire_world, written
from tests.factories import gql

# 12:00 in Tokyo on 2026-04-01: a start date of today reopens employment at once.
NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)
START = "2026-04-01"
PERSON = (
    "query($id: ID!) { node(id: $id) { ... on Person { status employments {"
    " hireDate leaveDate title tenure { countedFrom asOf years months days } } } } }"
)


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        return await build_rehire_world(client)


def answer(body: dict, name: str) -> tuple[dict | None, list[tuple]]:
    assert "errors" not in body, body
    payload = body["data"][name]
    found = payload.get("application", payload.get("policy"))
    return found, [(e["field"], e["code"]) for e in payload["errors"]]


async def _hire(world, application_id: str, path: list[str]) -> dict:
    for stage in path:
        extra = {"startDate": START} if stage == "HIRED" else {}
        moved, errors = answer(
            await world.move("manager", application_id, stage, **extra),
            "rehireApplicationStageSet",
        )
        assert errors == [], stage
    return moved


async def _employments(world) -> dict:
    from resolvers import ids

    person_id = ids.encode("Person", world.base.people["returner"].id)
    body = await gql(world.client, PERSON, {"id": person_id}, world.tokens["hr"])
    return body["data"]["node"]


async def test_carried_over_skips_the_named_steps_and_carries_eight_years(world):
    with time_machine.travel(NOW, tick=False):
        policy, errors = answer(await world.set_policy(), "rehirePolicySet")
        assert errors == []
        assert policy["version"] == 1
        assert policy["steps"] == ["APPLIED", "SCREENING", "FINAL_INTERVIEW", "OFFER", "HIRED"]
        shown = await gql(
            world.client,
            "{ rehirePolicy { version salaryNote tenureRule steps } }",
            token=world.tokens["returner"],
        )
        assert shown["data"]["rehirePolicy"]["tenureRule"] == "CARRIED_OVER"
        assert shown["data"]["rehirePolicy"]["salaryNote"].startswith("退職時の等級")
        application, errors = answer(
            await world.apply(desiredStartOn=START), "rehireApplicationCreate"
        )
        assert errors == [] and application["stage"] == "APPLIED"
        assert application["steps"] == policy["steps"]
        screened = await world.move("manager", application["id"], "SCREENING")
        assert answer(screened, "rehireApplicationStageSet")[1] == []
        for skipped in ("APTITUDE_TEST", "FIRST_INTERVIEW"):
            refused = await world.move("manager", application["id"], skipped)
            assert answer(refused, "rehireApplicationStageSet") == (
                None,
                [("stage", "STEP_SKIPPED")],
            )
        # hr changes the policy meanwhile: the application keeps the terms it was made under.
        _, errors = answer(
            await world.set_policy(tenureRule="RESET", skippedSteps=[]), "rehirePolicySet"
        )
        assert errors == []
        hired = await _hire(world, application["id"], ["FINAL_INTERVIEW", "OFFER", "HIRED"])
        assert hired["stage"] == "HIRED" and hired["startDate"] == START
        assert hired["policy"] == {
            "version": 1,
            "tenureRule": "CARRIED_OVER",
            "tenureWithinYears": None,
            "skippedSteps": ["APTITUDE_TEST", "FIRST_INTERVIEW"],
        }
        person = await _employments(world)
    assert person["status"] == "EMPLOYEE"
    first, back = person["employments"]
    assert (first["hireDate"], first["leaveDate"]) == ("2015-04-01", "2023-03-31")
    assert first["tenure"] == {
        "countedFrom": "2015-04-01",
        "asOf": "2023-03-31",
        "years": 8,
        "months": 0,
        "days": 0,
    }
    assert (back["hireDate"], back["leaveDate"], back["title"]) == (
        START,
        None,
        "エンジニア (open)",
    )
    assert back["tenure"] == {
        "countedFrom": "2018-04-01",
        "asOf": START,
        "years": 8,
        "months": 0,
        "days": 1,
    }
    role = await Membership.filter(person_id=world.base.people["returner"].id).values_list(
        "role", flat=True
    )
    assert role == [Role.EMPLOYEE]
    events = await OutboxEvent.filter(event_type__startswith="rehire.").order_by("created_at")
    assert [e.event_type for e in events] == [
        "rehire.applied",
        *["rehire.stage_changed"] * 4,
        "rehire.hired",
    ]
    assert events[-1].payload["start_date"] == START
    assert events[-1].payload["policy_version"] == 1
    assert "motivation" not in str([e.payload for e in events])


async def test_reset_counts_from_the_new_hire_date(world):
    with time_machine.travel(NOW, tick=False):
        await world.set_policy(tenureRule="RESET", skippedSteps=["FINAL_INTERVIEW"])
        application, _ = answer(await world.apply(), "rehireApplicationCreate")
        assert application["steps"] == [
            "APPLIED",
            "SCREENING",
            "APTITUDE_TEST",
            "FIRST_INTERVIEW",
            "OFFER",
            "HIRED",
        ]
        path = ["SCREENING", "APTITUDE_TEST", "FIRST_INTERVIEW", "OFFER", "HIRED"]
        await _hire(world, application["id"], path)
        person = await _employments(world)
    assert person["employments"][1]["tenure"] == {
        "countedFrom": START,
        "asOf": START,
        "years": 0,
        "months": 0,
        "days": 1,
    }


@pytest.mark.parametrize(
    ("years", "counted_from", "tenure_years"),
    [(3, "2018-04-01", 8), (2, START, 0)],
    ids=["back-within-3-years", "gone-longer-than-2-years"],
)
async def test_carried_over_within_years_depends_on_the_gap(
    world, years, counted_from, tenure_years
):
    with time_machine.travel(NOW, tick=False):
        policy, errors = answer(
            await world.set_policy(
                tenureRule="CARRIED_OVER_WITHIN_YEARS", tenureWithinYears=years, skippedSteps=[]
            ),
            "rehirePolicySet",
        )
        assert errors == [] and policy["tenureWithinYears"] == years
        application, _ = answer(await world.apply(), "rehireApplicationCreate")
        path = [
            "SCREENING",
            "APTITUDE_TEST",
            "FIRST_INTERVIEW",
            "FINAL_INTERVIEW",
            "OFFER",
            "HIRED",
        ]
        await _hire(world, application["id"], path)
        person = await _employments(world)
    tenure = person["employments"][1]["tenure"]
    assert (tenure["countedFrom"], tenure["years"]) == (counted_from, tenure_years)


async def test_a_future_start_date_keeps_them_an_alumnus_until_that_day(world):
    from domain.outbox.runner import run_until_idle
    from domain.people.models import Person
    from kizuna.worker import build_registry

    with time_machine.travel(NOW, tick=False):
        await world.set_policy(skippedSteps=["APTITUDE_TEST", "FIRST_INTERVIEW", "FINAL_INTERVIEW"])
        application, _ = answer(await world.apply(), "rehireApplicationCreate")
        for stage in ("SCREENING", "OFFER"):
            await world.move("hr", application["id"], stage)
        hired = await world.move("hr", application["id"], "HIRED", startDate="2026-05-01")
        assert answer(hired, "rehireApplicationStageSet")[1] == []
        registry = build_registry()
        await run_until_idle(registry, "test")
        person_id = world.base.people["returner"].id
        assert (await Person.get(id=person_id)).status == "alumnus"
        # Their return is settled: another application is refused, and writes nothing.
        before = await written()
        again = await world.apply()
        assert answer(again, "rehireApplicationCreate") == (None, [(None, "ALREADY_EMPLOYED")])
        assert await written() == before
    with time_machine.travel(datetime(2026, 4, 30, 15, 0, tzinfo=UTC), tick=False):
        await run_until_idle(registry, "test")  # midnight of May 1st in Tokyo
        assert (await Person.get(id=person_id)).status == "employee"
        roles = await Membership.filter(person_id=person_id).values_list("role", flat=True)
        assert roles == [Role.EMPLOYEE]


async def test_not_eligible_needs_hr_to_confirm_past_screening(world):
    with time_machine.travel(NOW, tick=False):
        await world.set_policy()
        application, _ = answer(await world.apply("ineligible"), "rehireApplicationCreate")
        warning = await gql(
            world.client,
            "query($id: ID!) { node(id: $id) { ... on RehireApplication {"
            " rehireEligibility eligibilityWarning ineligibleConfirmedBy } } }",
            {"id": application["id"]},
            world.tokens["hr"],
        )
        node = warning["data"]["node"]
        assert node["rehireEligibility"] == "NOT_ELIGIBLE"
        assert node["eligibilityWarning"].endswith("競合への情報持ち出しの疑い")
        assert node["ineligibleConfirmedBy"] == ""
        assert (
            answer(
                await world.move("hr", application["id"], "SCREENING"), "rehireApplicationStageSet"
            )[1]
            == []
        )
        before = await written()
        refused = await world.move("hr", application["id"], "FINAL_INTERVIEW")
        assert answer(refused, "rehireApplicationStageSet") == (
            None,
            [("confirmIneligible", "CONFIRMATION_REQUIRED")],
        )
        by_manager = await world.move(
            "manager", application["id"], "FINAL_INTERVIEW", confirmIneligible=True
        )
        assert answer(by_manager, "rehireApplicationStageSet") == (
            None,
            [("confirmIneligible", "CONFIRMATION_BY_HR_ONLY")],
        )
        assert await written() == before
        confirmed = await world.move(
            "hr", application["id"], "FINAL_INTERVIEW", confirmIneligible=True
        )
        assert answer(confirmed, "rehireApplicationStageSet")[0]["stage"] == "FINAL_INTERVIEW"
        # Asked once: the hiring manager moves it on afterwards.
        offer = await world.move("manager", application["id"], "OFFER")
        assert answer(offer, "rehireApplicationStageSet")[0]["stage"] == "OFFER"
        after = await gql(
            world.client,
            "query($id: ID!) { node(id: $id) { ... on RehireApplication {"
            " ineligibleConfirmedBy history { toStage } } } }",
            {"id": application["id"]},
            world.tokens["hr"],
        )
    node = after["data"]["node"]
    assert node["ineligibleConfirmedBy"].startswith("user:")
    assert [h["toStage"] for h in node["history"]] == [
        "APPLIED",
        "SCREENING",
        "FINAL_INTERVIEW",
        "OFFER",
    ]


async def test_conditional_shows_the_note_and_needs_no_confirmation(world):
    with time_machine.travel(NOW, tick=False):
        await world.set_policy(skippedSteps=[])
        application, _ = answer(await world.apply("conditional"), "rehireApplicationCreate")
        for stage in ("SCREENING", "APTITUDE_TEST"):
            assert (
                answer(
                    await world.move("manager", application["id"], stage),
                    "rehireApplicationStageSet",
                )[1]
                == []
            )
        seen = await gql(
            world.client,
            "query($id: ID!) { node(id: $id) { ... on RehireApplication {"
            " rehireEligibility eligibilityWarning } } }",
            {"id": application["id"]},
            world.tokens["manager"],
        )
    assert seen["data"]["node"] == {
        "rehireEligibility": "CONDITIONAL",
        "eligibilityWarning": "Conditionally eligible for rehire. 管理職以外なら可",
    }


async def test_two_applications_hired_at_the_same_moment_open_one_period(world):
    from domain.people.models import EmploymentPeriod

    with time_machine.travel(NOW, tick=False):
        await world.set_policy(skippedSteps=["APTITUDE_TEST", "FIRST_INTERVIEW", "FINAL_INTERVIEW"])
        applications = []
        for opening in ("open", "no_referrals"):
            application, errors = answer(
                await world.apply(opening=opening), "rehireApplicationCreate"
            )
            assert errors == []
            for stage in ("SCREENING", "OFFER"):
                assert (
                    answer(
                        await world.move("hr", application["id"], stage),
                        "rehireApplicationStageSet",
                    )[1]
                    == []
                )
            applications.append(application["id"])
        bodies = await asyncio.gather(
            *(world.move("hr", a, "HIRED", startDate=START) for a in applications)
        )
    outcomes = sorted(tuple(answer(b, "rehireApplicationStageSet")[1]) for b in bodies)
    assert outcomes == [(), (("id", "ALREADY_EMPLOYED"),)]
    person_id = world.base.people["returner"].id
    assert await EmploymentPeriod.filter(person_id=person_id, leave_date=None).count() == 1
