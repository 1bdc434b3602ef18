from typing import Any

from domain.people.models import Person
from domain.people.services import archive_person
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.people.mutations.ids import person_key


async def person_archive(context: Context, data: Any) -> tuple[Person | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = person_key(data.id, "id")
    if key is None:
        return None, errors
    return await run(
        archive_person(principal.organization, context.actor, key), renames={"person_id": "id"}
    )
