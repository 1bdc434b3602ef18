from typing import Any

from domain.hris.error_codes import MESSAGES, HrisSettingsErrorCode
from domain.hris.models import HrisEmployeeId, HrisProvider
from domain.hris.services import set_employee_id
from resolvers import ids
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def hris_employee_id_set(
    context: Context, data: Any
) -> tuple[HrisEmployeeId | None, list[FieldError]]:
    principal = context.require_member()
    key = ids.decode(data.person_id, "Person")
    if key is None:
        code = HrisSettingsErrorCode.NOT_FOUND
        return None, [FieldError("personId", code, MESSAGES[code])]
    return await run(
        set_employee_id(
            principal.organization_id,
            context.actor,
            key,
            HrisProvider(data.provider),
            data.employee_id,
        )
    )
