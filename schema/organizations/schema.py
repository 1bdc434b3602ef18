"""Mutation fields for the organization's own settings."""

import strawberry

from auth.scopes import AppAccess
from domain.organizations.cors import CorsErrorCode as CorsErrorCodeValue
from resolvers.context import Context
from resolvers.organizations.mutations.organization_cors_origins_set import (
    organization_cors_origins_set,
)
from schema.common.permissions import HR_OR_EXECUTIVE, guarded_mutation

Info = strawberry.Info[Context]
CorsErrorCode = strawberry.enum(
    CorsErrorCodeValue, name="CorsErrorCode", description="Why origins were refused."
)


@strawberry.type(description="Why the origins were refused, and which one.")
class CorsError:
    field: str | None = strawberry.field(description="`origins` or `origins.<index>`.")
    code: CorsErrorCode
    message: str


@strawberry.input(description="The browser origins of the organization's own frontends.")
class OrganizationCorsOriginsSetInput:
    origins: list[str] = strawberry.field(
        description="Up to 20, like `https://alumni.example.co.jp` (http only for localhost); "
        "the list replaces the previous one."
    )


@strawberry.type(description="The origins now allowed, or why not.")
class OrganizationCorsOriginsSetPayload:
    origins: list[str] | None
    errors: list[CorsError]


@strawberry.type
class OrganizationMutation:
    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Set the browser origins allowed to call the API (CORS) for this organization.",
    )
    async def organization_cors_origins_set(
        self, info: Info, input: OrganizationCorsOriginsSetInput
    ) -> OrganizationCorsOriginsSetPayload:
        origins, errors = await organization_cors_origins_set(info.context, input)
        return OrganizationCorsOriginsSetPayload(
            origins=origins,
            errors=[CorsError(field=e.field, code=e.code, message=e.message) for e in errors],
        )
