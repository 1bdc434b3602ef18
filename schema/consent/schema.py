"""Mutation fields of the consent ledger (the reading fields are on Person)."""

import strawberry

from auth.scopes import Scope
from resolvers.consent.mutations.consent_record import consent_record
from resolvers.context import Context
from schema.common.permissions import CONSENT_RECORDERS, guarded_mutation
from schema.consent.errors import ConsentError
from schema.consent.inputs import ConsentRecordInput
from schema.consent.payloads import ConsentRecordPayload
from schema.consent.types import ConsentRecord

Info = strawberry.Info[Context]


@strawberry.type
class ConsentMutation:
    @guarded_mutation(
        CONSENT_RECORDERS,
        Scope.ALUMNI_WRITE,
        "Record a consent decision in the ledger (a new row; nothing is overwritten). An "
        "alumnus records their own, as SELF_SERVICE; hr records anyone's in the organization, "
        "as HR_ON_PERSONS_WORD or OFFBOARDING_FORM. Recording the decision the consent already "
        "has writes nothing. A withdrawal stops every message of that purpose and channel not "
        "yet sent.",
    )
    async def consent_record(self, info: Info, input: ConsentRecordInput) -> ConsentRecordPayload:
        record, errors = await consent_record(info.context, input)
        return ConsentRecordPayload(
            consent=None if record is None else ConsentRecord(model=record),
            errors=[ConsentError(field=e.field, code=e.code, message=e.message) for e in errors],
        )
