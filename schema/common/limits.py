"""Query cost: every field costs 1, and a connection multiplies what is under it by `first`.

Runs after validation and before execution, with the request's variables, so that
`first: $n` is weighed by the value actually sent (GitHub and Shopify do the same).
"""

from collections.abc import Iterator

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from graphql.execution import ExecutionResult
from strawberry.extensions import SchemaExtension

from resolvers.errors import QueryTooComplex
from schema.common.pagination import DEFAULT_PAGE_SIZE

MAX_COST = 25_000


class QueryCostLimiter(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.result is None:
            cost = query_cost(document.definitions, context.operation_name, context.variables)
            if cost > MAX_COST:
                context.result = ExecutionResult(
                    data=None,
                    errors=[
                        QueryTooComplex(
                            f"The query costs {cost}, over the limit of {MAX_COST}: "
                            "ask for smaller pages or fewer nested lists.",
                            cost=cost,
                            limit=MAX_COST,
                        )
                    ],
                )
        yield


def query_cost(definitions: tuple, operation_name: str | None, variables: dict | None) -> int:
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    variables = variables or {}
    return sum(_cost(o.selection_set, fragments, variables, set()) for o in operations[:1])


def _page_size(field: FieldNode, variables: dict) -> int:
    for argument in field.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            if isinstance(value, VariableNode):
                given = variables.get(value.name.value)
                return given if isinstance(given, int) else DEFAULT_PAGE_SIZE
            try:
                return int(value.value)  # type: ignore[attr-defined]
            except (AttributeError, TypeError, ValueError):
                return DEFAULT_PAGE_SIZE
    return DEFAULT_PAGE_SIZE if field.name.value in CONNECTION_FIELDS else 1


# Fields that return connections; their default page size counts when `first` is omitted.
CONNECTION_FIELDS = {"alumni", "employees", "departments"}


def _selections(
    selection_set: SelectionSetNode | None, fragments: dict, seen: set[str]
) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:  # validation rejects cycles anyway
                yield from _selections(fragments[name].selection_set, fragments, seen | {name})


def _cost(
    selection_set: SelectionSetNode | None, fragments: dict, variables: dict, seen: set
) -> int:
    total = 0
    for field in _selections(selection_set, fragments, seen):
        children = _cost(field.selection_set, fragments, variables, seen)
        total += 1 + max(1, abs(_page_size(field, variables))) * children
    return total
