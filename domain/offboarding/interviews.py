"""Recording the exit interview of an off-boarding: hr and executives only, one per
off-boarding (recording again replaces the answers). The answers never enter the audit log
or the outbox: only that an interview was recorded, and whether its feedback is escalated."""

from dataclasses import dataclass
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.accounts.models import Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters
from domain.offboarding import events
from domain.offboarding.error_codes import OffboardingErrorCode
from domain.offboarding.models import ExitInterview, ExitInterviewReason, ExitReason
from domain.offboarding.services import offboarding_to_act_on, refusal
from domain.organizations.models import Organization
from domain.outbox.events import enqueue
from domain.people.access import Viewer
from domain.people.models import Person

MAX_FREE_TEXT = 4000
COME_BACK_SCALE = range(0, 11)


@dataclass
class InterviewDraft:
    reasons: list[str]  # ExitReason values, in any order; repeats count once
    primary_reason: str
    free_text: str = ""
    come_back_likelihood: int | None = None  # 0–10; None: not answered
    feedback_escalated: bool = False  # the feedback should reach the organization


@dataclass(frozen=True)
class Answers:
    reasons: list[ExitReason]
    primary_reason: ExitReason
    free_text: str


def _reason(value: str, field_name: str, errors: list[DomainError]) -> ExitReason | None:
    try:
        return ExitReason(value)
    except ValueError:
        errors.append(refusal(OffboardingErrorCode.INVALID_REASON, field_name))
        return None


def validated(draft: InterviewDraft) -> Answers:
    """Every problem of the draft at once, or the answers to store."""
    errors: list[DomainError] = []
    reasons = [_reason(value, "reasons", errors) for value in dict.fromkeys(draft.reasons)]
    if not draft.reasons:
        errors.append(refusal(OffboardingErrorCode.REASONS_REQUIRED, "reasons"))
    primary = _reason(draft.primary_reason, "primary_reason", errors)
    if primary is not None and draft.reasons and primary not in reasons:
        errors.append(refusal(OffboardingErrorCode.PRIMARY_REASON_NOT_GIVEN, "primary_reason"))
    text = draft.free_text.strip()
    if len(text) > MAX_FREE_TEXT:
        message = f"At most {MAX_FREE_TEXT} characters."
        errors.append(DomainError(OffboardingErrorCode.TOO_LONG, message, "free_text"))
    elif has_control_characters(text):
        errors.append(refusal(OffboardingErrorCode.INVALID, "free_text"))
    likelihood = draft.come_back_likelihood
    if likelihood is not None and likelihood not in COME_BACK_SCALE:
        errors.append(refusal(OffboardingErrorCode.OUT_OF_RANGE, "come_back_likelihood"))
    if errors:
        raise DomainErrors(errors)
    assert primary is not None
    return Answers([r for r in reasons if r is not None], primary, text)


async def record_exit_interview(
    organization: Organization,
    actor: Actor,
    offboarding_id: UUID,
    draft: InterviewDraft,
    acting: Viewer,
) -> ExitInterview:
    answers = validated(draft)
    async with in_transaction():
        offboarding, _ = await offboarding_to_act_on(
            organization, offboarding_id, acting, Role.HR, Role.EXECUTIVE
        )
        if await Person.exists(id=offboarding.person_id, erased_at__not_isnull=True):
            # The free text would bring personal data back to an erased person.
            raise refusal(OffboardingErrorCode.ARCHIVED, "id")
        interview = await ExitInterview.get_or_none(offboarding_id=offboarding.id)
        replaced = interview is not None
        if interview is None:
            interview = ExitInterview(organization_id=organization.id, offboarding=offboarding)
            interview.stamp(actor, created=True)
        interview.stamp(actor)
        interview.primary_reason = answers.primary_reason
        interview.free_text = answers.free_text
        interview.come_back_likelihood = draft.come_back_likelihood
        interview.feedback_escalated = draft.feedback_escalated
        interview.recorded_at, interview.recorded_by = clock.now(), actor.label
        await interview.save()
        await ExitInterviewReason.filter(interview_id=interview.id).delete()
        await ExitInterviewReason.bulk_create(
            [
                ExitInterviewReason(
                    organization_id=organization.id, interview_id=interview.id, reason=reason
                )
                for reason in answers.reasons
            ]
        )
        await audit(
            organization.id,
            actor,
            "exit_interview.recorded",
            "offboarding",
            offboarding.id,
            {"replaced": replaced},
        )
        await enqueue(
            events.EXIT_INTERVIEW_RECORDED,
            {
                "offboarding_id": str(offboarding.id),
                "feedback_escalated": draft.feedback_escalated,
            },
            organization_id=organization.id,
        )
    return interview
