from enum import StrEnum


class PrivacyErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CONFIRMATION_REQUIRED = "confirmation_required"
    ALREADY_ERASED = "already_erased"
    STILL_EMPLOYED = "still_employed"


MESSAGES: dict[PrivacyErrorCode, str] = {
    PrivacyErrorCode.NOT_FOUND: "No such person in this organization.",
    PrivacyErrorCode.FORBIDDEN: (
        "Only hr and executives export anyone's data; everyone else exports their own."
    ),
    PrivacyErrorCode.CONFIRMATION_REQUIRED: (
        "Erasure cannot be undone: send `confirm: true` to erase this person."
    ),
    PrivacyErrorCode.ALREADY_ERASED: "This person was already erased; nothing was changed.",
    PrivacyErrorCode.STILL_EMPLOYED: (
        "This person still works here (or their leave date has not come): an employee's "
        "record is kept while they are employed. Erase them once they have left."
    ),
}
