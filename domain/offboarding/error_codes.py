from enum import StrEnum


class OffboardingErrorCode(StrEnum):
    """Why an off-boarding or exit-interview change was refused. The first four come from
    recording the departure (domain.people) with the same meaning."""

    NOT_FOUND = "not_found"
    ARCHIVED = "archived"
    NOT_EMPLOYED = "not_employed"
    LEAVE_BEFORE_HIRE = "leave_before_hire"
    ALREADY_STARTED = "already_started"
    CANCELLED = "cancelled"
    LEAVE_DATE_PASSED = "leave_date_passed"
    ALREADY_DONE = "already_done"
    SENDER_REQUIRED = "sender_required"
    SENDER_NOT_ALLOWED = "sender_not_allowed"
    REASONS_REQUIRED = "reasons_required"
    INVALID_REASON = "invalid_reason"
    PRIMARY_REASON_NOT_GIVEN = "primary_reason_not_given"
    OUT_OF_RANGE = "out_of_range"
    TOO_LONG = "too_long"
    INVALID = "invalid"


MESSAGES: dict[OffboardingErrorCode, str] = {
    OffboardingErrorCode.NOT_FOUND: "No such off-boarding or person that you may act on.",
    OffboardingErrorCode.ARCHIVED: "This person is archived.",
    OffboardingErrorCode.NOT_EMPLOYED: "This person has no open employment period.",
    OffboardingErrorCode.LEAVE_BEFORE_HIRE: "The leave date is before the hire date.",
    OffboardingErrorCode.ALREADY_STARTED: (
        "This departure is already being off-boarded: here is that off-boarding. Cancel it "
        "to start again with another leave date."
    ),
    OffboardingErrorCode.CANCELLED: "This off-boarding was cancelled.",
    OffboardingErrorCode.LEAVE_DATE_PASSED: (
        "The leave date has come: the person is an alumnus, and the departure stands."
    ),
    OffboardingErrorCode.ALREADY_DONE: "This checklist item is already done.",
    OffboardingErrorCode.SENDER_REQUIRED: (
        "Say who sent the positive message: the person's manager or an executive."
    ),
    OffboardingErrorCode.SENDER_NOT_ALLOWED: (
        "The positive message comes from the person's manager or an executive."
    ),
    OffboardingErrorCode.REASONS_REQUIRED: "Give at least one reason.",
    OffboardingErrorCode.INVALID_REASON: "This is not one of the exit reasons.",
    OffboardingErrorCode.PRIMARY_REASON_NOT_GIVEN: "The primary reason must be one of the reasons.",
    OffboardingErrorCode.OUT_OF_RANGE: "The likelihood to come back is from 0 to 10.",
    OffboardingErrorCode.TOO_LONG: "This text is too long.",
    OffboardingErrorCode.INVALID: "This value is not valid.",
}
