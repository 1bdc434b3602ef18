from datetime import date

import strawberry

from schema.offboarding.enums import ExitReason, OffboardingChecklistItem


@strawberry.input(description="Start off-boarding an employee who is leaving.")
class OffboardingStartInput:
    person_id: strawberry.ID
    leave_date: date = strawberry.field(
        description="Last day of employment; on this date the person becomes an alumnus."
    )


@strawberry.input(description="A checklist item done now.")
class OffboardingChecklistUpdateInput:
    id: strawberry.ID = strawberry.field(description="The off-boarding.")
    item: OffboardingChecklistItem
    sent_by_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="POSITIVE_MESSAGE: who sent it, the manager or an executive. Defaults to "
        "the caller when a manager or an executive records it; hr must give it.",
    )


@strawberry.input(description="The off-boarding to cancel.")
class OffboardingCancelInput:
    id: strawberry.ID


@strawberry.input(description="The answers of an exit interview; free text up to 4,000 characters.")
class ExitInterviewRecordInput:
    offboarding_id: strawberry.ID
    reasons: list[ExitReason] = strawberry.field(description="At least one; repeats count once.")
    primary_reason: ExitReason = strawberry.field(description="One of `reasons`.")
    free_text: str = ""
    come_back_likelihood: int | None = strawberry.field(
        default=None, description="0 (never) to 10 (surely); null when not answered."
    )
    feedback_escalated: bool = strawberry.field(
        default=False, description="The feedback should reach the organization."
    )
