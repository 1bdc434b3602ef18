from typing import Any

from domain.consent.error_codes import MESSAGES, ConsentErrorCode
from domain.consent.models import ConsentDecision, ConsentRecord
from domain.consent.services import record_consent_as
from resolvers import ids
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def consent_record(
    context: Context, data: Any
) -> tuple[ConsentRecord | None, list[FieldError]]:
    principal = context.require_member()
    person_id = None
    if data.person_id is not None:
        person_id = ids.decode(data.person_id, "Person")
        if person_id is None:
            code = ConsentErrorCode.NOT_FOUND
            return None, [FieldError("personId", code, MESSAGES[code])]
    return await run(
        record_consent_as(
            principal.organization,
            context.viewer,
            context.actor,
            person_id,
            data.purpose,
            data.channel,
            ConsentDecision.GRANTED if data.granted else ConsentDecision.WITHDRAWN,
            data.source,
            data.note,
        ),
        renames={"person_id": "personId"},
    )
