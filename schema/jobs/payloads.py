import strawberry

from schema.jobs.errors import JobOpeningError
from schema.jobs.types import JobOpening


@strawberry.type(description="The new opening, or why not.")
class JobOpeningCreatePayload:
    job_opening: JobOpening | None
    errors: list[JobOpeningError]


@strawberry.type(description="The changed opening, or why not.")
class JobOpeningUpdatePayload:
    job_opening: JobOpening | None
    errors: list[JobOpeningError]


@strawberry.type(description="The opening in its new status, or why not.")
class JobOpeningStatusSetPayload:
    job_opening: JobOpening | None
    errors: list[JobOpeningError]
