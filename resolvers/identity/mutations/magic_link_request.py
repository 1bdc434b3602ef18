from typing import Any

from auth import magic_links
from auth.sign_in import SignInRefused
from resolvers.context import Context
from resolvers.identity.refusals import SessionFieldError, session_errors, session_settings


async def magic_link_request(context: Context, data: Any) -> list[SessionFieldError]:
    try:
        await magic_links.request_link(
            session_settings(context), data.email, data.organization, context.client_address
        )
    except SignInRefused as refused:
        return session_errors(context, refused)
    return []
