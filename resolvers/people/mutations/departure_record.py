from typing import Any

from domain.people.models import Person, RehireEligibility
from domain.people.services import record_departure
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.people.mutations.ids import person_key


async def departure_record(context: Context, data: Any) -> tuple[Person | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = person_key(data.person_id, "personId")
    if key is None:
        return None, errors
    eligibility = data.rehire_eligibility
    return await run(
        record_departure(
            principal.organization,
            context.actor,
            key,
            data.leave_date,
            None if eligibility is None else RehireEligibility(eligibility),
            data.rehire_note,
        )
    )
