"""Partner apps (OAuth clients): registered, listed, re-keyed and revoked by hr or executives."""

from datetime import datetime

import strawberry

from auth.scopes import AppAccess
from domain.identity.apps import AppErrorCode as AppErrorCodeValue
from domain.identity.apps import apps_of
from domain.identity.models import OAuthApp as OAuthAppModel
from domain.identity.scopes import Scope as ScopeValue
from resolvers import ids
from resolvers.context import Context
from resolvers.identity.mutations.oauth_app_create import oauth_app_create
from resolvers.identity.mutations.oauth_app_revoke import oauth_app_revoke
from resolvers.identity.mutations.oauth_app_rotate_secret import oauth_app_rotate_secret
from resolvers.mutations import FieldError
from schema.common.permissions import HR_OR_EXECUTIVE, guarded, guarded_mutation

Info = strawberry.Info[Context]
OAuthScope = strawberry.enum(
    ScopeValue, name="OAuthScope", description="What a partner app may be allowed to do."
)
OAuthAppErrorCode = strawberry.enum(
    AppErrorCodeValue, name="OAuthAppErrorCode", description="Why an app mutation was refused."
)


@strawberry.type(description="A partner app, and what the organization allows it.")
class OAuthApp:
    model: strawberry.Private[OAuthAppModel]

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("OAuthApp", self.model.id))

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "Display name, shown on the consent page.")
    def name(self) -> str:
        return self.model.name

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "The OAuth `client_id`.")
    def client_id(self) -> str:
        return self.model.client_id

    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "True for a server-side app with a secret; false for a browser or mobile app, which "
        "must use PKCE and cannot use client credentials.",
    )
    def confidential(self) -> bool:
        return self.model.secret_hash is not None

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "Where users may be sent back after consent.")
    def redirect_uris(self) -> list[str]:
        return list(self.model.redirect_uris)

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "The most this app may ever be granted.")
    def scopes(self) -> list[OAuthScope]:
        return [ScopeValue(scope) for scope in self.model.scopes]

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "When it was registered.")
    def created_at(self) -> datetime:
        return self.model.created_at

    @guarded(HR_OR_EXECUTIVE, AppAccess.FIRST_PARTY, "When it was revoked; null while it works.")
    def revoked_at(self) -> datetime | None:
        return self.model.revoked_at


@strawberry.type(description="Why an app mutation was refused, and which input field.")
class OAuthAppError:
    field: str | None
    code: OAuthAppErrorCode
    message: str


@strawberry.input(description="A new partner app.")
class OAuthAppCreateInput:
    name: str
    redirect_uris: list[str] = strawberry.field(
        description="https URLs (http only for 127.0.0.1 or localhost); at most 10. A "
        "confidential app that only uses client credentials may have none."
    )
    scopes: list[OAuthScope]
    confidential: bool = strawberry.field(
        default=True, description="False for a browser or mobile app (no secret, PKCE only)."
    )


@strawberry.input(description="The app to act on.")
class OAuthAppIdInput:
    id: strawberry.ID


@strawberry.type(description="The new app and its secret, or why not.")
class OAuthAppCreatePayload:
    app: OAuthApp | None
    client_secret: str | None = strawberry.field(
        description="Shown only in this answer (stored as a digest); null for public apps."
    )
    errors: list[OAuthAppError]


@strawberry.type(description="The app's new secret, or why not.")
class OAuthAppRotateSecretPayload:
    app: OAuthApp | None
    client_secret: str | None = strawberry.field(
        description="Shown only in this answer; the old secret stops working now."
    )
    errors: list[OAuthAppError]


@strawberry.type(description="The revoked app, or why not.")
class OAuthAppRevokePayload:
    app: OAuthApp | None
    errors: list[OAuthAppError]


def _errors(errors: list[FieldError]) -> list[OAuthAppError]:
    return [OAuthAppError(field=e.field, code=e.code, message=e.message) for e in errors]


def _app(model: OAuthAppModel | None) -> OAuthApp | None:
    return None if model is None else OAuthApp(model=model)


@strawberry.type
class OAuthAppQuery:
    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "The organization's partner apps by name, revoked ones included (at most 200).",
    )
    async def oauth_apps(self, info: Info) -> list[OAuthApp]:
        principal = info.context.require_member()
        return [OAuthApp(model=app) for app in await apps_of(principal.organization_id)]


@strawberry.type
class OAuthAppMutation:
    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Register a partner app; a confidential app's secret is in this answer only.",
    )
    async def oauth_app_create(
        self, info: Info, input: OAuthAppCreateInput
    ) -> OAuthAppCreatePayload:
        created, errors = await oauth_app_create(info.context, input)
        app, secret = created if created is not None else (None, None)
        return OAuthAppCreatePayload(app=_app(app), client_secret=secret, errors=_errors(errors))

    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Give a confidential app a new secret; the old one stops working at once.",
    )
    async def oauth_app_rotate_secret(
        self, info: Info, input: OAuthAppIdInput
    ) -> OAuthAppRotateSecretPayload:
        rotated, errors = await oauth_app_rotate_secret(info.context, input)
        app, secret = rotated if rotated is not None else (None, None)
        return OAuthAppRotateSecretPayload(
            app=_app(app), client_secret=secret, errors=_errors(errors)
        )

    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Revoke an app: it gets no new tokens and every token it holds stops working.",
    )
    async def oauth_app_revoke(self, info: Info, input: OAuthAppIdInput) -> OAuthAppRevokePayload:
        app, errors = await oauth_app_revoke(info.context, input)
        return OAuthAppRevokePayload(app=_app(app), errors=_errors(errors))
