from typing import Any

from auth import magic_links
from auth.sessions import TokenPair
from auth.sign_in import SignInRefused
from resolvers.context import Context
from resolvers.identity.refusals import SessionFieldError, session_errors, session_settings


async def magic_link_redeem(
    context: Context, data: Any
) -> tuple[TokenPair | None, list[SessionFieldError]]:
    try:
        tokens = await magic_links.redeem_link(
            session_settings(context), data.token, context.client_address
        )
    except SignInRefused as refused:
        return None, session_errors(context, refused)
    return tokens, []
