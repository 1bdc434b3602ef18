from typing import Any

from auth.sign_in import change_password
from domain.common.errors import DomainError, DomainErrors
from resolvers.context import Context
from resolvers.identity.refusals import SessionFieldError, session_errors


async def password_change(context: Context, data: Any) -> list[SessionFieldError]:
    """Errors, none when the password was changed (and the caller's other sessions ended)."""
    principal = context.require_member()
    assert principal.user_id is not None  # first-party sessions only: always a user
    try:
        await change_password(
            principal.user_id,
            principal.session_id,
            data.current_password,
            data.new_password,
            client_address=context.client_address,
        )
    except (DomainError, DomainErrors) as refused:
        return session_errors(context, refused)
    return []
