"""Query and mutation fields of off-boarding and exit analytics."""

from datetime import date
from typing import Annotated

import strawberry

from auth.scopes import AppAccess, Scope
from domain.offboarding.models import OffboardingStatus as OffboardingStatusValue
from resolvers.errors import BadUserInput
from resolvers.offboarding import queries
from resolvers.offboarding.mutations.exit_interview_record import exit_interview_record
from resolvers.offboarding.mutations.offboarding_cancel import offboarding_cancel
from resolvers.offboarding.mutations.offboarding_checklist_update import (
    offboarding_checklist_update,
)
from resolvers.offboarding.mutations.offboarding_start import offboarding_start
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    check_first,
    decode_cursor,
)
from schema.common.permissions import (
    HR_OR_EXECUTIVE,
    HR_OR_MANAGER,
    STAFF_WHO_MANAGE,
    guarded,
    guarded_mutation,
)
from schema.offboarding.analytics import ExitAnalytics
from schema.offboarding.enums import OffboardingStatus
from schema.offboarding.errors import as_offboarding_errors
from schema.offboarding.inputs import (
    ExitInterviewRecordInput,
    OffboardingCancelInput,
    OffboardingChecklistUpdateInput,
    OffboardingStartInput,
)
from schema.offboarding.payloads import (
    ExitInterviewRecordPayload,
    OffboardingCancelPayload,
    OffboardingChecklistUpdatePayload,
    OffboardingStartPayload,
)
from schema.offboarding.types import (
    ExitInterview,
    Offboarding,
    OffboardingConnection,
    offboarding_connection,
)
from schema.people.types import Info

LISTING = "offboardings"


def _offboarding(model: object) -> Offboarding | None:
    return None if model is None else Offboarding(model=model)  # type: ignore[arg-type]


@strawberry.type
class OffboardingQuery:
    @guarded(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_READ,
        "Off-boardings by leave date: all of them for hr and executives, their reports' for "
        "managers.",
    )
    async def offboardings(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        status: OffboardingStatus | None = None,
    ) -> OffboardingConnection:
        wanted = None if status is None else OffboardingStatusValue(status)
        rows, has_next, matching = await queries.offboardings_page(
            info.context, wanted, check_first(first), decode_cursor(after, LISTING, date)
        )
        return offboarding_connection(LISTING, rows, has_next, matching)

    @guarded(
        HR_OR_EXECUTIVE,
        Scope.ANALYTICS_READ,
        "Why people left: reasons by department, leave year and tenure, the come-back score "
        "and escalated feedback, over departures from `from` to `to` (both included).",
    )
    async def exit_analytics(
        self,
        info: Info,
        start: Annotated[date, strawberry.argument(name="from")],
        end: Annotated[date, strawberry.argument(name="to")],
    ) -> ExitAnalytics:
        if end < start:
            raise BadUserInput("`to` must not be before `from`.", field="to")
        result = await queries.exit_analytics(info.context, start, end)
        return ExitAnalytics(start=start, end=end, result=result)


@strawberry.type
class OffboardingMutation:
    @guarded_mutation(
        HR_OR_MANAGER,
        Scope.ALUMNI_WRITE,
        "Start off-boarding an employee (hr, or the person's current manager): the departure "
        "is recorded and on the leave date the person becomes an alumnus.",
    )
    async def offboarding_start(
        self, info: Info, input: OffboardingStartInput
    ) -> OffboardingStartPayload:
        found, errors = await offboarding_start(info.context, input)
        return OffboardingStartPayload(
            offboarding=_offboarding(found), errors=as_offboarding_errors(errors)
        )

    @guarded_mutation(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_WRITE,
        "Record a checklist item as done (hr, executives, or the person's manager).",
    )
    async def offboarding_checklist_update(
        self, info: Info, input: OffboardingChecklistUpdateInput
    ) -> OffboardingChecklistUpdatePayload:
        found, errors = await offboarding_checklist_update(info.context, input)
        return OffboardingChecklistUpdatePayload(
            offboarding=_offboarding(found), errors=as_offboarding_errors(errors)
        )

    @guarded_mutation(
        HR_OR_MANAGER,
        Scope.ALUMNI_WRITE,
        "Cancel before the leave date (hr, or the person's manager): the departure is undone "
        "and the person stays an employee.",
    )
    async def offboarding_cancel(
        self, info: Info, input: OffboardingCancelInput
    ) -> OffboardingCancelPayload:
        found, errors = await offboarding_cancel(info.context, input)
        return OffboardingCancelPayload(
            offboarding=_offboarding(found), errors=as_offboarding_errors(errors)
        )

    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Record the exit interview of an off-boarding; recording again replaces the answers.",
    )
    async def exit_interview_record(
        self, info: Info, input: ExitInterviewRecordInput
    ) -> ExitInterviewRecordPayload:
        found, errors = await exit_interview_record(info.context, input)
        return ExitInterviewRecordPayload(
            exit_interview=None if found is None else ExitInterview(model=found),
            errors=as_offboarding_errors(errors),
        )
