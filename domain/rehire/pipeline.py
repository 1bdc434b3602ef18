"""Moving a rehire application through its stages: hr and the opening's hiring manager
advance, reject or withdraw it; the applicant may withdraw their own. Each move is checked by
the state machine under the application's policy version, applied by a conditional update
on the stage that was read, and written with a history row, an audit row and outbox rows in
one transaction. A hire reopens employment on the same person (domain.people.rehiring)."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.accounts.models import Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.jobs.models import JobOpening
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import AlumniProfile, RehireEligibility
from domain.rehire import events
from domain.rehire.access import works_pipeline
from domain.rehire.error_codes import RehireErrorCode
from domain.rehire.hiring import hire
from domain.rehire.models import RehireApplication, RehireStage, RehireStageChange
from domain.rehire.services import refusal
from domain.rehire.transitions import ENDINGS, SKIPPABLE, may_move, past_screening, steps


@dataclass(frozen=True)
class Move:
    target: RehireStage
    confirm_ineligible: bool = False
    start_date: date | None = None  # HIRED only
    title: str | None = None  # HIRED only: the title they return to; default the opening's


async def _to_move(
    organization_id: UUID, application_id: UUID, target: RehireStage, acting: Viewer
) -> tuple[RehireApplication, JobOpening]:
    # The row is locked alone: PostgreSQL refuses FOR UPDATE across an outer join.
    application = (
        await RehireApplication.select_for_update()
        .filter(id=application_id, organization_id=organization_id)
        .first()
    )
    if application is None:
        raise refusal(RehireErrorCode.NOT_FOUND, "id")
    await application.fetch_related("policy")
    opening = await JobOpening.get(id=application.opening_id)
    own_withdrawal = (
        target == RehireStage.WITHDRAWN and application.applicant_id == acting.person_id
    )
    if not (own_withdrawal or works_pipeline(acting, opening.hiring_manager_id)):
        raise refusal(RehireErrorCode.NOT_FOUND, "id")
    return application, opening


def _check_move(application: RehireApplication, move: Move) -> None:
    current, skipped = RehireStage(application.stage), application.policy.skipped_steps
    if move.start_date is not None and move.target != RehireStage.HIRED:
        raise refusal(RehireErrorCode.INVALID, "start_date")
    if move.title is not None and move.target != RehireStage.HIRED:
        raise refusal(RehireErrorCode.INVALID, "title")
    if not may_move(current, move.target, skipped):
        skipped_step = move.target in SKIPPABLE and move.target not in steps(skipped)
        code = (
            RehireErrorCode.STEP_SKIPPED if skipped_step else RehireErrorCode.TRANSITION_NOT_ALLOWED
        )
        raise refusal(code, "stage")
    if move.target == RehireStage.HIRED and move.start_date is None:
        raise refusal(RehireErrorCode.START_DATE_REQUIRED, "start_date")


async def _confirm_eligibility(
    application: RehireApplication, move: Move, actor: Actor, acting: Viewer
) -> bool:
    """Whether this move records hr's confirmation for a NOT_ELIGIBLE applicant."""
    if not past_screening(move.target) or application.ineligible_confirmed_at is not None:
        return False
    eligibility = await AlumniProfile.filter(person_id=application.applicant_id).values_list(
        "rehire_eligibility", flat=True
    )
    if not eligibility or eligibility[0] != RehireEligibility.NOT_ELIGIBLE:
        return False
    if not move.confirm_ineligible:
        raise refusal(RehireErrorCode.CONFIRMATION_REQUIRED, "confirm_ineligible")
    if acting.role != Role.HR:
        raise refusal(RehireErrorCode.CONFIRMATION_BY_HR_ONLY, "confirm_ineligible")
    return True


async def move_application(
    organization: Organization, actor: Actor, acting: Viewer, application_id: UUID, move: Move
) -> RehireApplication:
    async with in_transaction():
        application, opening = await _to_move(organization.id, application_id, move.target, acting)
        _check_move(application, move)
        confirming = await _confirm_eligibility(application, move, actor, acting)
        now, current = clock.now(), RehireStage(application.stage)
        changes: dict = {"stage": move.target, "stage_changed_at": now}
        if move.target in ENDINGS or move.target == RehireStage.HIRED:
            changes["open_marker"] = None  # ended: another application may follow
        if confirming:
            changes |= {"ineligible_confirmed_at": now, "ineligible_confirmed_by": actor.label}
        if move.target == RehireStage.HIRED:
            assert move.start_date is not None
            period = await hire(organization, actor, application, opening, move)
            changes |= {"start_date": move.start_date, "employment_period_id": period.id}
        moved = await RehireApplication.filter(id=application.id, stage=current).update(
            **changes, updated_by_kind=actor.kind, updated_by_id=actor.id
        )
        if moved != 1:  # moved by someone else meanwhile
            raise refusal(RehireErrorCode.TRANSITION_NOT_ALLOWED, "stage")
        await RehireStageChange.create(
            organization_id=organization.id,
            application_id=application.id,
            from_stage=current,
            to_stage=move.target,
            position=await RehireStageChange.filter(application_id=application.id).count(),
            changed_at=now,
            changed_by=actor.label,
        )
        change = {"from": current.value, "to": move.target.value}
        if confirming:
            change["ineligible_confirmed"] = True
        await audit(
            organization.id,
            actor,
            "rehire.stage_changed",
            "rehire_application",
            application.id,
            change,
        )
        payload = {
            "application_id": str(application.id),
            "opening_id": str(application.opening_id),
            "person_id": str(application.applicant_id),
            "policy_version": application.policy.version,
            **change,
        }
        await enqueue(events.REHIRE_STAGE_CHANGED, payload, organization_id=organization.id)
        if move.target == RehireStage.HIRED:
            hired = {
                **payload,
                "start_date": move.start_date.isoformat(),
                "employment_period_id": str(period.id),
            }
            await enqueue(events.REHIRE_HIRED, hired, organization_id=organization.id)
    return await RehireApplication.get(id=application.id).select_related("policy", "opening")
