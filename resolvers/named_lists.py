"""Lists of an organization's named things (departments, segments): by name, then id, one
keyset page at a time."""

from typing import Any

from tortoise.models import Model

from domain.common.paging import Position, keyset_page
from resolvers.context import Context


async def by_name_page(
    context: Context, model: type[Model], first: int, after: Position | None
) -> tuple[list[Any], bool]:
    """A page of the caller's organization's rows of `model`, and whether more follow."""
    return await keyset_page(
        model.filter(organization_id=context.viewer.organization_id),
        sort_field="name",
        key_field="id",
        descending=False,
        first=first,
        after=after,
    )
