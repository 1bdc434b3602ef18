"""Query limits, checked right after parsing and before validation or execution:

- depth: at most MAX_DEPTH levels of fields below the root fields;
- aliases: at most MAX_ALIASES in the document;
- cost: every field costs 1, and a connection multiplies what is under it by `first`,
  weighed with the request's variables so that `first: $n` counts as the value actually
  sent (GitHub and Shopify do the same).

One walk computes all three, weighing each fragment once however often it is spread: a few
hundred tokens of nested fragments expand to billions of fields, and a walk that followed
every spread would run for hours. Doing depth and aliases here (rather than with
strawberry's limiter extensions, which build new validation rules per request) also keeps
the validation cache effective.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from domain.common.paging import MAX_PAGE_SIZE
from resolvers.errors import QueryTooComplex
from schema.common.pagination import DEFAULT_PAGE_SIZE

MAX_COST = 25_000
MAX_DEPTH = 10
MAX_ALIASES = 15
# Fields that return connections; their default page size counts when `first` is omitted.
CONNECTION_FIELDS = {"alumni", "employees", "departments"}


class QueryLimiter(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        yield
        context = self.execution_context
        document = context.graphql_document
        if document is None:  # a syntax error, already reported
            return
        check_limits(document, context.operation_name, context.variables)


def check_limits(
    document: DocumentNode, operation_name: str | None, variables: dict | None
) -> None:
    aliases = _count_aliases(document)
    if aliases > MAX_ALIASES:
        raise QueryTooComplex(f"{aliases} aliases found. Allowed: {MAX_ALIASES}")
    operation = _operation(document, operation_name)
    if operation is None:
        return  # validation reports the missing or ambiguous operation
    weight = _Walk(document, variables or {}).selections(operation.selection_set)
    if weight.depth > MAX_DEPTH:
        name = operation.name.value if operation.name else "anonymous"
        raise QueryTooComplex(f"'{name}' exceeds maximum operation depth of {MAX_DEPTH}")
    if weight.cost > MAX_COST:
        raise QueryTooComplex(
            f"The query costs {weight.cost}, over the limit of {MAX_COST}: "
            "ask for smaller pages or fewer nested lists.",
            cost=weight.cost,
            limit=MAX_COST,
        )


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        operations = [o for o in operations if o.name and o.name.value == name]
    return operations[0] if len(operations) == 1 or (name and operations) else None


def _count_aliases(document: DocumentNode) -> int:
    """Aliases anywhere in the document, fragments and unused operations included."""
    count = 0
    pending = [d.selection_set for d in document.definitions if hasattr(d, "selection_set")]
    while pending:
        selection_set = pending.pop()
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode) and selection.alias is not None:
                count += 1
            pending.append(getattr(selection, "selection_set", None))
    return count


def _page_size(field: FieldNode, variables: dict) -> int:
    """At most MAX_PAGE_SIZE: a larger `first` is refused with its own error before any row
    is read, and the check runs before validation (where an Int over 32 bits is refused)."""
    return max(1, min(abs(_first(field, variables)), MAX_PAGE_SIZE))


def _first(field: FieldNode, variables: dict) -> int:
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


@dataclass(frozen=True)
class Weight:
    cost: int = 0
    depth: int = 0  # levels of fields below the top of this selection set


class _Walk:
    def __init__(self, document: DocumentNode, variables: dict) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = variables
        self.fragment_weights: dict[str, Weight] = {}
        self.open: set[str] = set()  # fragments being weighed: a cycle adds nothing

    def selections(self, selection_set: SelectionSetNode | None) -> Weight:
        cost, depth = 0, 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.selection_set is None:
                    cost += 1
                    continue
                below = self.selections(selection.selection_set)
                cost += 1 + _page_size(selection, self.variables) * below.cost
                depth = max(depth, 1 + below.depth)
            else:
                inner = (
                    self.selections(selection.selection_set)
                    if isinstance(selection, InlineFragmentNode)
                    else self.fragment(selection.name.value)
                    if isinstance(selection, FragmentSpreadNode)
                    else Weight()
                )
                cost += inner.cost
                depth = max(depth, inner.depth)
        return Weight(cost, depth)

    def fragment(self, name: str) -> Weight:
        if name not in self.fragment_weights:
            if name not in self.fragments or name in self.open:
                return Weight()  # unknown or cyclic: validation refuses the document anyway
            self.open.add(name)
            self.fragment_weights[name] = self.selections(self.fragments[name].selection_set)
            self.open.discard(name)
        return self.fragment_weights[name]
