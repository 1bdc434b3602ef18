from enum import StrEnum


class RehireErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    OPENING_NOT_FOUND = "opening_not_found"
    OPENING_NOT_OPEN = "opening_not_open"
    POLICY_REQUIRED = "policy_required"
    POLICY_CHANGED_MEANWHILE = "policy_changed_meanwhile"
    NOT_ALUMNUS = "not_alumnus"
    ALREADY_APPLIED = "already_applied"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID = "invalid"
    OUT_OF_RANGE = "out_of_range"
    DATE_IN_PAST = "date_in_past"
    NOT_SKIPPABLE = "not_skippable"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    STEP_SKIPPED = "step_skipped"
    CONFIRMATION_REQUIRED = "confirmation_required"
    CONFIRMATION_BY_HR_ONLY = "confirmation_by_hr_only"
    START_DATE_REQUIRED = "start_date_required"
    START_BEFORE_LEAVE = "start_before_leave"
    ALREADY_EMPLOYED = "already_employed"


MESSAGES: dict[RehireErrorCode, str] = {
    RehireErrorCode.NOT_FOUND: "No such rehire application that you may act on.",
    RehireErrorCode.OPENING_NOT_FOUND: "No such job opening open to alumni.",
    RehireErrorCode.OPENING_NOT_OPEN: "This opening is not open: it takes no applications now.",
    RehireErrorCode.POLICY_REQUIRED: (
        "This organization has not written its rehire policy yet: applications open once "
        "the terms are set."
    ),
    RehireErrorCode.POLICY_CHANGED_MEANWHILE: (
        "The rehire policy was changed at the same moment: read it again and retry."
    ),
    RehireErrorCode.NOT_ALUMNUS: "Rehire applications are for alumni of this organization.",
    RehireErrorCode.ALREADY_APPLIED: (
        "You already have an open application to this opening: follow it, or withdraw it first."
    ),
    RehireErrorCode.REQUIRED: "This value is required.",
    RehireErrorCode.TOO_LONG: "This text is too long.",
    RehireErrorCode.INVALID: "This value is not valid.",
    RehireErrorCode.OUT_OF_RANGE: "This value is out of range.",
    RehireErrorCode.DATE_IN_PAST: "This date is in the past.",
    RehireErrorCode.NOT_SKIPPABLE: (
        "Only the aptitude test, the first interview and the final interview can be skipped."
    ),
    RehireErrorCode.TRANSITION_NOT_ALLOWED: (
        "This stage cannot follow the application's current stage."
    ),
    RehireErrorCode.STEP_SKIPPED: (
        "Alumni skip this step under the policy the application was made under."
    ),
    RehireErrorCode.CONFIRMATION_REQUIRED: (
        "This alumnus was marked not eligible for rehire: confirm explicitly "
        "(confirmIneligible) to move the application past screening."
    ),
    RehireErrorCode.CONFIRMATION_BY_HR_ONLY: (
        "Only hr can confirm moving a not-eligible alumnus past screening."
    ),
    RehireErrorCode.START_DATE_REQUIRED: "A hire needs the first day of work (startDate).",
    RehireErrorCode.START_BEFORE_LEAVE: "The start date must come after the last leave date.",
    RehireErrorCode.ALREADY_EMPLOYED: (
        "This person is employed already, or hired back from a date still to come: there is "
        "no return to apply for or to reopen."
    ),
}
