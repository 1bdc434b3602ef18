"""The states of a job opening and the moves between them.

A draft is published (OPEN) or dropped (CLOSED); an open one is paused or closed; a paused
one reopens or closes. CLOSED is final: a position filled again is a new opening, so that
its referrals and applications keep pointing at the one they were made for.
"""

from domain.jobs.models import OpeningStatus

ALLOWED: dict[OpeningStatus, frozenset[OpeningStatus]] = {
    OpeningStatus.DRAFT: frozenset({OpeningStatus.OPEN, OpeningStatus.CLOSED}),
    OpeningStatus.OPEN: frozenset({OpeningStatus.PAUSED, OpeningStatus.CLOSED}),
    OpeningStatus.PAUSED: frozenset({OpeningStatus.OPEN, OpeningStatus.CLOSED}),
    OpeningStatus.CLOSED: frozenset(),
}


def may_move(current: OpeningStatus, target: OpeningStatus) -> bool:
    return target in ALLOWED[current]
