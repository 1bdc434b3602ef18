from enum import StrEnum

from domain.consent.models import MAX_NOTE_LENGTH


class ConsentErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    CHANNEL_REQUIRED = "channel_required"
    CHANNEL_NOT_APPLICABLE = "channel_not_applicable"
    INVALID_SOURCE = "invalid_source"
    TOO_LONG = "too_long"


MESSAGES: dict[ConsentErrorCode, str] = {
    ConsentErrorCode.NOT_FOUND: "No such person in this organization.",
    ConsentErrorCode.INVALID: "This value is not valid.",
    ConsentErrorCode.CHANNEL_REQUIRED: "This purpose is consented per channel: give a channel.",
    ConsentErrorCode.CHANNEL_NOT_APPLICABLE: (
        "Directory listing is not about contacting the person: give no channel."
    ),
    ConsentErrorCode.INVALID_SOURCE: "This source cannot be recorded by this caller.",
    ConsentErrorCode.TOO_LONG: f"At most {MAX_NOTE_LENGTH} characters.",
}
