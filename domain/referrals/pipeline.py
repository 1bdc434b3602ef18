"""Moving a referral through its stages: hr and the opening's hiring manager advance, reject
or withdraw it; the referrer may withdraw their own. Each move is checked by the state
machine (domain.referrals.transitions), applied by a conditional update on the stage that
was read, and written with a history row, an audit row and outbox rows in one transaction."""

from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.jobs.models import JobOpening
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.referrals import claims, events, ownership
from domain.referrals.access import works_pipeline
from domain.referrals.error_codes import ReferralErrorCode
from domain.referrals.models import Referral, ReferralStage, ReferralStageChange
from domain.referrals.services import refusal
from domain.referrals.settings import rules_of, settings_of
from domain.referrals.transitions import may_move

MAX_REASON = 2000


async def _to_move(
    organization_id: UUID, referral_id: UUID, target: ReferralStage, acting: Viewer
) -> Referral:
    referral = (
        await Referral.select_for_update()
        .filter(id=referral_id, organization_id=organization_id)
        .first()
    )
    if referral is None:
        raise refusal(ReferralErrorCode.NOT_FOUND, "id")
    hiring_manager_id = (
        await JobOpening.filter(id=referral.opening_id).values_list("hiring_manager_id", flat=True)
    )[0]
    own_withdrawal = target == ReferralStage.WITHDRAWN and referral.referrer_id == acting.person_id
    if not (own_withdrawal or works_pipeline(acting, hiring_manager_id)):
        raise refusal(ReferralErrorCode.NOT_FOUND, "id")
    return referral


async def move_referral(
    organization_id: UUID,
    actor: Actor,
    acting: Viewer,
    referral_id: UUID,
    target: ReferralStage,
    reason: str = "",
) -> Referral:
    reason = reason.strip()
    if reason and target != ReferralStage.REJECTED:
        raise refusal(ReferralErrorCode.INVALID, "rejection_reason")
    if len(reason) > MAX_REASON:
        raise refusal(ReferralErrorCode.TOO_LONG, "rejection_reason")
    async with in_transaction():
        referral = await _to_move(organization_id, referral_id, target, acting)
        rules = rules_of(await settings_of(organization_id))
        now = clock.now()
        current = ReferralStage(referral.stage)
        if not may_move(current, target):
            raise refusal(ReferralErrorCode.TRANSITION_NOT_ALLOWED, "stage")
        if target not in ownership.RELEASED:
            # Checked and extended in one statement on the claim: a referral that no longer
            # holds its candidate (lapsed, or taken over) does not move on. Rejecting or
            # withdrawing always works: a human can always free a candidate.
            after = ownership.Facts(referral.id, referral.created_at, target, now)
            until = ownership.expires_at(after, rules)
            assert until is not None
            if not await claims.extend(referral.id, now, until):
                raise refusal(ReferralErrorCode.EXPIRED, "id")
        moved = await Referral.filter(id=referral.id, stage=current).update(
            stage=target,
            stage_changed_at=now,
            rejection_reason=reason,
            updated_by_kind=actor.kind,
            updated_by_id=actor.id,
        )
        if moved != 1:  # moved by someone else meanwhile
            raise refusal(ReferralErrorCode.TRANSITION_NOT_ALLOWED, "stage")
        referral = await Referral.get(id=referral.id)
        if target in ownership.RELEASED:
            await claims.release(referral.id)
        await ReferralStageChange.create(
            organization_id=organization_id,
            referral_id=referral.id,
            from_stage=current,
            to_stage=target,
            position=await ReferralStageChange.filter(referral_id=referral.id).count(),
            changed_at=now,
            changed_by=actor.label,
        )
        change = {"from": current.value, "to": target.value}
        await audit(
            organization_id, actor, "referral.stage_changed", "referral", referral.id, change
        )
        payload = {
            "referral_id": str(referral.id),
            "opening_id": str(referral.opening_id),
            "referrer_id": str(referral.referrer_id),
            "source": referral.source.value,
            **change,
        }
        await enqueue(events.REFERRAL_STAGE_CHANGED, payload, organization_id=organization_id)
        if target == ReferralStage.HIRED:
            await enqueue(events.REFERRAL_HIRED, payload, organization_id=organization_id)
    return referral
