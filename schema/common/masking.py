"""Unexpected errors reach the client as "Unexpected error." with the request id; the real
error is logged with the same id. Typed API errors and query validation errors pass through.
In production, validation errors lose their "Did you mean …?" hints: with introspection off,
they would still spell out the schema to whoever guesses names."""

import logging
import re
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from resolvers.errors import ApiError

log = logging.getLogger("kizuna.api")
# graphql-core appends its hints as one last sentence: " Did you mean 'a', 'b', or 'c'?"
SUGGESTION = re.compile(r" Did you mean [^?]*\?")


class MaskUnexpectedErrors(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        request_id = getattr(self.execution_context.context, "request_id", None)
        result.errors = [self._mask(error, request_id) for error in result.errors]

    def _mask(self, error: GraphQLError, request_id: str | None) -> GraphQLError:
        original = error.original_error
        if original is None or isinstance(original, ApiError) or isinstance(error, ApiError):
            return error
        if isinstance(original, GraphQLError) and original.original_error is None:
            return error  # a GraphQL-level error (e.g. a bad variable), not a crash
        log.error(
            "unexpected error in %s",
            ".".join(str(p) for p in error.path or []),
            exc_info=original,
            extra={"request_id": request_id},
        )
        return GraphQLError(
            "Unexpected error.",
            nodes=error.nodes,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
        )


class HideSuggestions(SchemaExtension):
    """Strips "Did you mean …?" from error messages (graphql-core's `hide_suggestions`, which
    strawberry does not pass on). Errors are rebuilt, not changed: the validation cache
    shares them between requests and schemas."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        result.errors = [_without_suggestion(error) for error in result.errors]


def _without_suggestion(error: GraphQLError) -> GraphQLError:
    message = SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )
