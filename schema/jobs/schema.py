"""Query and mutation fields of job openings."""

from datetime import datetime

import strawberry

from auth.scopes import Scope
from domain.jobs.models import OpeningStatus as OpeningStatusValue
from resolvers import ids
from resolvers.errors import BadUserInput
from resolvers.jobs import queries
from resolvers.jobs.mutations.job_opening_create import job_opening_create
from resolvers.jobs.mutations.job_opening_status_set import job_opening_status_set
from resolvers.jobs.mutations.job_opening_update import job_opening_update
from schema.common.pagination import DEFAULT_PAGE_SIZE, check_first, decode_cursor
from schema.common.permissions import HR, HR_OR_MANAGER, SIGNED_IN, guarded, guarded_mutation
from schema.jobs.enums import JobOpeningStatus
from schema.jobs.errors import as_job_opening_errors
from schema.jobs.inputs import (
    JobOpeningCreateInput,
    JobOpeningStatusSetInput,
    JobOpeningUpdateInput,
)
from schema.jobs.payloads import (
    JobOpeningCreatePayload,
    JobOpeningStatusSetPayload,
    JobOpeningUpdatePayload,
)
from schema.jobs.types import JobOpening, JobOpeningConnection, job_opening_connection
from schema.people.types import Info

LISTING = "jobOpenings"
MAX_FILTER_VALUES = 30


def _opening(model: object) -> JobOpening | None:
    return None if model is None else JobOpening(model=model)  # type: ignore[arg-type]


@strawberry.type
class JobQuery:
    @guarded(
        SIGNED_IN,
        Scope.REFERRALS_READ,
        "Job openings, newest first: all of them for hr and executives; for managers their "
        "own (drafts too) and the open and paused ones; for employees the open and paused "
        "ones; for alumni the open ones shown to alumni.",
    )
    async def job_openings(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        statuses: list[JobOpeningStatus] | None = None,
        department_id: strawberry.ID | None = None,
    ) -> JobOpeningConnection:
        if statuses is not None and len(statuses) > MAX_FILTER_VALUES:
            raise BadUserInput(f"At most {MAX_FILTER_VALUES} statuses.", field="statuses")
        department = None
        if department_id is not None:
            department = ids.decode(department_id, "Department")
            if department is None:
                raise BadUserInput("Not a department id.", field="departmentId")
        rows, has_next, matching = await queries.openings_page(
            info.context,
            [OpeningStatusValue(status) for status in statuses or []],
            department,
            check_first(first),
            decode_cursor(after, LISTING, datetime),
        )
        return job_opening_connection(LISTING, rows, has_next, matching)


@strawberry.type
class JobMutation:
    @guarded_mutation(HR, Scope.REFERRALS_WRITE, "Create a job opening, as a DRAFT (hr).")
    async def job_opening_create(
        self, info: Info, input: JobOpeningCreateInput
    ) -> JobOpeningCreatePayload:
        found, errors = await job_opening_create(info.context, input)
        return JobOpeningCreatePayload(
            job_opening=_opening(found), errors=as_job_opening_errors(errors)
        )

    @guarded_mutation(
        HR_OR_MANAGER,
        Scope.REFERRALS_WRITE,
        "Change an opening (hr, or its hiring manager); a closed one stays as it was.",
    )
    async def job_opening_update(
        self, info: Info, input: JobOpeningUpdateInput
    ) -> JobOpeningUpdatePayload:
        found, errors = await job_opening_update(info.context, input)
        return JobOpeningUpdatePayload(
            job_opening=_opening(found), errors=as_job_opening_errors(errors)
        )

    @guarded_mutation(
        HR_OR_MANAGER,
        Scope.REFERRALS_WRITE,
        "Publish, pause, reopen or close an opening (hr, or its hiring manager).",
    )
    async def job_opening_status_set(
        self, info: Info, input: JobOpeningStatusSetInput
    ) -> JobOpeningStatusSetPayload:
        found, errors = await job_opening_status_set(info.context, input)
        return JobOpeningStatusSetPayload(
            job_opening=_opening(found), errors=as_job_opening_errors(errors)
        )
