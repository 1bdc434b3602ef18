import strawberry

from schema.jobs.enums import JobOpeningErrorCode


@strawberry.type(description="Why a job-opening mutation was refused, and which input field.")
class JobOpeningError:
    field: str | None = strawberry.field(description="Input path, e.g. `title`.")
    code: JobOpeningErrorCode
    message: str


def as_job_opening_errors(errors: list) -> list[JobOpeningError]:
    return [JobOpeningError(field=e.field, code=e.code, message=e.message) for e in errors]
