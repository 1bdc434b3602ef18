from typing import Any

from domain.identity.apps import rotate_secret
from domain.identity.models import OAuthApp
from resolvers.context import Context
from resolvers.identity.mutations.app_ids import app_key
from resolvers.mutations import FieldError, run


async def oauth_app_rotate_secret(
    context: Context, data: Any
) -> tuple[tuple[OAuthApp, str] | None, list[FieldError]]:
    principal = context.require_member()
    return await run(rotate_secret(principal.organization_id, context.actor, app_key(data.id)))
