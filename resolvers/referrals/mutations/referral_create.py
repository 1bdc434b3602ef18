from typing import Any

from domain.referrals.models import Referral
from domain.referrals.services import submit_referral
from domain.referrals.validation import CandidateDraft
from resolvers.context import Context
from resolvers.mutations import FieldError, run
from resolvers.referrals.mutations.ids import key_of


async def referral_create(context: Context, data: Any) -> tuple[Referral | None, list[FieldError]]:
    principal = context.require_member()
    key, errors = key_of(data.opening_id, "JobOpening", "openingId")
    if key is None:
        return None, errors
    draft = CandidateDraft(
        name=data.candidate_name,
        name_kana=data.candidate_name_kana,
        email=data.candidate_email,
        phone=data.candidate_phone,
        relationship=data.relationship,
        note=data.note,
        resume_url=data.resume_url,
        consents_to_contact=data.candidate_consents_to_contact,
    )
    found, errors = await run(
        submit_referral(principal.organization_id, context.actor, context.viewer, key, draft)
    )
    if found is not None:
        await found.fetch_related("opening")
    return found, errors
