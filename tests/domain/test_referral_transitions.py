"""The two state machines, over every pair of states: each allowed move is allowed, every
other one refused — so a change to either table shows up here as a deliberate edit."""

import itertools

import pytest

from domain.jobs import transitions as openings
from domain.jobs.models import OpeningStatus as O
from domain.referrals import transitions as referrals
from domain.referrals.models import ReferralStage as S

REFERRAL_MOVES = {
    (S.SUBMITTED, S.SCREENING),
    (S.SUBMITTED, S.CASUAL_INTERVIEW),
    (S.SCREENING, S.CASUAL_INTERVIEW),
    (S.SCREENING, S.INTERVIEW),
    (S.CASUAL_INTERVIEW, S.INTERVIEW),
    (S.INTERVIEW, S.OFFER),
    (S.OFFER, S.HIRED),
    *(
        (stage, end)
        for stage in (S.SUBMITTED, S.SCREENING, S.CASUAL_INTERVIEW, S.INTERVIEW, S.OFFER)
        for end in (S.REJECTED, S.WITHDRAWN)
    ),
}
OPENING_MOVES = {
    (O.DRAFT, O.OPEN),
    (O.DRAFT, O.CLOSED),
    (O.OPEN, O.PAUSED),
    (O.OPEN, O.CLOSED),
    (O.PAUSED, O.OPEN),
    (O.PAUSED, O.CLOSED),
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_referral_move(current, target):
    assert referrals.may_move(current, target) is ((current, target) in REFERRAL_MOVES)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(O, O)))
def test_every_opening_move(current, target):
    assert openings.may_move(current, target) is ((current, target) in OPENING_MOVES)


def test_counts_of_the_tables():
    assert len(REFERRAL_MOVES) == 17 and len(OPENING_MOVES) == 6
    assert {S.HIRED, S.REJECTED, S.WITHDRAWN} == referrals.FINAL
    assert all(not referrals.ALLOWED[stage] for stage in referrals.FINAL)
    assert not openings.ALLOWED[O.CLOSED]
