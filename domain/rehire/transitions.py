"""The rehire pipeline: the organization's selection steps minus those its policy skips.

applied → screening → aptitude_test → first_interview → final_interview → offer → hired,
each step only to the next one that the application's policy keeps; from any open stage
an application may be rejected or withdrawn. hired, rejected and withdrawn are final.
Screening and the offer are never skipped: someone reads every application, and a hire
follows an offer.
"""

from collections.abc import Iterable

from domain.rehire.models import RehireStage as S

SELECTION_STEPS = (
    S.APPLIED,
    S.SCREENING,
    S.APTITUDE_TEST,
    S.FIRST_INTERVIEW,
    S.FINAL_INTERVIEW,
    S.OFFER,
    S.HIRED,
)
SKIPPABLE = frozenset({S.APTITUDE_TEST, S.FIRST_INTERVIEW, S.FINAL_INTERVIEW})
ENDINGS = frozenset({S.REJECTED, S.WITHDRAWN})
FINAL = frozenset({S.HIRED}) | ENDINGS


def steps(skipped: Iterable[S | str]) -> list[S]:
    """The steps an application follows, in order."""
    left_out = {S(step) for step in skipped} & SKIPPABLE
    return [step for step in SELECTION_STEPS if step not in left_out]


def may_move(current: S, target: S, skipped: Iterable[S | str]) -> bool:
    if current in FINAL:
        return False
    if target in ENDINGS:
        return True
    path = steps(skipped)
    return current in path and target in path and path.index(target) == path.index(current) + 1


def is_open(stage: S) -> bool:
    return stage not in FINAL


def past_screening(target: S) -> bool:
    """A move forward beyond screening: what a NOT_ELIGIBLE applicant needs hr to confirm."""
    return target not in ENDINGS and SELECTION_STEPS.index(target) > SELECTION_STEPS.index(
        S.SCREENING
    )
