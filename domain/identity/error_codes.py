from enum import StrEnum


class SessionErrorCode(StrEnum):
    """Why signing in, refreshing, signing out or changing a password was refused."""

    INVALID_CREDENTIALS = "invalid_credentials"
    RATE_LIMITED = "rate_limited"
    ORGANIZATION_REQUIRED = "organization_required"
    NOT_A_MEMBER = "not_a_member"
    PASSWORD_TOO_SHORT = "password_too_short"
    PASSWORD_TOO_LONG = "password_too_long"
    PASSWORD_TOO_COMMON = "password_too_common"
    PASSWORD_CONTAINS_EMAIL = "password_contains_email"
    REFRESH_TOKEN_INVALID = "refresh_token_invalid"
    REFRESH_TOKEN_EXPIRED = "refresh_token_expired"
    REFRESH_TOKEN_REUSED = "refresh_token_reused"
    SESSION_ENDED = "session_ended"
    INVALID_LINK = "invalid_link"


MESSAGES: dict[SessionErrorCode, str] = {
    SessionErrorCode.INVALID_CREDENTIALS: "The email or password is not correct.",
    SessionErrorCode.RATE_LIMITED: "Too many failed attempts. Try again later.",
    SessionErrorCode.ORGANIZATION_REQUIRED: (
        "This account belongs to several organizations: choose one of `organizations`."
    ),
    SessionErrorCode.NOT_A_MEMBER: "This account is not a member of that organization.",
    SessionErrorCode.PASSWORD_TOO_SHORT: "The password must have at least 12 characters.",
    SessionErrorCode.PASSWORD_TOO_LONG: "The password must have at most 128 characters.",
    SessionErrorCode.PASSWORD_TOO_COMMON: "This password is too common: choose another.",
    SessionErrorCode.PASSWORD_CONTAINS_EMAIL: (
        "The password must not contain the name part of the email address."
    ),
    SessionErrorCode.REFRESH_TOKEN_INVALID: "This refresh token is not valid: sign in again.",
    SessionErrorCode.REFRESH_TOKEN_EXPIRED: "This refresh token has expired: sign in again.",
    SessionErrorCode.REFRESH_TOKEN_REUSED: (
        "This refresh token was already used, so its session was ended: sign in again."
    ),
    SessionErrorCode.SESSION_ENDED: "The session of this refresh token has ended: sign in again.",
    SessionErrorCode.INVALID_LINK: (
        "This sign-in link is not valid: it may have expired or been used. Ask for a new one."
    ),
}
