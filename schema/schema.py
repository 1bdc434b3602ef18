"""The one GraphQL schema: root types, limits and error masking."""

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import strawberry
from graphql import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)

from auth.scopes import AppAccess, Scope
from resolvers import ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, NotFound
from resolvers.jobs import queries as job_queries
from resolvers.offboarding import queries as offboarding_queries
from resolvers.people import queries as people_queries
from resolvers.referrals import queries as referral_queries
from resolvers.rehire import queries as rehire_queries
from resolvers.segments import queries as segment_queries
from resolvers.touchpoints import queries as touchpoint_queries
from schema.accounts.types import Info, Viewer
from schema.audit.schema import AuditQuery
from schema.common.limits import QueryLimiter
from schema.common.masking import HideSuggestions, MaskUnexpectedErrors
from schema.common.node import Node
from schema.common.permissions import SIGNED_IN, BindContext, guarded, resolve_guarded_attributes
from schema.consent.schema import ConsentMutation
from schema.hris.schema import HrisMutation, HrisQuery
from schema.identity.apps import OAuthAppMutation, OAuthAppQuery
from schema.identity.magic_links import MagicLinkMutation
from schema.identity.providers import SignInProviderMutation, SignInProviderQuery
from schema.identity.schema import SessionMutation
from schema.jobs.schema import JobMutation, JobQuery
from schema.jobs.types import JobOpening
from schema.newsletters.schema import NewsletterMutation, NewsletterQuery
from schema.offboarding.schema import OffboardingMutation, OffboardingQuery
from schema.offboarding.types import Offboarding
from schema.organizations.schema import OrganizationMutation
from schema.people.schema import PeopleMutation, PeopleQuery
from schema.people.types import Department, Person
from schema.privacy.schema import PrivacyMutation, PrivacyQuery
from schema.referrals.schema import ReferralMutation, ReferralQuery
from schema.referrals.types import Referral, as_referral
from schema.rehire.schema import RehireMutation, RehireQuery
from schema.rehire.types import RehireApplication, as_application
from schema.roster.schema import RosterMutation
from schema.segments.schema import Segment, SegmentMutation, SegmentQuery
from schema.touchpoints.schema import TouchpointMutation, TouchpointQuery
from schema.touchpoints.types import Touchpoint

MAX_TOKENS = 2_000


def _node(
    load: Callable[[Context, UUID], Awaitable[Any]], wrap: Callable[[Any], Node]
) -> Callable[[Context, UUID], Awaitable[Node | None]]:
    async def node(context: Context, key: UUID) -> Node | None:
        found = await load(context, key)
        return None if found is None else wrap(found)

    return node


async def _referral_node(context: Context, key: UUID) -> Node | None:
    found = await referral_queries.referral(context, key)
    return None if found is None else await as_referral(context, found)


async def _rehire_node(context: Context, key: UUID) -> Node | None:
    found = await rehire_queries.application(context, key)
    return None if found is None else as_application(context, found)


# Global id type → the object, if the caller may see it: each loader checks the
# organization and the same permission as the type's lists (None: NOT_FOUND).
NODES = {
    "Person": _node(people_queries.person, lambda found: Person(model=found[0], access=found[1])),
    "Department": _node(people_queries.department, lambda row: Department(model=row)),
    "Offboarding": _node(offboarding_queries.offboarding, lambda row: Offboarding(model=row)),
    "Touchpoint": _node(touchpoint_queries.touchpoint, lambda row: Touchpoint(model=row)),
    "Segment": _node(segment_queries.segment, lambda row: Segment(model=row)),
    "JobOpening": _node(job_queries.opening, lambda row: JobOpening(model=row)),
    "Referral": _referral_node,
    "RehireApplication": _rehire_node,
}


@strawberry.type
class Query(
    PeopleQuery,
    OffboardingQuery,
    AuditQuery,
    OAuthAppQuery,
    SignInProviderQuery,
    HrisQuery,
    NewsletterQuery,
    TouchpointQuery,
    SegmentQuery,
    PrivacyQuery,
    JobQuery,
    ReferralQuery,
    RehireQuery,
):
    @guarded(
        SIGNED_IN, AppAccess.ANY_TOKEN, "Who is calling, in which organization, with which role."
    )
    def viewer(self, info: Info) -> Viewer:
        info.context.require_member()
        return Viewer()

    @guarded(
        SIGNED_IN,
        Scope.ALUMNI_READ,
        "Any object by global id. Ids of another organization, or of someone the caller "
        "may not see, answer NOT_FOUND.",
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        decoded = ids.decode_any(id)
        if decoded is None:
            raise BadUserInput("Malformed id.", field="id")
        type_name, key = decoded
        load = NODES.get(type_name)
        found = None if load is None else await load(info.context, key)
        if found is None:
            raise NotFound("No object with this id.", id=id)
        return found


@strawberry.type
class Mutation(
    PeopleMutation,
    OffboardingMutation,
    SessionMutation,
    MagicLinkMutation,
    OAuthAppMutation,
    OrganizationMutation,
    SignInProviderMutation,
    RosterMutation,
    HrisMutation,
    ConsentMutation,
    NewsletterMutation,
    TouchpointMutation,
    SegmentMutation,
    PrivacyMutation,
    JobMutation,
    ReferralMutation,
    RehireMutation,
):
    pass


class KizunaSchema(strawberry.Schema):
    def process_errors(self, errors: list, execution_context: object = None) -> None:
        """Expected errors are answers, not incidents: only MaskUnexpectedErrors logs, and
        only what it masks (with the request id)."""


def build_schema(*, production: bool = False) -> strawberry.Schema:
    extensions = [
        MaskUnexpectedErrors,
        BindContext,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        # Each request gets its own extension objects; the caches behind them are shared.
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        QueryLimiter,
    ]
    if production:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
        extensions.append(HideSuggestions)
    schema = KizunaSchema(
        query=Query,
        mutation=Mutation,
        types=[
            Person,
            Department,
            Offboarding,
            Touchpoint,
            Segment,
            JobOpening,
            Referral,
            RehireApplication,
        ],
        extensions=extensions,
        config=strawberry.schema.config.StrawberryConfig(),
    )
    resolve_guarded_attributes(schema)
    return schema
