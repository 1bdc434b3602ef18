"""Reading a value that must be one of an enum's."""

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class NotAChoice(ValueError):
    """The value is none of the enum's; the message lists the allowed ones."""


def one_of(kind: type[E], value: object) -> E:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise NotAChoice(f"Must be one of: {allowed}.") from None
