"""Keyset pagination in the database: stable under inserts, constant cost per page."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class Position:
    """Where the previous page ended: the sort value and the tie-breaking key."""

    value: Any
    key: Any


async def keyset_page(
    queryset: QuerySet,
    *,
    sort_field: str,
    key_field: str,
    descending: bool,
    first: int,
    after: Position | None,
    read: Callable[[QuerySet], Awaitable[list[Any]]] | None = None,
) -> tuple[list[Any], bool]:
    """Rows after `after` in (sort, key) order, and whether more follow. `read` runs the
    final query (default: models; domain.common.rows.lazy_rows for listed pages)."""
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise ValueError(f"first must be between 1 and {MAX_PAGE_SIZE}")
    if after is not None:
        beyond = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{sort_field}__{beyond}": after.value})
            | Q(**{sort_field: after.value, f"{key_field}__{beyond}": after.key})
        )
    sign = "-" if descending else ""
    page = queryset.order_by(f"{sign}{sort_field}", f"{sign}{key_field}").limit(first + 1)
    rows = await (page if read is None else read(page))
    return list(rows[:first]), len(rows) > first


async def newest_first(
    queryset: QuerySet, *, sort_field: str, first: int, after: Position | None
) -> tuple[list[Any], bool]:
    """A page of a log or ledger: newest first by `sort_field`, ties broken by id."""
    return await keyset_page(
        queryset, sort_field=sort_field, key_field="id", descending=True, first=first, after=after
    )
