from typing import Any

from auth.sessions import RefreshRefused, TokenPair, refresh_session
from domain.common.errors import DomainError
from domain.identity.error_codes import MESSAGES, SessionErrorCode
from resolvers.context import Context
from resolvers.identity.refusals import SessionFieldError, session_errors, session_settings

CODES = {
    "unknown": SessionErrorCode.REFRESH_TOKEN_INVALID,
    "expired": SessionErrorCode.REFRESH_TOKEN_EXPIRED,
    "reused": SessionErrorCode.REFRESH_TOKEN_REUSED,
    "session_ended": SessionErrorCode.SESSION_ENDED,
}


async def session_refresh(
    context: Context, data: Any
) -> tuple[TokenPair | None, list[SessionFieldError]]:
    settings = session_settings(context)
    try:
        pair = await refresh_session(
            settings.secret_key,
            data.refresh_token,
            access_minutes=settings.access_token_minutes,
        )
    except RefreshRefused as refused:
        code = CODES[refused.reason]
        return None, session_errors(context, DomainError(code, MESSAGES[code], "refresh_token"))
    return pair, []
