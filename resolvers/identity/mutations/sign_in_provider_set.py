from typing import Any

from domain.identity.models import SignInProvider
from domain.identity.providers import set_provider
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def sign_in_provider_set(
    context: Context, data: Any
) -> tuple[SignInProvider | None, list[FieldError]]:
    principal = context.require_member()
    return await run(
        set_provider(
            principal.organization_id,
            context.actor,
            issuer=data.issuer,
            client_id=data.client_id,
            client_secret=data.client_secret,
            enabled=data.enabled,
        )
    )
