from enum import StrEnum

from domain.segments.models import MAX_NAME_LENGTH


class SegmentErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    INVALID = "invalid"
    TOO_LONG = "too_long"
    INVALID_FILTER = "invalid_filter"


MESSAGES: dict[SegmentErrorCode, str] = {
    SegmentErrorCode.NOT_FOUND: "No such segment in this organization.",
    SegmentErrorCode.REQUIRED: "This field is required.",
    SegmentErrorCode.INVALID: "This value is not valid.",
    SegmentErrorCode.TOO_LONG: f"At most {MAX_NAME_LENGTH} characters.",
    SegmentErrorCode.INVALID_FILTER: "This filter is not one the alumni list accepts.",
}
