"""The organization's OpenID Connect provider for staff sign-in (secret write-only)."""

import strawberry

from auth.scopes import AppAccess
from domain.identity.models import SignInProvider as SignInProviderModel
from domain.identity.providers import ProviderErrorCode as ProviderErrorCodeValue
from domain.identity.providers import provider_of
from resolvers.context import Context
from resolvers.identity.mutations.sign_in_provider_set import sign_in_provider_set
from schema.common.permissions import HR_OR_EXECUTIVE, guarded, guarded_mutation

Info = strawberry.Info[Context]
SignInProviderErrorCode = strawberry.enum(
    ProviderErrorCodeValue,
    name="SignInProviderErrorCode",
    description="Why the provider settings were refused.",
)


@strawberry.type(
    description="Staff sign in at `/auth/oidc/<slug>/start` through this OpenID Connect "
    "provider; its client secret is never shown."
)
class SignInProvider:
    issuer: str
    client_id: str
    enabled: bool

    @classmethod
    def of(cls, model: SignInProviderModel) -> "SignInProvider":
        return cls(issuer=model.issuer, client_id=model.client_id, enabled=model.enabled)


@strawberry.type(description="Why the provider settings were refused, and which field.")
class SignInProviderError:
    field: str | None
    code: SignInProviderErrorCode
    message: str


@strawberry.input(description="The provider's issuer URL and this organization's client there.")
class SignInProviderSetInput:
    issuer: str
    client_id: str
    client_secret: str
    enabled: bool = True


@strawberry.type(description="The saved settings, or why not.")
class SignInProviderSetPayload:
    provider: SignInProvider | None
    errors: list[SignInProviderError]


@strawberry.type
class SignInProviderQuery:
    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "The organization's OpenID Connect provider for staff sign-in, if any.",
    )
    async def sign_in_provider(self, info: Info) -> SignInProvider | None:
        found = await provider_of(info.context.require_member().organization_id)
        return None if found is None else SignInProvider.of(found)


@strawberry.type
class SignInProviderMutation:
    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Set the OpenID Connect provider staff sign in with (replaces the previous one).",
    )
    async def sign_in_provider_set(
        self, info: Info, input: SignInProviderSetInput
    ) -> SignInProviderSetPayload:
        saved, errors = await sign_in_provider_set(info.context, input)
        return SignInProviderSetPayload(
            provider=None if saved is None else SignInProvider.of(saved),
            errors=[
                SignInProviderError(field=e.field, code=e.code, message=e.message) for e in errors
            ],
        )
