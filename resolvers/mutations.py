"""Running a domain service for a mutation: expected failures become payload errors."""

from collections.abc import Awaitable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from domain.common.errors import DomainError, DomainErrors

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str | None
    code: StrEnum
    message: str


def camel_path(path: str | None, renames: dict[str, str] | None = None) -> str | None:
    """`employment.leave_date` → `employment.leaveDate`, as the client wrote it."""
    if path is None:
        return None
    if renames and path in renames:
        return renames[path]
    parts = []
    for part in path.split("."):
        head, *rest = part.split("_")
        parts.append(head + "".join(word.title() for word in rest))
    return ".".join(parts)


def field_error(error: DomainError, renames: dict[str, str] | None = None) -> FieldError:
    return FieldError(camel_path(error.field, renames), error.code, error.message)


async def run(
    work: Awaitable[T], renames: dict[str, str] | None = None
) -> tuple[T | None, list[FieldError]]:
    """The service's result, or the field errors that refused it (nothing was written)."""
    try:
        return await work, []
    except DomainErrors as refused:
        return None, [field_error(e, renames) for e in refused.errors]
    except DomainError as refused:
        return None, [field_error(refused, renames)]
