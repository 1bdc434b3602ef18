"""The rehire pipeline over every pair of stages, for every set of skipped steps: each
allowed move is allowed, every other one refused, a skipped step is never reached."""

import itertools

import pytest

from domain.rehire import transitions
from domain.rehire.models import RehireStage as S

OPEN = (S.APPLIED, S.SCREENING, S.APTITUDE_TEST, S.FIRST_INTERVIEW, S.FINAL_INTERVIEW, S.OFFER)
ENDINGS = {(stage, end) for stage in OPEN for end in (S.REJECTED, S.WITHDRAWN)}
# Written out by hand for the two policies the README shows.
NOTHING_SKIPPED = {
    (S.APPLIED, S.SCREENING),
    (S.SCREENING, S.APTITUDE_TEST),
    (S.APTITUDE_TEST, S.FIRST_INTERVIEW),
    (S.FIRST_INTERVIEW, S.FINAL_INTERVIEW),
    (S.FINAL_INTERVIEW, S.OFFER),
    (S.OFFER, S.HIRED),
} | ENDINGS
TEST_AND_FIRST_SKIPPED = {
    (S.APPLIED, S.SCREENING),
    (S.SCREENING, S.FINAL_INTERVIEW),
    (S.FINAL_INTERVIEW, S.OFFER),
    (S.OFFER, S.HIRED),
} | ENDINGS
SKIPPABLE = (S.APTITUDE_TEST, S.FIRST_INTERVIEW, S.FINAL_INTERVIEW)
SKIP_SETS = [
    frozenset(combination)
    for size in range(len(SKIPPABLE) + 1)
    for combination in itertools.combinations(SKIPPABLE, size)
]


def expected(skipped: frozenset) -> set[tuple[S, S]]:
    """Each kept step to the next kept one, plus the endings from every open stage."""
    kept = [stage for stage in (*OPEN, S.HIRED) if stage not in skipped]
    return set(itertools.pairwise(kept)) | ENDINGS


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_move_with_nothing_skipped(current, target):
    assert transitions.may_move(current, target, []) is ((current, target) in NOTHING_SKIPPED)


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_move_when_the_test_and_first_interview_are_skipped(current, target):
    skipped = ["aptitude_test", "first_interview"]
    allowed = (current, target) in TEST_AND_FIRST_SKIPPED
    assert transitions.may_move(current, target, skipped) is allowed


@pytest.mark.parametrize("skipped", SKIP_SETS, ids=lambda s: "+".join(sorted(s)) or "none")
@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_move_under_every_policy(skipped, current, target):
    allowed = transitions.may_move(current, target, skipped)
    assert allowed is ((current, target) in expected(skipped))
    if target in skipped:
        assert not allowed


def test_the_tables_themselves():
    assert len(NOTHING_SKIPPED) == 18 and len(TEST_AND_FIRST_SKIPPED) == 16
    assert {S.HIRED, S.REJECTED, S.WITHDRAWN} == transitions.FINAL
    assert transitions.steps(["final_interview", "aptitude_test"]) == [
        S.APPLIED,
        S.SCREENING,
        S.FIRST_INTERVIEW,
        S.OFFER,
        S.HIRED,
    ]
    # Screening and the offer are never skipped, whatever a stored policy says.
    assert transitions.steps(["screening", "offer"]) == list(transitions.SELECTION_STEPS)
    assert [s for s in S if transitions.past_screening(s)] == [
        S.APTITUDE_TEST,
        S.FIRST_INTERVIEW,
        S.FINAL_INTERVIEW,
        S.OFFER,
        S.HIRED,
    ]
