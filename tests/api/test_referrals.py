"""Referrals through the API: the whole pipeline with its events, ownership of a candidate,
the fraud rules, bad input that writes nothing, and who sees what."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from domain.audit.models import AuditEvent
from domain.outbox.models import OutboxEvent
from domain.referrals.models import Referral, ReferralClaim
from resolvers import ids
from tests.api.referrals_world import STAGE_SET, WITHDRAW, build_world, written
from tests.factories import gql

NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)
PIPELINE = ["SCREENING", "CASUAL_INTERVIEW", "INTERVIEW", "OFFER", "HIRED"]
MINE = (
    "{ referrals(first: 20, mine: true) { totalCount edges { node { stage rejectionReason } } } }"
)


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        return await build_world(client)


def answer(body: dict, name: str = "referralCreate") -> tuple[dict | None, list[tuple]]:
    assert "errors" not in body, body
    payload = body["data"][name]
    return payload["referral"], [(e["field"], e["code"]) for e in payload["errors"]]


async def test_a_referral_goes_from_submission_to_hire_with_history_and_events(client, world):
    with time_machine.travel(NOW, tick=False):
        referral, errors = answer(
            await world.refer(
                "employee",
                candidateEmail="Ｔａｒｏ@Example.com",
                candidatePhone="０９０－２２２２－３３３３",
            )
        )
        assert errors == []
        assert referral["stage"] == "SUBMITTED" and referral["source"] == "EMPLOYEE"
        assert referral["candidateEmail"] == "taro@example.com"
        assert referral["candidatePhone"] == "+819022223333"
        for stage in PIPELINE:
            moved, errors = answer(
                await world.move("manager", referral["id"], stage), "referralStageSet"
            )
            assert errors == [] and moved["stage"] == stage
    events = await OutboxEvent.filter(event_type__startswith="referral.").order_by("created_at")
    assert [e.event_type for e in events].count("referral.stage_changed") == 5
    assert {e.event_type for e in events} == {
        "referral.submitted",
        "referral.stage_changed",
        "referral.hired",
    }
    hired = next(e for e in events if e.event_type == "referral.hired")
    assert hired.payload["from"] == "offer" and hired.payload["to"] == "hired"
    assert "candidate_email" not in str([e.payload for e in events])  # no candidate data
    history = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Referral {"
        " history { fromStage toStage changedBy } } } }",
        {"id": referral["id"]},
        world.tokens["hr"],
    )
    moves = history["data"]["node"]["history"]
    assert [(m["fromStage"], m["toStage"]) for m in moves] == list(
        zip([None, "SUBMITTED", *PIPELINE[:-1]], ["SUBMITTED", *PIPELINE], strict=True)
    )
    manager_user = moves[1]["changedBy"]
    assert manager_user.startswith("user:")
    assert await AuditEvent.filter(action="referral.stage_changed").count() == 5


async def test_the_referrer_sees_the_stage_and_the_reason_only_if_shared(client, world):
    with time_machine.travel(NOW, tick=False):
        referral, _ = answer(await world.refer("alumnus"))
        _, errors = answer(
            await world.move("hr", referral["id"], "REJECTED", "経験が不足"), "referralStageSet"
        )
        assert errors == []
        hidden = await gql(client, MINE, token=world.tokens["alumnus"])
        assert hidden["data"] is None or hidden["data"]["referrals"]["edges"][0]["node"] is None
        assert [e["extensions"]["code"] for e in hidden["errors"]] == ["FORBIDDEN"]
        stage_only = await gql(
            client,
            "{ referrals(first: 5, mine: true) { edges { node { stage source } } } }",
            token=world.tokens["alumnus"],
        )
        assert stage_only["data"]["referrals"]["edges"] == [
            {"node": {"stage": "REJECTED", "source": "ALUMNUS"}}
        ]
        shared = await gql(
            client,
            "mutation { referralSettingsSet(input: {shareRejectionReason: true}) {"
            " settings { shareRejectionReason ownershipDays expiryDays } errors { code } } }",
            token=world.tokens["hr"],
        )
        assert shared["data"]["referralSettingsSet"]["settings"] == {
            "shareRejectionReason": True,
            "ownershipDays": 180,
            "expiryDays": 90,
        }
        seen = await gql(client, MINE, token=world.tokens["alumnus"])
        assert seen["data"]["referrals"]["edges"] == [
            {"node": {"stage": "REJECTED", "rejectionReason": "経験が不足"}}
        ]


async def test_a_candidate_referred_again_belongs_to_the_first_referral(client, world):
    with time_machine.travel(NOW, tick=False):
        first, _ = answer(await world.refer("employee", candidatePhone="090-2222-3333"))
        before = await written()
        # The same person, typed differently, by someone else: by email, then by phone only.
        for typed in (
            {"candidateEmail": " TARO@example.COM "},
            {"candidateEmail": None, "candidatePhone": "+81 90 2222 3333"},
        ):
            body = await world.refer("alumnus", **typed)
            referral, errors = answer(body)
            assert referral is None
            assert errors == [("candidate", "ALREADY_REFERRED")]
            assert first["id"] not in str(body) and "社員" not in str(body)
        assert await written() == before
        # Rejected: the candidate is free again.
        answer(await world.move("hr", first["id"], "REJECTED"), "referralStageSet")
        second, errors = answer(await world.refer("alumnus"))
        assert errors == [] and second["source"] == "ALUMNUS"
    assert await ReferralClaim.filter(referral_id=uuid.UUID(int=0)).count() == 0
    claims = await ReferralClaim.all().values_list("candidate_key", "referral_id")
    assert claims == [("email:taro@example.com", ids.decode(second["id"], "Referral"))]


async def test_a_referral_without_progress_expires_and_frees_the_candidate(client, world):
    with time_machine.travel(NOW, tick=False):
        first, _ = answer(await world.refer("employee"))
        answer(await world.move("hr", first["id"], "SCREENING"), "referralStageSet")
    # 89 days after the last progress it still owns the candidate; at 90 days it expires.
    with time_machine.travel(NOW + timedelta(days=89), tick=False):
        assert answer(await world.refer("alumnus"))[1] == [("candidate", "ALREADY_REFERRED")]
    with time_machine.travel(NOW + timedelta(days=90), tick=False):
        second, errors = answer(await world.refer("alumnus"))
        assert errors == [] and second["stage"] == "SUBMITTED"
        moved, errors = answer(await world.move("hr", first["id"], "INTERVIEW"), "referralStageSet")
        assert (moved, errors) == (None, [("id", "EXPIRED")])
        node = await gql(
            client,
            "query($id: ID!) { node(id: $id) { ... on Referral { expired stage } } }",
            {"id": first["id"]},
            world.tokens["hr"],
        )
        assert node["data"]["node"] == {"expired": True, "stage": "SCREENING"}


async def test_the_same_candidate_at_the_same_moment_has_one_owner(client, world):
    """Two referrals of one candidate at once: one owner, one ALREADY_REFERRED, never a 500."""
    with time_machine.travel(NOW, tick=False):
        bodies = await asyncio.gather(world.refer("employee"), world.refer("alumnus"))
    answers = sorted(answer(body)[1] for body in bodies)
    assert answers == [[], [("candidate", "ALREADY_REFERRED")]]
    assert await Referral.all().count() == 1
    assert await ReferralClaim.all().count() == 1
    assert await OutboxEvent.filter(event_type="referral.submitted").count() == 1


@pytest.mark.parametrize(
    ("who", "opening", "candidate", "expected"),
    [
        ("employee", "closed", {}, [("openingId", "OPENING_NOT_OPEN")]),
        ("employee", "paused", {}, [("openingId", "OPENING_NOT_OPEN")]),
        ("employee", "no_referrals", {}, [("openingId", "NOT_ACCEPTING_REFERRALS")]),
        ("employee", "draft", {}, [("openingId", "OPENING_NOT_FOUND")]),  # not visible to them
        ("alumnus", "staff_only", {}, [("openingId", "OPENING_NOT_FOUND")]),
        ("employee", "unknown", {}, [("openingId", "OPENING_NOT_FOUND")]),
        ("employee", "other_org", {}, [("openingId", "OPENING_NOT_FOUND")]),
        ("employee", "not_an_id", {}, [("openingId", "OPENING_NOT_FOUND")]),
        (
            "employee",
            "open",
            {"candidateConsentsToContact": False},
            [("candidateConsentsToContact", "CONSENT_REQUIRED")],
        ),
        ("employee", "open", {"candidateEmail": None}, [("candidateEmail", "CONTACT_REQUIRED")]),
        (
            "employee",
            "open",
            {"candidateEmail": "not-an-email", "candidatePhone": "12"},
            [("candidateEmail", "INVALID_EMAIL"), ("candidatePhone", "INVALID_PHONE")],
        ),
        (
            "employee",
            "open",
            {"candidateName": " ", "resumeUrl": "javascript:alert(1)"},
            [("candidateName", "REQUIRED"), ("resumeUrl", "INVALID_URL")],
        ),
        (
            "employee",
            "open",
            {"candidateEmail": "ME@example.jp"},
            [("candidateEmail", "SELF_REFERRAL")],
        ),
        ("manager", "open", {}, [("openingId", "HIRING_MANAGER_REFERRAL")]),
    ],
)
async def test_refused_referrals_write_nothing(client, world, who, opening, candidate, expected):
    openings = {
        "unknown": ids.encode("JobOpening", uuid.uuid4()),
        "other_org": world.other_opening,
        "not_an_id": "bm90IGFuIGlk",
    }
    before = await written()
    with time_machine.travel(NOW, tick=False):
        body = await world.refer(who, openings.get(opening, opening), **candidate)
    assert answer(body) == (None, expected)
    assert await written() == before


async def test_a_burst_of_referrals_is_refused_after_ten_an_hour(client, world):
    with time_machine.travel(NOW, tick=False) as traveller:
        for n in range(10):
            assert (
                answer(await world.refer("employee", candidateEmail=f"c{n}@example.com"))[1] == []
            )
            traveller.shift(timedelta(minutes=5))
        before = await written()
        refused = await world.refer("employee", candidateEmail="c10@example.com")
        assert answer(refused) == (None, [(None, "TOO_MANY_REFERRALS")])
        assert await written() == before
        # The eleventh attempt blocks the referrer for an hour, then the window starts anew.
        traveller.shift(timedelta(minutes=15))
        refused = await world.refer("employee", candidateEmail="c10@example.com")
        assert answer(refused) == (None, [(None, "TOO_MANY_REFERRALS")])
        traveller.shift(timedelta(minutes=45))
        assert answer(await world.refer("employee", candidateEmail="c10@example.com"))[1] == []


async def test_refused_attempts_count_so_the_pipeline_cannot_be_probed(client, world):
    with time_machine.travel(NOW, tick=False):
        answer(await world.refer("employee", candidatePhone="090-2222-3333"))
        before = await written()
        # Email only, then phone only: the same answer, not telling which detail matched.
        for n in range(10):
            typed = (
                {"candidateEmail": "taro@example.com"}
                if n % 2
                else {"candidateEmail": None, "candidatePhone": "090-2222-3333"}
            )
            assert answer(await world.refer("alumnus", **typed)) == (
                None,
                [("candidate", "ALREADY_REFERRED")],
            )
        for email in ("taro@example.com", "fresh@example.com"):
            refused = await world.refer("alumnus", candidateEmail=email)
            assert answer(refused) == (None, [(None, "TOO_MANY_REFERRALS")])
        assert await written() == before
        # Another referrer's attempts are their own.
        assert answer(await world.refer("executive", candidateEmail="fresh@example.com"))[1] == []


async def test_moves_out_of_order_and_by_the_wrong_people_write_nothing(client, world):
    with time_machine.travel(NOW, tick=False):
        referral, _ = answer(await world.refer("employee"))
        before = await written()
        for who, stage, expected in (
            ("hr", "OFFER", [("stage", "TRANSITION_NOT_ALLOWED")]),
            ("hr", "SUBMITTED", [("stage", "TRANSITION_NOT_ALLOWED")]),
            ("team_manager", "SCREENING", [("id", "NOT_FOUND")]),  # not the hiring manager
            ("other_hr", "SCREENING", [("id", "NOT_FOUND")]),
        ):
            assert answer(await world.move(who, referral["id"], stage), "referralStageSet") == (
                None,
                expected,
            )
        forbidden = await world.move("employee", referral["id"], "SCREENING")
        assert forbidden["data"] is None
        assert [e["extensions"]["code"] for e in forbidden["errors"]] == ["FORBIDDEN"]
        anonymous = await gql(
            client, STAGE_SET, {"input": {"id": referral["id"], "stage": "SCREENING"}}
        )
        assert [e["extensions"]["code"] for e in anonymous["errors"]] == ["UNAUTHENTICATED"]
        unknown = await world.move("hr", ids.encode("Referral", uuid.uuid4()), "SCREENING")
        assert answer(unknown, "referralStageSet") == (None, [("id", "NOT_FOUND")])
        # Someone else's referral cannot be withdrawn; the referrer's own can, once.
        other = await gql(
            client, WITHDRAW, {"input": {"id": referral["id"]}}, world.tokens["alumnus"]
        )
        assert other["data"]["referralWithdraw"]["errors"][0]["code"] == "NOT_FOUND"
        assert await written() == before
        own = await gql(
            client, WITHDRAW, {"input": {"id": referral["id"]}}, world.tokens["employee"]
        )
        assert own["data"]["referralWithdraw"]["referral"]["stage"] == "WITHDRAWN"
        again = await gql(
            client, WITHDRAW, {"input": {"id": referral["id"]}}, world.tokens["employee"]
        )
        assert again["data"]["referralWithdraw"]["errors"][0]["code"] == "TRANSITION_NOT_ALLOWED"
    assert await ReferralClaim.all().count() == 0
