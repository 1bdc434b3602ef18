from enum import StrEnum


class JobOpeningErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID = "invalid"
    DEPARTMENT_NOT_FOUND = "department_not_found"
    HIRING_MANAGER_NOT_FOUND = "hiring_manager_not_found"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    CLOSED = "closed"


MESSAGES: dict[JobOpeningErrorCode, str] = {
    JobOpeningErrorCode.NOT_FOUND: "No such job opening that you may change.",
    JobOpeningErrorCode.REQUIRED: "This value is required.",
    JobOpeningErrorCode.TOO_LONG: "This text is too long.",
    JobOpeningErrorCode.INVALID: "This value is not valid.",
    JobOpeningErrorCode.DEPARTMENT_NOT_FOUND: "No such department in this organization.",
    JobOpeningErrorCode.HIRING_MANAGER_NOT_FOUND: (
        "The hiring manager must be a current employee of this organization."
    ),
    JobOpeningErrorCode.TRANSITION_NOT_ALLOWED: (
        "An opening moves draft → open or closed, open → paused or closed, paused → open or "
        "closed; a closed opening stays closed."
    ),
    JobOpeningErrorCode.CLOSED: "This opening is closed and can no longer be changed.",
}
