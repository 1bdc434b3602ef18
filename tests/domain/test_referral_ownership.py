"""Ownership of a candidate, by property: however referrals of one candidate interleave —
any order, equal timestamps, rejections, withdrawals and expiries between them — exactly
one referral owns the candidate whenever any holds them, the database's claims agree with
the rule (domain.referrals.ownership), and the owner does not depend on the order in which
referrals with equal timestamps are read."""

import asyncio
import random
import shutil
import uuid
from datetime import UTC, datetime, timedelta

import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.accounts.models import Role
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.jobs.models import EmploymentType, OpeningStatus
from domain.jobs.services import change_status, create_opening
from domain.people.access import Viewer
from domain.referrals import ownership
from domain.referrals.error_codes import ReferralErrorCode
from domain.referrals.models import Referral, ReferralClaim, ReferralStage
from domain.referrals.pipeline import move_referral
from domain.referrals.services import facts_of, submit_referral
from domain.referrals.validation import CandidateDraft
from kizuna import db
from tests.conftest import POSTGRES, _empty_postgres_database, _postgres_url
from tests.factories import SEED, make_employee, make_org

START = datetime(2030, 1, 1, tzinfo=UTC)
RULES = ownership.Rules()
STAGES = list(ReferralStage)

facts = st.builds(
    ownership.Facts,
    id=st.uuids(),
    # Few distinct instants, so that equal timestamps are common.
    submitted_at=st.integers(0, 3).map(lambda d: START + timedelta(days=d * 60)),
    stage=st.sampled_from(STAGES),
    stage_changed_at=st.integers(0, 300).map(lambda d: START + timedelta(days=d)),
)


@given(st.lists(facts, max_size=8), st.integers(0, 400), st.randoms())
def test_the_owner_is_one_holding_referral_whatever_the_order(referrals, day, shuffler):
    now = START + timedelta(days=day)
    owner = ownership.owner(referrals, now, RULES)
    holding = [f for f in referrals if ownership.holds(f, now, RULES)]
    assert (owner is None) == (not holding)
    if owner is not None:
        assert owner in holding
        assert all(
            (owner.submitted_at, str(owner.id)) <= (f.submitted_at, str(f.id)) for f in holding
        )
    shuffled = list(referrals)
    shuffler.shuffle(shuffled)
    assert ownership.owner(shuffled, now, RULES) == owner


# --- through the services and the database ------------------------------------------------

steps = st.lists(
    st.one_of(
        st.tuples(st.just("refer"), st.integers(0, 3), st.sampled_from(["email", "both", "EMAIL"])),
        st.tuples(st.just("end"), st.integers(0, 5), st.sampled_from(["rejected", "withdrawn"])),
        st.tuples(st.just("advance"), st.integers(0, 5), st.just("")),
        st.tuples(st.just("wait"), st.sampled_from([0, 0, 30, 91, 181]), st.just("")),
    ),
    min_size=1,
    max_size=12,
)
NEXT = {
    ReferralStage.SUBMITTED: ReferralStage.SCREENING,
    ReferralStage.SCREENING: ReferralStage.INTERVIEW,
    ReferralStage.INTERVIEW: ReferralStage.OFFER,
    ReferralStage.OFFER: ReferralStage.HIRED,
}


def draft(typed: str) -> CandidateDraft:
    email = "ＣＡＮＤＩＤＡＴＥ@Example.com" if typed == "EMAIL" else "candidate@example.com"
    phone = "090-5555-6666" if typed == "both" else None
    return CandidateDraft(name="候補", email=email, phone=phone, consents_to_contact=True)


async def _scenario(plan: list[tuple]) -> None:
    org = await make_org(f"o{uuid.uuid4().hex[:10]}")
    hr = Viewer(org.id, Role.HR, None)
    opening = await create_opening(
        org.id, SEED, {"title": "求人", "employment_type": EmploymentType.FULL_TIME}
    )
    await change_status(org.id, SEED, opening.id, OpeningStatus.OPEN, hr)
    referrers = [await make_employee(org) for _ in range(4)]
    now = START
    with time_machine.travel(now, tick=False) as clock:
        for action, index, detail in plan:
            made = await Referral.filter(organization_id=org.id).order_by("created_at", "id")
            if action == "wait":
                now += timedelta(days=index)
                clock.move_to(now)
            elif action == "refer":
                viewer = Viewer(org.id, Role.EMPLOYEE, referrers[index].id)
                owner_before = ownership.owner([facts_of(r) for r in made], now, RULES)
                try:
                    await submit_referral(
                        org.id, Actor.user(index), viewer, opening.id, draft(detail)
                    )
                    assert owner_before is None
                except DomainError as refused:
                    assert refused.code == ReferralErrorCode.ALREADY_REFERRED
                    assert owner_before is not None
            elif made:
                referral = made[index % len(made)]
                target = ReferralStage(detail) if action == "end" else NEXT.get(referral.stage)
                if target is not None:
                    try:
                        await move_referral(org.id, SEED, hr, referral.id, target)
                    except DomainError as refused:
                        assert refused.code in (
                            ReferralErrorCode.TRANSITION_NOT_ALLOWED,
                            ReferralErrorCode.EXPIRED,
                        )
            await _check(org.id, now)


async def _check(organization_id, now) -> None:
    """At most one referral holds the candidate, and the live claims point at exactly it."""
    made = await Referral.filter(organization_id=organization_id)
    holding = [r for r in made if ownership.holds(facts_of(r), now, RULES)]
    assert len(holding) <= 1
    owner = ownership.owner([facts_of(r) for r in made], now, RULES)
    shuffled = list(made)
    random.shuffle(shuffled)
    assert ownership.owner([facts_of(r) for r in shuffled], now, RULES) == owner
    live = await ReferralClaim.filter(
        organization_id=organization_id, expires_at__gt=now
    ).values_list("referral_id", flat=True)
    assert set(live) == ({owner.id} if owner else set())


async def _on_a_fresh_database(template: str, directory, plan: list[tuple]) -> None:
    if POSTGRES:
        await _empty_postgres_database(template)
        url = _postgres_url(template)
    else:
        path = directory / f"{uuid.uuid4().hex}.sqlite3"
        shutil.copyfile(template, path)
        url = f"sqlite://{path}"
    await db.init(url)
    try:
        await _scenario(plan)
    finally:
        await db.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps)
def test_interleaved_referrals_of_one_candidate_have_one_owner(template_database, tmp_path, plan):
    """A synchronous test running its own event loop per example: hypothesis drives the
    examples, and each gets an empty migrated database of its own."""
    asyncio.run(_on_a_fresh_database(template_database, tmp_path, plan))
