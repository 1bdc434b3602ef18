from typing import Any

from domain.people.models import Person
from domain.people.services import PERSON_FIELDS, PROFILE_FIELDS, update_person
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.people.mutations.ids import person_key


def _given(data: Any, names: dict[str, Any]) -> dict[str, Any]:
    """Only the fields the client sent (strawberry's Maybe: None when absent)."""
    given = {}
    for name in names:
        value = getattr(data, name, None)
        if value is not None:
            given[name] = value.value
    return given


async def person_update(context: Context, data: Any) -> tuple[Person | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = person_key(data.id, "id")
    if key is None:
        return None, errors
    profile = data.alumni_profile
    return await run(
        update_person(
            principal.organization,
            context.actor,
            key,
            _given(data, PERSON_FIELDS),
            {} if profile is None else _given(profile, PROFILE_FIELDS),
        ),
        renames={"person_id": "id"},
    )
