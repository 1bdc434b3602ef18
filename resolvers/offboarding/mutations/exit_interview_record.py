from typing import Any

from domain.offboarding.interviews import InterviewDraft, record_exit_interview
from domain.offboarding.models import ExitInterview
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.offboarding.mutations.ids import key_of


async def exit_interview_record(
    context: Context, data: Any
) -> tuple[ExitInterview | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = key_of(data.offboarding_id, "Offboarding", "offboardingId")
    if key is None:
        return None, errors
    draft = InterviewDraft(
        reasons=[str(reason) for reason in data.reasons],
        primary_reason=str(data.primary_reason),
        free_text=data.free_text,
        come_back_likelihood=data.come_back_likelihood,
        feedback_escalated=data.feedback_escalated,
    )
    return await run(
        record_exit_interview(principal.organization, context.actor, key, draft, context.viewer),
        renames={"id": "offboardingId"},
    )
