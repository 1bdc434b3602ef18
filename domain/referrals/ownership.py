"""Who owns a candidate: the rule, as pure functions over a referral's facts.

A referral holds its candidate from submission until the earlier of the ownership window
(`ownership_days` after submission) and its expiry (`expiry_days` without progress); a
hired referral holds them for the whole window, a rejected or withdrawn one not at all.
Among referrals that hold a candidate, the earliest submission owns it, ties broken by id,
so that the answer never depends on the order rows are read in. The database enforces the
same rule with claim rows (domain.referrals.claims); tests check that they agree. Once
written, a claim's `expires_at` is what counts (the settings may change after): an open
referral without a live claim has expired.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.referrals.models import ReferralStage

RELEASED = frozenset({ReferralStage.REJECTED, ReferralStage.WITHDRAWN})


@dataclass(frozen=True, slots=True)
class Rules:
    ownership_days: int = 180
    expiry_days: int = 90


@dataclass(frozen=True, slots=True)
class Facts:
    id: UUID
    submitted_at: datetime
    stage: ReferralStage
    stage_changed_at: datetime


def candidate_keys(email: str | None, phone: str | None) -> list[str]:
    """The keys a candidate is matched by: normalised email and E.164 phone, sorted (so
    that concurrent submissions take them in one order)."""
    keys = [] if email is None else [f"email:{email}"]
    keys += [] if phone is None else [f"phone:{phone}"]
    return sorted(keys)


def expires_at(facts: Facts, rules: Rules) -> datetime | None:
    """Until when the referral owns its candidate; None: it owns nobody."""
    if facts.stage in RELEASED:
        return None
    window = facts.submitted_at + timedelta(days=rules.ownership_days)
    if facts.stage == ReferralStage.HIRED:
        return window
    return min(window, facts.stage_changed_at + timedelta(days=rules.expiry_days))


def holds(facts: Facts, now: datetime, rules: Rules) -> bool:
    until = expires_at(facts, rules)
    return until is not None and now < until


def owner(referrals: Iterable[Facts], now: datetime, rules: Rules) -> Facts | None:
    """The referral that owns the candidate now: the earliest holding one, by id on ties."""
    holding = [facts for facts in referrals if holds(facts, now, rules)]
    return min(holding, key=lambda f: (f.submitted_at, str(f.id)), default=None)
