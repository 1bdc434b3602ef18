from typing import Any

from domain.identity.apps import revoke_app
from domain.identity.models import OAuthApp
from resolvers.context import Context
from resolvers.identity.mutations.app_ids import app_key
from resolvers.mutations import FieldError, run


async def oauth_app_revoke(context: Context, data: Any) -> tuple[OAuthApp | None, list[FieldError]]:
    principal = context.require_member()
    return await run(revoke_app(principal.organization_id, context.actor, app_key(data.id)))
