from typing import Any

from domain.newsletters.models import DeliveryStatus, Newsletter
from domain.newsletters.services import delivery_counts, send_newsletter
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def newsletter_send(
    context: Context, data: Any
) -> tuple[tuple[Newsletter, dict[DeliveryStatus, int]] | None, list[FieldError]]:
    principal = context.require_member()
    newsletter, errors = await run(
        send_newsletter(principal.organization, context.actor, data.subject, data.body)
    )
    if newsletter is None:
        return None, errors
    counts = await delivery_counts(principal.organization_id, [newsletter.id])
    return (newsletter, counts[newsletter.id]), []
