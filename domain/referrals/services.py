"""Submitting a referral: one transaction that checks the opening, the candidate's consent,
the fraud rules and ownership, then writes the referral, its first history row, its claims,
an audit row and the `referral.submitted` outbox row — or nothing at all.

Fraud rules: no self-referral (the candidate's email or phone is the referrer's own), no
referral by the opening's hiring manager, and at most BURST_LIMIT referrals per referrer in
any hour (counted from what was stored; two sent at the very same moment may pass together).
Attempts are limited too, refused ones included (ATTEMPTS): an ALREADY_REFERRED refusal
writes no referral, so without it anyone could test address after address to learn who is
in the pipeline.
"""

from datetime import timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.accounts.models import Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.identity.throttle import Limit, record_attempt
from domain.jobs.access import visible as visible_openings
from domain.jobs.models import JobOpening, OpeningStatus
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import Person
from domain.referrals import claims, events, ownership
from domain.referrals.error_codes import MESSAGES, ReferralErrorCode
from domain.referrals.models import Referral, ReferralSource, ReferralStage, ReferralStageChange
from domain.referrals.settings import rules_of, settings_of
from domain.referrals.validation import Candidate, CandidateDraft, checked_candidate

BURST_LIMIT = 10
BURST_WINDOW = timedelta(hours=1)
ATTEMPTS = Limit("referral", BURST_LIMIT, BURST_WINDOW, block=BURST_WINDOW)


def refusal(code: ReferralErrorCode, field: str | None = None) -> DomainError:
    return DomainError(code, MESSAGES[code], field)


def facts_of(referral: Referral) -> ownership.Facts:
    return ownership.Facts(
        id=referral.id,
        submitted_at=referral.created_at,
        stage=ReferralStage(referral.stage),
        stage_changed_at=referral.stage_changed_at,
    )


async def _opening(acting: Viewer, opening_id: UUID) -> JobOpening:
    """An open opening taking referrals. One the referrer could see while it was open (not a
    draft; for alumni, one shown to alumni) answers why it takes none now."""
    opening = await JobOpening.get_or_none(id=opening_id, organization_id=acting.organization_id)
    seen_when_open = opening is not None and (
        opening.status != OpeningStatus.DRAFT
        and (acting.role != Role.ALUMNUS or opening.visible_to_alumni)
    )
    if opening is None or not (
        seen_when_open or await visible_openings(acting).filter(id=opening.id).exists()
    ):
        raise refusal(ReferralErrorCode.OPENING_NOT_FOUND, "opening_id")
    if opening.status != OpeningStatus.OPEN:
        raise refusal(ReferralErrorCode.OPENING_NOT_OPEN, "opening_id")
    if not opening.accepting_referrals:
        raise refusal(ReferralErrorCode.NOT_ACCEPTING_REFERRALS, "opening_id")
    return opening


async def _check_referrer(referrer: Person, opening: JobOpening, candidate: Candidate) -> None:
    own_emails = {referrer.personal_email, referrer.work_email} - {None}
    if candidate.email in own_emails or (
        candidate.phone is not None and candidate.phone == referrer.phone
    ):
        raise refusal(ReferralErrorCode.SELF_REFERRAL, "candidate_email")
    if opening.hiring_manager_id == referrer.id:
        raise refusal(ReferralErrorCode.HIRING_MANAGER_REFERRAL, "opening_id")
    recent = await Referral.filter(
        referrer_id=referrer.id, created_at__gt=clock.now() - BURST_WINDOW
    ).count()
    if recent >= BURST_LIMIT:
        raise refusal(ReferralErrorCode.TOO_MANY_REFERRALS)


async def _active_referrer(organization_id: UUID, person_id: UUID) -> Person:
    """Locked (PostgreSQL) as erasure locks it: a referral is never stored under a person
    archived or erased while it was being submitted."""
    referrer = (
        await Person.filter(id=person_id, organization_id=organization_id)
        .select_for_update()
        .first()
    )
    if referrer is None or referrer.archived_at is not None or referrer.erased_at is not None:
        raise refusal(ReferralErrorCode.REFERRER_INACTIVE)
    return referrer


async def submit_referral(
    organization_id: UUID, actor: Actor, acting: Viewer, opening_id: UUID, draft: CandidateDraft
) -> Referral:
    if acting.person_id is None:
        raise refusal(ReferralErrorCode.REFERRER_REQUIRED)
    candidate = checked_candidate(draft)
    # Counted in its own transaction, before the referral's: a refusal rolls that one back.
    if await record_attempt(ATTEMPTS, str(acting.person_id)) is not None:
        raise refusal(ReferralErrorCode.TOO_MANY_REFERRALS)
    async with in_transaction() as connection:
        opening = await _opening(acting, opening_id)
        referrer = await _active_referrer(organization_id, acting.person_id)
        await _check_referrer(referrer, opening, candidate)
        rules = rules_of(await settings_of(organization_id))
        now = clock.now()
        referral = Referral(
            organization_id=organization_id,
            opening_id=opening.id,
            referrer_id=referrer.id,
            source=ReferralSource.ALUMNUS
            if acting.role == Role.ALUMNUS
            else ReferralSource.EMPLOYEE,
            candidate_name=candidate.name,
            candidate_name_kana=candidate.name_kana,
            candidate_email=candidate.email,
            candidate_phone=candidate.phone,
            relationship=candidate.relationship,
            note=candidate.note,
            resume_url=candidate.resume_url,
            candidate_consented_at=now,
            stage=ReferralStage.SUBMITTED,
            stage_changed_at=now,
            created_at=now,
        )
        referral.stamp(actor, created=True)
        await referral.save()
        until = ownership.expires_at(facts_of(referral), rules)
        assert until is not None
        keys = ownership.candidate_keys(candidate.email, candidate.phone)
        if not await claims.take(connection, organization_id, keys, referral.id, now, until):
            # Rolled back with the transaction: the other referral is not named, nor which
            # detail (email or phone) matched it, hence the neutral field.
            raise refusal(ReferralErrorCode.ALREADY_REFERRED, "candidate")
        await ReferralStageChange.create(
            organization_id=organization_id,
            referral_id=referral.id,
            from_stage=None,
            to_stage=ReferralStage.SUBMITTED,
            position=0,
            changed_at=now,
            changed_by=actor.label,
        )
        # No candidate data in the audit log or the outbox: it stays on the referral, where
        # erasure and visibility rules reach it.
        facts = {"opening_id": str(opening.id), "source": referral.source.value}
        await audit(organization_id, actor, "referral.submitted", "referral", referral.id, facts)
        await enqueue(
            events.REFERRAL_SUBMITTED,
            {"referral_id": str(referral.id), "referrer_id": str(referrer.id), **facts},
            organization_id=organization_id,
        )
    return referral
