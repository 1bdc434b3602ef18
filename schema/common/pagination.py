"""Forward Relay pagination: `first` (1–100) and an opaque `after` cursor."""

import base64
import json
from datetime import date, datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

import strawberry

from domain.common.paging import MAX_PAGE_SIZE, Position
from resolvers.errors import BadUserInput

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 20


@strawberry.type(description="Where a page starts and ends, and whether more follow.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None

    @classmethod
    def after(cls, edges: list["Edge"], has_next: bool) -> "PageInfo":
        end_cursor = encode_cursor(*edges[-1].position) if edges else None
        return cls(has_next_page=has_next, end_cursor=end_cursor)


@strawberry.type(description="A node and the cursor to continue after it.")
class Edge(Generic[T]):
    node: T
    # The list, sort value and key the cursor encodes: encoded only when a client asks.
    position: strawberry.Private[tuple[str, Any, UUID]]

    @strawberry.field(description="Opaque; pass it as `after` to continue after this node.")
    def cursor(self) -> str:
        return encode_cursor(*self.position)


def check_first(first: int) -> int:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(
            f"`first` must be between 1 and {MAX_PAGE_SIZE}, got {first}.",
            field="first",
        )
    return first


def encode_cursor(listing: str, value: Any, key: UUID) -> str:
    """`listing` names the list and its ordering, so a cursor only continues its own list."""
    if isinstance(value, (date, datetime)):
        value = value.isoformat()
    return base64.urlsafe_b64encode(json.dumps([listing, value, str(key)]).encode()).decode()


def decode_cursor(cursor: str | None, listing: str, kind: type) -> Position | None:
    """The position a cursor names; the sort value is read back as `kind`."""
    if cursor is None:
        return None
    try:
        given_listing, value, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if given_listing != listing or not isinstance(key, str):
            raise TypeError(key)
        if kind is date:
            value = date.fromisoformat(value)
        elif kind is datetime:
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:  # e.g. a date: a cursor of another ordering
                raise ValueError(value)
        elif not isinstance(value, kind):
            raise TypeError(value)
        return Position(value=value, key=UUID(key))
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise BadUserInput("`after` is not a cursor from this list.", field="after") from None
