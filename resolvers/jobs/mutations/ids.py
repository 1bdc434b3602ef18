"""Global ids in job-opening inputs, read into keys or a precise field error."""

from uuid import UUID

from domain.jobs.error_codes import MESSAGES, JobOpeningErrorCode
from resolvers import ids
from resolvers.mutations import FieldError

# Input field → (type of its global id, the code when it names nothing of that type).
REFERENCES = {
    "id": ("JobOpening", JobOpeningErrorCode.NOT_FOUND),
    "departmentId": ("Department", JobOpeningErrorCode.DEPARTMENT_NOT_FOUND),
    "hiringManagerId": ("Person", JobOpeningErrorCode.HIRING_MANAGER_NOT_FOUND),
}


def key_of(global_id: str | None, field: str) -> tuple[UUID | None, list[FieldError]]:
    """The key of the id (None stays None), or the field error of a malformed one."""
    if global_id is None:
        return None, []
    type_name, code = REFERENCES[field]
    key = ids.decode(global_id, type_name)
    if key is None:
        return None, [FieldError(field, code, MESSAGES[code])]
    return key, []
