from auth.sessions import end_session
from resolvers.context import Context


async def sign_out(context: Context) -> bool:
    """End the caller's session; False when it had already ended."""
    principal = context.require_member()
    assert principal.session_id is not None
    return await end_session(principal.session_id, principal.actor)
