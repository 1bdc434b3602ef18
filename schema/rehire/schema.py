"""Query and mutation fields of rehire (boomerang) applications, the policy and the funnel."""

from datetime import date, datetime
from typing import Annotated

import strawberry

from auth.scopes import Scope
from domain.rehire.models import RehireStage as RehireStageValue
from resolvers.errors import BadUserInput
from resolvers.rehire import queries
from resolvers.rehire.mutations.rehire_application_create import rehire_application_create
from resolvers.rehire.mutations.rehire_application_stage_set import rehire_application_stage_set
from resolvers.rehire.mutations.rehire_application_withdraw import rehire_application_withdraw
from resolvers.rehire.mutations.rehire_policy_set import rehire_policy_set
from schema.common.pagination import DEFAULT_PAGE_SIZE, check_first, decode_cursor
from schema.common.permissions import (
    HR,
    HR_OR_EXECUTIVE,
    HR_OR_MANAGER,
    SIGNED_IN,
    guarded,
    guarded_mutation,
)
from schema.jobs.pipeline_arguments import pipeline_arguments
from schema.people.types import Info
from schema.rehire.enums import RehireStage
from schema.rehire.errors import as_rehire_errors
from schema.rehire.funnel import RehireFunnel
from schema.rehire.inputs import (
    RehireApplicationCreateInput,
    RehireApplicationStageSetInput,
    RehireApplicationWithdrawInput,
    RehirePolicySetInput,
)
from schema.rehire.payloads import (
    RehireApplicationCreatePayload,
    RehireApplicationStageSetPayload,
    RehireApplicationWithdrawPayload,
    RehirePolicySetPayload,
)
from schema.rehire.types import (
    RehireApplication,
    RehireApplicationConnection,
    RehirePolicy,
    application_connection,
    as_application,
)

LISTING = "rehire_applications"


def _application(info: Info, model: object) -> RehireApplication | None:
    return None if model is None else as_application(info.context, model)  # type: ignore[arg-type]


@strawberry.type
class RehireQuery:
    @guarded(
        SIGNED_IN,
        Scope.REFERRALS_READ,
        "The organization's rehire policy: its current version, or `version`. Null until hr "
        "writes one.",
    )
    async def rehire_policy(self, info: Info, version: int | None = None) -> RehirePolicy | None:
        found = await queries.policy(info.context, version)
        return None if found is None else RehirePolicy(model=found)

    @guarded(
        SIGNED_IN,
        Scope.REFERRALS_READ,
        "Rehire applications, newest first: all for hr; for managers those to the openings "
        "they hire for; for everyone else their own. `mine`: only the caller's own.",
    )
    async def rehire_applications(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        opening_id: strawberry.ID | None = None,
        stages: list[RehireStage] | None = None,
        mine: bool = False,
    ) -> RehireApplicationConnection:
        opening, wanted = pipeline_arguments(opening_id, stages, RehireStageValue)
        rows, has_next, matching = await queries.applications_page(
            info.context,
            opening,
            wanted,
            mine,
            check_first(first),
            decode_cursor(after, LISTING, datetime),
        )
        return application_connection(info.context, LISTING, rows, has_next, matching)

    @guarded(
        HR_OR_EXECUTIVE,
        Scope.ANALYTICS_READ,
        "The rehire funnel over applications made from `from` to `to` (both included, in the "
        "organization's time zone): stages reached and where they are now.",
    )
    async def rehire_funnel(
        self,
        info: Info,
        start: Annotated[date, strawberry.argument(name="from")],
        end: Annotated[date, strawberry.argument(name="to")],
    ) -> RehireFunnel:
        if end < start:
            raise BadUserInput("`to` must not be before `from`.", field="to")
        return RehireFunnel(result=await queries.rehire_funnel(info.context, start, end))


@strawberry.type
class RehireMutation:
    @guarded_mutation(
        HR,
        Scope.REFERRALS_WRITE,
        "Write the rehire policy (hr): saved as its next version; applications keep theirs.",
    )
    async def rehire_policy_set(
        self, info: Info, input: RehirePolicySetInput
    ) -> RehirePolicySetPayload:
        found, errors = await rehire_policy_set(info.context, input)
        return RehirePolicySetPayload(
            policy=None if found is None else RehirePolicy(model=found),
            errors=as_rehire_errors(errors),
        )

    @guarded_mutation(
        SIGNED_IN,
        Scope.REFERRALS_WRITE,
        "Apply to come back (alumni), to an open opening shown to alumni, under the current "
        "rehire policy.",
    )
    async def rehire_application_create(
        self, info: Info, input: RehireApplicationCreateInput
    ) -> RehireApplicationCreatePayload:
        found, errors = await rehire_application_create(info.context, input)
        return RehireApplicationCreatePayload(
            application=_application(info, found), errors=as_rehire_errors(errors)
        )

    @guarded_mutation(
        HR_OR_MANAGER,
        Scope.REFERRALS_WRITE,
        "Move an application to its next stage, reject or withdraw it (hr, or the opening's "
        "hiring manager). HIRED takes the start date and reopens employment on the person.",
    )
    async def rehire_application_stage_set(
        self, info: Info, input: RehireApplicationStageSetInput
    ) -> RehireApplicationStageSetPayload:
        found, errors = await rehire_application_stage_set(info.context, input)
        return RehireApplicationStageSetPayload(
            application=_application(info, found), errors=as_rehire_errors(errors)
        )

    @guarded_mutation(
        SIGNED_IN, Scope.REFERRALS_WRITE, "Withdraw your own application (the applicant)."
    )
    async def rehire_application_withdraw(
        self, info: Info, input: RehireApplicationWithdrawInput
    ) -> RehireApplicationWithdrawPayload:
        found, errors = await rehire_application_withdraw(info.context, input)
        return RehireApplicationWithdrawPayload(
            application=_application(info, found), errors=as_rehire_errors(errors)
        )
