"""The referral pipeline: which stage may follow which.

submitted → screening → casual_interview (カジュアル面談) → interview → offer → hired. The
casual interview is optional (screening → interview) and may come first (submitted →
casual_interview). From any open stage a referral may be rejected or withdrawn. hired,
rejected and withdrawn are final. Expiry is not a stage: see domain.referrals.ownership.
"""

from domain.referrals.models import ReferralStage as S

FINAL = frozenset({S.HIRED, S.REJECTED, S.WITHDRAWN})
_ENDINGS = frozenset({S.REJECTED, S.WITHDRAWN})

ALLOWED: dict[S, frozenset[S]] = {
    S.SUBMITTED: frozenset({S.SCREENING, S.CASUAL_INTERVIEW}) | _ENDINGS,
    S.SCREENING: frozenset({S.CASUAL_INTERVIEW, S.INTERVIEW}) | _ENDINGS,
    S.CASUAL_INTERVIEW: frozenset({S.INTERVIEW}) | _ENDINGS,
    S.INTERVIEW: frozenset({S.OFFER}) | _ENDINGS,
    S.OFFER: frozenset({S.HIRED}) | _ENDINGS,
    S.HIRED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def may_move(current: S, target: S) -> bool:
    return target in ALLOWED[current]


def is_open(stage: S) -> bool:
    return stage not in FINAL
