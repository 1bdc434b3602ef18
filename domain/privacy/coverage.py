"""Which tables hold a person's rows: the foreign keys that lead to a person or a user.

Export sections and erasure steps name the links they handle (or, in `NOT_EXPORTED` and
`KEPT`, why they leave one alone). A test compares those names with the links the models
have, so a table added later with a key to a person or a user cannot be forgotten by either.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise import Tortoise

Link = tuple[str, str]  # (model name, foreign key field name)
PEOPLE = ("Person", "User")


def links_to_people() -> set[Link]:
    """Every foreign key that leads to a person or a user, directly or through rows that do
    (RefreshToken → Session → User). Read from the models Tortoise loaded."""
    models = Tortoise.apps["models"]
    owned, links = set(PEOPLE), set()
    grown = True
    while grown:
        grown = False
        for name, model in models.items():
            for field_name in model._meta.fk_fields | model._meta.o2o_fields:
                target = model._meta.fields_map[field_name].related_model.__name__
                if target in owned and (name, field_name) not in links:
                    links.add((name, field_name))
                    grown = grown or name not in owned
                    owned.add(name)
    return links


@dataclass(frozen=True)
class Part:
    """One export section or erasure step, and the links whose rows it handles."""

    name: str
    links: tuple[Link, ...]
    run: Callable[..., Awaitable[Any]]


class Parts(list[Part]):
    """An ordered registry: `@parts.add("name", ("Model", "field"), …)` on each function."""

    def add(self, name: str, *links: Link) -> Callable[[Callable], Callable]:
        def register(function: Callable) -> Callable:
            self.append(Part(name, links, function))
            return function

        return register

    @property
    def links(self) -> set[Link]:
        return {link for part in self for link in part.links}
