from enum import StrEnum


class HrisSettingsErrorCode(StrEnum):
    """Why an HRIS connection or an employee's HRIS id was refused."""

    REQUIRED = "required"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    EMPLOYEE_ID_TAKEN = "employee_id_taken"


MESSAGES: dict[HrisSettingsErrorCode, str] = {
    HrisSettingsErrorCode.REQUIRED: "This is required.",
    HrisSettingsErrorCode.TOO_SHORT: "The secret must have at least 16 characters.",
    HrisSettingsErrorCode.TOO_LONG: "This value is too long.",
    HrisSettingsErrorCode.INVALID: "This value may not contain control characters.",
    HrisSettingsErrorCode.NOT_FOUND: "No such person in this organization.",
    HrisSettingsErrorCode.EMPLOYEE_ID_TAKEN: (
        "Another person has this employee id in this HR system."
    ),
}


class InboundErrorCode(StrEnum):
    """Why the webhook endpoint refused a departure, beyond a refused signature or body
    (integrations.hris.HrisErrorCode) and a refused departure (OffboardingErrorCode)."""

    NO_CONNECTION = "no_connection"
    UNKNOWN_EMPLOYEE = "unknown_employee"
    RATE_LIMITED = "rate_limited"


INBOUND_MESSAGES: dict[InboundErrorCode, str] = {
    InboundErrorCode.NO_CONNECTION: (
        "This organization has not connected this HR system: hr sets its secret with "
        "hrisConnectionSet."
    ),
    InboundErrorCode.UNKNOWN_EMPLOYEE: (
        "No employee of the organization matches the employee number, email or HR system id "
        "of this event. Fix the data in Kizuna and let the HR system retry."
    ),
    InboundErrorCode.RATE_LIMITED: "Too many requests from this address: retry later.",
}
