"""Global ids in people inputs, read into keys or a precise field error."""

from typing import Any
from uuid import UUID

from domain.people.error_codes import PeopleErrorCode
from resolvers import ids
from resolvers.mutations import FieldError


def person_key(global_id: str, field: str) -> tuple[UUID | None, list[FieldError]]:
    key = ids.decode(global_id, "Person")
    if key is None:
        return None, [FieldError(field, PeopleErrorCode.NOT_FOUND, "No such person.")]
    return key, []


def department_and_manager(
    employment: Any,
) -> tuple[UUID | None, UUID | None, list[FieldError]]:
    department_id = manager_id = None
    errors: list[FieldError] = []
    if employment.department_id is not None:
        department_id = ids.decode(employment.department_id, "Department")
        if department_id is None:
            errors.append(
                FieldError(
                    "employment.departmentId",
                    PeopleErrorCode.DEPARTMENT_NOT_FOUND,
                    "No such department in this organization.",
                )
            )
    if employment.manager_id is not None:
        manager_id = ids.decode(employment.manager_id, "Person")
        if manager_id is None:
            errors.append(
                FieldError(
                    "employment.managerId",
                    PeopleErrorCode.MANAGER_NOT_FOUND,
                    "No such manager in this organization.",
                )
            )
    return department_id, manager_id, errors
