from typing import Any

from domain.people.models import Department
from domain.people.services import create_department
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def department_create(
    context: Context, data: Any
) -> tuple[Department | None, list[FieldError]]:
    principal = context.require_member()
    return await run(create_department(principal.organization, context.actor, data.name))
