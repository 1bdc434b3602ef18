"""Privacy rights: a person's data export (query) and erasure (mutation)."""

import strawberry
from strawberry.scalars import JSON

from auth.scopes import AppAccess
from resolvers.context import Context
from resolvers.privacy.mutations.person_erase import person_erase
from resolvers.privacy.queries import person_data_export
from schema.common.permissions import HR, PERSON_DATA_EXPORTERS, guarded, guarded_mutation
from schema.privacy.errors import PrivacyError
from schema.privacy.inputs import PersonEraseInput
from schema.privacy.payloads import PersonErasePayload
from schema.privacy.types import PersonErasure

Info = strawberry.Info[Context]


@strawberry.type
class PrivacyQuery:
    @guarded(
        PERSON_DATA_EXPORTERS,
        AppAccess.FIRST_PARTY,
        "Everything the organization holds about one person, as one JSON document "
        "(`formatVersion` 1): the person, employment periods, employee numbers, alumni "
        "profile, skills and tags, sign-in account, sessions, one-time links, consent "
        "history, newsletter deliveries, touchpoints, off-boardings with their exit "
        "interviews, HR system ids and the audit events about them. Never a password, token "
        "or secret. Audited as `person.exported`. Anyone else's id answers FORBIDDEN for a "
        "member who is not hr or an executive; an id of no person in the organization "
        "answers NOT_FOUND.",
    )
    async def person_data_export(self, info: Info, person_id: strawberry.ID) -> JSON:
        return await person_data_export(info.context, person_id)


@strawberry.type
class PrivacyMutation:
    @guarded_mutation(
        HR,
        AppAccess.FIRST_PARTY,
        "Erase an alumnus's personal data, in one transaction, keeping what counts are made "
        "of: names become 削除済み; contact data, free text, skills and tags, employee "
        "numbers, HR system ids, the sign-in account with its sessions and links, and the "
        "details of audit events about them are removed; dates, departments, exit reasons "
        "and scores, touchpoint kinds and consent decisions stay. The person leaves every "
        "list and is never contacted again. Refused for current employees "
        "(STILL_EMPLOYED); erasing again changes nothing (ALREADY_ERASED). Audited as "
        "`person.erased`. Cannot be undone.",
    )
    async def person_erase(self, info: Info, input: PersonEraseInput) -> PersonErasePayload:
        erasure, errors = await person_erase(info.context, input)
        return PersonErasePayload(
            erasure=None if erasure is None else PersonErasure(model=erasure),
            errors=[PrivacyError(field=e.field, code=e.code, message=e.message) for e in errors],
        )
