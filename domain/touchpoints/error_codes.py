from enum import StrEnum

from domain.touchpoints.models import MAX_NOTE_LENGTH


class TouchpointErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    IN_THE_FUTURE = "in_the_future"
    TOO_LONG = "too_long"


MESSAGES: dict[TouchpointErrorCode, str] = {
    TouchpointErrorCode.NOT_FOUND: "No such alumnus in this organization.",
    TouchpointErrorCode.INVALID: "This value is not valid.",
    TouchpointErrorCode.IN_THE_FUTURE: "A touchpoint cannot happen in the future.",
    TouchpointErrorCode.TOO_LONG: f"At most {MAX_NOTE_LENGTH} characters.",
}
