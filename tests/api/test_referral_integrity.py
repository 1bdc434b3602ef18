"""Referrals kept consistent under concurrency: no referral under a person who is gone, and
settings written by two callers at once."""

import asyncio
from datetime import UTC, datetime

import pytest
import time_machine
from tortoise.transactions import in_transaction

from domain.accounts.models import Role
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.organizations.models import Organization
from domain.people.access import Viewer
from domain.people.services import archive_person
from domain.privacy.services import erase_person
from domain.referrals.error_codes import ReferralErrorCode
from domain.referrals.models import ReferralClaim, ReferralSettings
from domain.referrals.services import submit_referral
from domain.referrals.validation import CandidateDraft
from kizuna.diagnostics import count_statements
from resolvers import ids
from tests.api.referrals_world import build_world, written
from tests.conftest import POSTGRES
from tests.factories import gql

NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)
HR = Actor.user(1)


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        return await build_world(client)


@pytest.mark.parametrize("who", ["employee", "alumnus"])
async def test_an_archived_or_erased_referrer_is_refused_and_nothing_is_written(world, who):
    """As if the person was archived or erased while their request was under way: the check
    is made in the referral's transaction, not when the caller signed in."""
    person = world.people[who]
    organization = await Organization.get(id=person.organization_id)
    with time_machine.travel(NOW, tick=False):
        if who == "employee":
            await archive_person(organization, HR, person.id)
        else:
            await erase_person(organization, HR, person.id, confirm=True)
        before = await written()
        role = Role.EMPLOYEE if who == "employee" else Role.ALUMNUS
        with pytest.raises(DomainError) as refused:
            await submit_referral(
                organization.id,
                Actor.user(2),
                Viewer(organization.id, role, person.id),
                ids.decode(world.openings["open"], "JobOpening"),
                CandidateDraft("候補 太郎", email="taro@example.com", consents_to_contact=True),
            )
    assert (refused.value.code, refused.value.field) == (ReferralErrorCode.REFERRER_INACTIVE, None)
    assert await written() == before


async def test_first_settings_from_two_callers_at_once_both_apply(client, world):
    """Each writes only its own field: neither fails on the new row, nor undoes the other."""
    query = (
        "mutation($input: ReferralSettingsSetInput!) { referralSettingsSet(input: $input) {"
        " settings { ownershipDays expiryDays } errors { code } } }"
    )
    with time_machine.travel(NOW, tick=False):
        bodies = await asyncio.gather(
            gql(client, query, {"input": {"ownershipDays": 200}}, world.tokens["hr"]),
            gql(client, query, {"input": {"expiryDays": 30}}, world.tokens["hr"]),
        )
    assert ["errors" in body for body in bodies] == [False, False], bodies
    assert [body["data"]["referralSettingsSet"]["errors"] for body in bodies] == [[], []]
    stored = await ReferralSettings.all().values_list("ownership_days", "expiry_days")
    assert stored == [(200, 30)]


async def test_a_first_setting_waiting_on_another_first_setting_applies(client, world):
    """Deterministic form of the race on PostgreSQL: the other caller's new row is not yet
    committed when this call starts, so this call cannot see it and must not insert again."""
    query = (
        "mutation { referralSettingsSet(input: {expiryDays: 30}) {"
        " settings { ownershipDays expiryDays } errors { code } } }"
    )
    organization_id = world.people["hr"].organization_id
    started = asyncio.Event()

    async def set_expiry() -> dict:
        await started.wait()
        return await gql(client, query, token=world.tokens["hr"])

    with time_machine.travel(NOW, tick=False):
        # Created outside the transaction below, so the call does not run inside it.
        call = asyncio.create_task(set_expiry())
        async with in_transaction() as other:
            await ReferralSettings.create(
                organization_id=organization_id, ownership_days=200, using_db=other
            )
            started.set()
            await asyncio.sleep(0.3)  # it reaches the row and waits for this transaction
        body = await call
    assert body["data"]["referralSettingsSet"] == {
        "settings": {"ownershipDays": 200, "expiryDays": 30},
        "errors": [],
    }


async def test_releasing_claims_deletes_them_one_by_one_in_key_order(client, world):
    """The order submissions take keys in (sorted), on either database."""
    with time_machine.travel(NOW, tick=False):
        referral = (await world.refer("employee", candidatePhone="090-2222-3333"))["data"]
        referral_id = referral["referralCreate"]["referral"]["id"]
        with count_statements() as sql:
            body = await world.move("hr", referral_id, "REJECTED")
    assert body["data"]["referralStageSet"]["errors"] == []
    deletes = [s for s in sql.statements if s.startswith('DELETE FROM "referral_claim"')]
    keys = ["email:taro@example.com", "phone:+819022223333"]
    assert len(deletes) == 2
    assert [keys[0] in deletes[0], keys[1] in deletes[1]] == [True, True]
    assert await ReferralClaim.all().count() == 0


async def _releasing_claims_locks_them_in_key_order(client, world):
    """A rejection frees its claims in the order submissions take them (email before phone),
    so it never holds the phone while waiting for the email that a submission holds while
    waiting for the phone: the two would deadlock."""
    email, phone = "email:taro@example.com", "phone:+819022223333"
    with time_machine.travel(NOW, tick=False):
        referral = (await world.refer("employee", candidatePhone="090-2222-3333"))["data"]
    referral_id = referral["referralCreate"]["referral"]["id"]
    # Written anew, the email's row comes after the phone's on disk and in the indexes (as
    # rows reused or moved do): a plain DELETE by referral would meet the phone first.
    row = await ReferralClaim.get(candidate_key=email)
    await row.delete()
    await ReferralClaim.create(**{f: getattr(row, f) for f in row._meta.db_fields})
    started = asyncio.Event()

    async def reject() -> dict:
        await started.wait()
        return await world.move("hr", referral_id, "REJECTED")

    with time_machine.travel(NOW, tick=False):
        rejection = asyncio.create_task(reject())  # outside the transaction below
        async with in_transaction() as submission:
            lock = "SELECT id FROM referral_claim WHERE candidate_key = $1 FOR UPDATE"
            await submission.execute_query(lock, [email])
            started.set()
            await asyncio.sleep(0.5)  # the rejection reaches the claims and waits
            await submission.execute_query("SET LOCAL lock_timeout = '300ms'")
            await submission.execute_query(lock, [phone])  # not held by the rejection
        body = await rejection
    assert body["data"]["referralStageSet"]["errors"] == []
    assert await ReferralClaim.all().count() == 0


# Row locks, and so the deadlock this guards against, exist only on PostgreSQL (SQLite runs
# one writing transaction at a time); the statement order above is checked on both.
if POSTGRES:
    test_releasing_claims_locks_them_in_key_order = _releasing_claims_locks_them_in_key_order
