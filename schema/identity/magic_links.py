"""Mutation fields for alumni sign-in by one-time link."""

import strawberry

from auth.scopes import AppAccess
from resolvers.context import Context
from resolvers.identity.mutations.magic_link_redeem import magic_link_redeem
from resolvers.identity.mutations.magic_link_request import magic_link_request
from schema.common.permissions import ANYONE, guarded_mutation
from schema.identity.errors import as_session_errors
from schema.identity.inputs import MagicLinkRedeemInput, MagicLinkRequestInput
from schema.identity.payloads import MagicLinkRedeemPayload, MagicLinkRequestPayload
from schema.identity.types import SessionTokens

Info = strawberry.Info[Context]


@strawberry.type
class MagicLinkMutation:
    @guarded_mutation(
        ANYONE,
        AppAccess.FIRST_PARTY,
        "Email an alumnus a one-time sign-in link (valid 15 minutes). The answer is the same "
        "whether or not the account exists; only alumni of the organization get a link.",
    )
    async def magic_link_request(
        self, info: Info, input: MagicLinkRequestInput
    ) -> MagicLinkRequestPayload:
        errors = await magic_link_request(info.context, input)
        return MagicLinkRequestPayload(accepted=not errors, errors=as_session_errors(errors))

    @guarded_mutation(
        ANYONE,
        AppAccess.FIRST_PARTY,
        "Sign in with the token of a sign-in link. It works once; forged, expired and used "
        "links all answer INVALID_LINK.",
    )
    async def magic_link_redeem(
        self, info: Info, input: MagicLinkRedeemInput
    ) -> MagicLinkRedeemPayload:
        tokens, errors = await magic_link_redeem(info.context, input)
        return MagicLinkRedeemPayload(
            tokens=None if tokens is None else SessionTokens.of(tokens),
            errors=as_session_errors(errors),
        )
