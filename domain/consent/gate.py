"""THE gate every message passes: nothing is sent to a person without the consent its
purpose needs, on the channel it goes by, as recorded in the ledger at the moment of sending.

Senders (newsletters now; events and campaigns later) call `may_contact` right before each
send, not when they queue it, so that a consent withdrawn after queuing stops the send.
"""

from uuid import UUID

from domain.consent.models import (
    CHANNELLESS_PURPOSES,
    ConsentChannel,
    ConsentDecision,
    ConsentPurpose,
    ConsentRecord,
)


async def current_record(
    organization_id: UUID,
    person_id: UUID,
    purpose: ConsentPurpose,
    channel: ConsentChannel | None,
) -> ConsentRecord | None:
    """The latest ledger row of one consent (one index lookup), or None: never asked."""
    return (
        await ConsentRecord.filter(
            organization_id=organization_id, person_id=person_id, purpose=purpose, channel=channel
        )
        .order_by("-recorded_at")
        .first()
    )


async def may_contact(
    organization_id: UUID, person_id: UUID, purpose: ConsentPurpose, channel: ConsentChannel
) -> bool:
    """Whether a message for `purpose` may reach this person on `channel` now: their latest
    decision for exactly that purpose and channel is `granted`, and they are a current
    (not archived) person of the organization. Never asked means no. One query."""
    if purpose in CHANNELLESS_PURPOSES:
        raise ValueError(f"{purpose.value} is not a purpose of contacting anyone")
    decision = (
        await ConsentRecord.filter(
            organization_id=organization_id,
            person_id=person_id,
            purpose=purpose,
            channel=channel,
            person__archived_at=None,
            person__erased_at=None,  # erasure archives too; this holds even if that changes
        )
        .order_by("-recorded_at")
        .first()
        .values_list("decision", flat=True)
    )
    return decision == ConsentDecision.GRANTED
