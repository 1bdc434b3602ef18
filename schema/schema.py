"""The one GraphQL schema: root types, limits and error masking."""

import strawberry
from graphql import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from resolvers import ids
from resolvers.errors import BadUserInput, NotFound
from resolvers.people import queries as people_queries
from schema.accounts.types import Info, Viewer
from schema.common.limits import QueryCostLimiter
from schema.common.masking import MaskUnexpectedErrors
from schema.common.node import Node
from schema.common.permissions import SIGNED_IN, guarded
from schema.people.schema import PeopleMutation, PeopleQuery
from schema.people.types import Department, Person

MAX_DEPTH = 10
MAX_TOKENS = 2_000
MAX_ALIASES = 15


@strawberry.type
class Query(PeopleQuery):
    @guarded(SIGNED_IN, "Who is calling, in which organization, with which role.")
    def viewer(self, info: Info) -> Viewer:
        info.context.require_member()
        return Viewer()

    @guarded(
        SIGNED_IN,
        "Any object by global id. Ids of another organization, or of someone the caller "
        "may not see, answer NOT_FOUND.",
    )
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        decoded = ids.decode_any(id)
        if decoded is None:
            raise BadUserInput("Malformed id.", field="id")
        type_name, key = decoded
        if type_name == "Person":
            found = await people_queries.person(info.context, key)
            if found is not None:
                return Person(model=found[0], access=found[1])
        elif type_name == "Department":
            department = await people_queries.department(info.context, key)
            if department is not None:
                return Department(model=department)
        raise NotFound("No object with this id.", id=id)


@strawberry.type
class Mutation(PeopleMutation):
    pass


def build_schema(*, production: bool = False) -> strawberry.Schema:
    extensions = [
        MaskUnexpectedErrors,
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        # Each request gets its own extension objects; the caches behind them are shared.
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
        QueryCostLimiter,
    ]
    if production:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[Person, Department],
        extensions=extensions,
        config=strawberry.schema.config.StrawberryConfig(),
    )
