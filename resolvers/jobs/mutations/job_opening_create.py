from typing import Any

from domain.jobs.models import JobOpening
from domain.jobs.services import create_opening
from resolvers.context import Context
from resolvers.jobs.mutations.ids import key_of
from resolvers.mutations import FieldError, run


async def job_opening_create(
    context: Context, data: Any
) -> tuple[JobOpening | None, list[FieldError]]:
    principal = context.require_member()
    department, errors = key_of(data.department_id, "departmentId")
    manager, manager_errors = key_of(data.hiring_manager_id, "hiringManagerId")
    if errors or manager_errors:
        return None, errors + manager_errors
    values = {
        "title": data.title,
        "employment_type": data.employment_type,
        "department_id": department,
        "description": data.description,
        "location": data.location,
        "hiring_manager_id": manager,
        "visible_to_alumni": data.visible_to_alumni,
        "accepting_referrals": data.accepting_referrals,
    }
    return await run(create_opening(principal.organization_id, context.actor, values))
