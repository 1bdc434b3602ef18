"""Changing the expiry and ownership days: the claims follow at once, so that a referral's
`expired`, its moves, the funnel and who owns the candidate always give one answer."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from domain.referrals.models import ReferralClaim
from resolvers import ids
from tests.api.referrals_world import build_world
from tests.factories import gql

NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)
SETTINGS = (
    "mutation($input: ReferralSettingsSetInput!) { referralSettingsSet(input: $input) {"
    " errors { code } } }"
)
STATE = "query($id: ID!) { node(id: $id) { ... on Referral { stage expired } } }"
FUNNEL = '{ referralFunnel(from: "2030-04-01", to: "2030-04-30") { expired } }'


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        return await build_world(client)


def answer(body: dict, name: str) -> tuple[dict | None, list[tuple]]:
    assert "errors" not in body, body
    payload = body["data"][name]
    return payload.get("referral"), [(e["field"], e["code"]) for e in payload["errors"]]


async def settings(client, world, **values) -> None:
    body = await gql(client, SETTINGS, {"input": values}, world.tokens["hr"])
    assert body["data"]["referralSettingsSet"]["errors"] == []


async def state(client, world, referral: dict) -> dict:
    body = await gql(client, STATE, {"id": referral["id"]}, world.tokens["hr"])
    return body["data"]["node"]


async def funnel_expired(client, world) -> int:
    body = await gql(client, FUNNEL, token=world.tokens["executive"])
    return body["data"]["referralFunnel"]["expired"]


async def claimed() -> list[tuple]:
    return (
        await ReferralClaim.all()
        .order_by("candidate_key")
        .values_list("candidate_key", "referral_id")
    )


async def test_a_lowered_expiry_frees_the_candidate_and_the_referral_can_still_end(client, world):
    with time_machine.travel(NOW, tick=False):
        first, _ = answer(await world.refer("employee"), "referralCreate")
    with time_machine.travel(NOW + timedelta(days=20), tick=False):
        await settings(client, world, expiryDays=10)
        assert await state(client, world, first) == {"stage": "SUBMITTED", "expired": True}
        assert await funnel_expired(client, world) == 1
        # Expired means free: another referral takes the candidate.
        second, errors = answer(await world.refer("alumnus"), "referralCreate")
        assert errors == []
        moved = await world.move("hr", first["id"], "SCREENING")
        assert answer(moved, "referralStageSet") == (None, [("id", "EXPIRED")])
        # A human can always end it; the new referral's claim stays.
        rejected, errors = answer(
            await world.move("hr", first["id"], "REJECTED"), "referralStageSet"
        )
        assert errors == [] and rejected["stage"] == "REJECTED"
        assert await state(client, world, first) == {"stage": "REJECTED", "expired": False}
    assert await claimed() == [("email:taro@example.com", ids.decode(second["id"], "Referral"))]


async def test_a_raised_expiry_extends_live_claims_only(client, world):
    with time_machine.travel(NOW, tick=False):
        first, _ = answer(await world.refer("employee"), "referralCreate")
        held, _ = answer(
            await world.refer("employee", candidateEmail="hanako@example.com"), "referralCreate"
        )
    # 90 days without progress: both lapse; the alumnus takes over the first candidate.
    with time_machine.travel(NOW + timedelta(days=90), tick=False):
        second, errors = answer(await world.refer("alumnus"), "referralCreate")
        assert errors == []
    with time_machine.travel(NOW + timedelta(days=91), tick=False):
        await settings(client, world, expiryDays=365)
        # Lapsed stays lapsed: the first does not come back to life beside the second.
        assert await state(client, world, first) == {"stage": "SUBMITTED", "expired": True}
        moved = await world.move("hr", first["id"], "SCREENING")
        assert answer(moved, "referralStageSet") == (None, [("id", "EXPIRED")])
        assert answer(await world.move("hr", held["id"], "SCREENING"), "referralStageSet")[1] == [
            ("id", "EXPIRED")
        ]
        assert await state(client, world, second) == {"stage": "SUBMITTED", "expired": False}
        assert await funnel_expired(client, world) == 2
    # The second's live claim was extended: 200 days on, it still owns the candidate.
    with time_machine.travel(NOW + timedelta(days=200), tick=False):
        refused = await world.refer("executive")
        assert answer(refused, "referralCreate") == (None, [("candidate", "ALREADY_REFERRED")])
        moved, errors = answer(
            await world.move("hr", second["id"], "SCREENING"), "referralStageSet"
        )
        assert errors == [] and moved["expired"] is False


async def test_a_lowered_ownership_window_ends_ownership_at_once(client, world):
    with time_machine.travel(NOW, tick=False):
        first, _ = answer(await world.refer("employee"), "referralCreate")
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        answer(await world.move("hr", first["id"], "SCREENING"), "referralStageSet")
        await settings(client, world, ownershipDays=20)
        assert await state(client, world, first) == {"stage": "SCREENING", "expired": True}
        moved = await world.move("hr", first["id"], "INTERVIEW")
        assert answer(moved, "referralStageSet") == (None, [("id", "EXPIRED")])
        withdrawn = await world.move("hr", first["id"], "WITHDRAWN")
        assert answer(withdrawn, "referralStageSet")[1] == []
    assert await claimed() == []
