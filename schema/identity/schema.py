"""Mutation fields for sessions: signing in and out, refreshing, changing one's password."""

import strawberry

from auth.scopes import AppAccess
from resolvers.context import Context
from resolvers.identity.mutations.password_change import password_change
from resolvers.identity.mutations.session_refresh import session_refresh
from resolvers.identity.mutations.sign_in import sign_in
from resolvers.identity.mutations.sign_out import sign_out
from schema.common.permissions import ANYONE, SIGNED_IN, guarded_mutation
from schema.identity.errors import as_session_errors
from schema.identity.inputs import PasswordChangeInput, SessionRefreshInput, SignInInput
from schema.identity.payloads import (
    PasswordChangePayload,
    SessionRefreshPayload,
    SignInPayload,
    SignOutPayload,
)
from schema.identity.types import SessionTokens

Info = strawberry.Info[Context]


@strawberry.type
class SessionMutation:
    @guarded_mutation(
        ANYONE,
        AppAccess.FIRST_PARTY,
        "Sign in with email and password: a new session in one organization. An unknown "
        "email and a wrong password both answer INVALID_CREDENTIALS; repeated failures "
        "answer RATE_LIMITED for 15 minutes.",
    )
    async def sign_in(self, info: Info, input: SignInInput) -> SignInPayload:
        result = await sign_in(info.context, input)
        return SignInPayload(
            tokens=None if result.tokens is None else SessionTokens.of(result.tokens),
            organizations=result.organizations,
            errors=as_session_errors(result.errors),
        )

    @guarded_mutation(
        ANYONE,
        AppAccess.FIRST_PARTY,
        "Exchange a refresh token for new tokens; each refresh token works once. Presenting "
        "one a second time ends its session.",
    )
    async def session_refresh(
        self, info: Info, input: SessionRefreshInput
    ) -> SessionRefreshPayload:
        pair, errors = await session_refresh(info.context, input)
        return SessionRefreshPayload(
            tokens=None if pair is None else SessionTokens.of(pair),
            errors=as_session_errors(errors),
        )

    @guarded_mutation(
        SIGNED_IN,
        AppAccess.FIRST_PARTY,
        "Sign out: the caller's session ends, with its access and refresh tokens.",
    )
    async def sign_out(self, info: Info) -> SignOutPayload:
        return SignOutPayload(signed_out=await sign_out(info.context), errors=[])

    @guarded_mutation(
        SIGNED_IN,
        AppAccess.FIRST_PARTY,
        "Change one's password; every other session of the account ends.",
    )
    async def password_change(
        self, info: Info, input: PasswordChangeInput
    ) -> PasswordChangePayload:
        errors = await password_change(info.context, input)
        return PasswordChangePayload(password_changed=not errors, errors=as_session_errors(errors))
