from enum import StrEnum


class NewsletterErrorCode(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    INVALID = "invalid"


MESSAGES: dict[NewsletterErrorCode, str] = {
    NewsletterErrorCode.REQUIRED: "This field is required.",
    NewsletterErrorCode.TOO_LONG: "This value is too long.",
    NewsletterErrorCode.INVALID: "This value has characters that are refused.",
}
