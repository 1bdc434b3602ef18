from typing import Any

from domain.identity.apps import AppDraft, create_app
from domain.identity.models import OAuthApp
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def oauth_app_create(
    context: Context, data: Any
) -> tuple[tuple[OAuthApp, str | None] | None, list[FieldError]]:
    principal = context.require_member()
    draft = AppDraft(
        name=data.name,
        redirect_uris=list(data.redirect_uris),
        scopes=[scope.value for scope in data.scopes],
        confidential=data.confidential,
    )
    return await run(create_app(principal.organization_id, context.actor, draft))
