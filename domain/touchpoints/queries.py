"""Reading touchpoints: a person's timeline, and whom to contact next (nudges)."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from tortoise.expressions import Q, RawSQL, Subquery

from domain.common import clock
from domain.common.paging import MAX_PAGE_SIZE, Position, keyset_page
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose
from domain.people.access import Viewer
from domain.people.models import (
    AlumniProfile,
    EmploymentPeriod,
    PersonStatus,
    RehireEligibility,
)
from domain.touchpoints.models import Touchpoint, TouchpointKind

MIN_NUDGE_DAYS = 1
MAX_NUDGE_DAYS = 3650

# `may_contact(person, COMMUNITY, EMAIL)` as SQL over the consent ledger: the decision of the
# latest row for that purpose and channel (one index range per person, see ConsentRecord).
# Only constants of our own enums are written into it.
_LATEST_COMMUNITY_EMAIL_DECISION = (
    "(SELECT c.decision FROM consent_record c"
    ' WHERE c.person_id = "alumni_profile"."person_id"'
    ' AND c.organization_id = "alumni_profile"."organization_id"'
    f" AND c.purpose = '{ConsentPurpose.COMMUNITY.value}'"
    f" AND c.channel = '{ConsentChannel.EMAIL.value}'"
    " ORDER BY c.recorded_at DESC LIMIT 1)"
)
_LAST_TOUCHPOINT_KIND = (
    "(SELECT t.kind FROM touchpoint t"
    ' WHERE t.person_id = "alumni_profile"."person_id"'
    " ORDER BY t.happened_at DESC, t.created_at DESC LIMIT 1)"
)
# Never contacted (0) before contacted (1): NULLs sort differently on SQLite and PostgreSQL.
_CONTACTED = 'CASE WHEN "alumni_profile"."last_touchpoint_at" IS NULL THEN 0 ELSE 1 END'


async def timeline_page(
    organization_id: UUID, person_id: UUID, first: int, after: Position | None
) -> tuple[list[Touchpoint], bool]:
    """A person's touchpoints, newest first."""
    return await keyset_page(
        Touchpoint.filter(organization_id=organization_id, person_id=person_id),
        sort_field="happened_at",
        key_field="id",
        descending=True,
        first=first,
        after=after,
    )


@dataclass(frozen=True, slots=True)
class Nudge:
    profile: AlumniProfile
    days_since_last_touchpoint: int | None
    last_touchpoint_kind: TouchpointKind | None


def nudge_candidates(viewer: Viewer, days: int) -> object:
    """Alumni the viewer should get in touch with: theirs to contact (hr and executives:
    all; managers: their former reports), silent for `days` or never contacted, eligible or
    conditionally eligible for rehire, and with community consent granted on email."""
    if not MIN_NUDGE_DAYS <= days <= MAX_NUDGE_DAYS:
        raise ValueError(f"days must be between {MIN_NUDGE_DAYS} and {MAX_NUDGE_DAYS}")
    query = AlumniProfile.filter(
        organization_id=viewer.organization_id,
        person__status=PersonStatus.ALUMNUS,
        person__archived_at=None,
        rehire_eligibility__in=[RehireEligibility.ELIGIBLE, RehireEligibility.CONDITIONAL],
    )
    if not viewer.sees_everyone and viewer.person_id is None:  # no person record: no reports
        query = query.filter(person_id__in=[])
    elif not viewer.sees_everyone:
        reports = EmploymentPeriod.filter(
            organization_id=viewer.organization_id, manager_id=viewer.person_id
        ).values("person_id")
        query = query.filter(person_id__in=Subquery(reports))
    cutoff = clock.now() - timedelta(days=days)
    return (
        query.filter(Q(last_touchpoint_at=None) | Q(last_touchpoint_at__lt=cutoff))
        .annotate(
            community_email=RawSQL(_LATEST_COMMUNITY_EMAIL_DECISION),
            contacted=RawSQL(_CONTACTED),
        )
        .filter(community_email=ConsentDecision.GRANTED.value)
    )


async def nudges_page(
    viewer: Viewer, days: int, first: int, after: Position | None
) -> tuple[list[Nudge], bool]:
    """Longest silence first (never contacted first), then by person id. One statement.

    `after.value` is the last touchpoint time of the previous page's last row, or None when
    that row was never contacted."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise ValueError(f"first must be between 1 and {MAX_PAGE_SIZE}")
    query = nudge_candidates(viewer, days)
    if after is not None and after.value is None:
        query = query.filter(
            Q(last_touchpoint_at__not_isnull=True)
            | Q(last_touchpoint_at=None, person_id__gt=after.key)
        )
    elif after is not None:
        query = query.filter(
            Q(last_touchpoint_at__gt=after.value)
            | Q(last_touchpoint_at=after.value, person_id__gt=after.key)
        )
    rows = (
        await query.annotate(last_kind=RawSQL(_LAST_TOUCHPOINT_KIND))
        .select_related("person")
        .order_by("contacted", "last_touchpoint_at", "person_id")
        .limit(first + 1)
    )
    now = clock.now()
    nudges = [
        Nudge(
            profile=row,
            days_since_last_touchpoint=None
            if row.last_touchpoint_at is None
            else (now - row.last_touchpoint_at).days,
            last_touchpoint_kind=None if row.last_kind is None else TouchpointKind(row.last_kind),
        )
        for row in rows[:first]
    ]
    return nudges, len(rows) > first
