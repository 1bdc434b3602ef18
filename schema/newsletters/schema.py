"""Newsletters: hr and executives send them and see how they went."""

from datetime import datetime

import strawberry

from auth.scopes import AppAccess
from resolvers.context import Context
from resolvers.newsletters.mutations.newsletter_send import newsletter_send
from resolvers.newsletters.queries import newsletters_page
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    Edge,
    PageInfo,
    check_first,
    decode_cursor,
)
from schema.common.permissions import HR_OR_EXECUTIVE, guarded, guarded_mutation
from schema.newsletters.types import (
    Newsletter,
    NewsletterConnection,
    NewsletterError,
    NewsletterSendInput,
    NewsletterSendPayload,
)

Info = strawberry.Info[Context]
LISTING = "newsletters"


@strawberry.type
class NewsletterQuery:
    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Newsletters sent, newest first, with how their deliveries went.",
    )
    async def newsletters(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> NewsletterConnection:
        rows, has_next = await newsletters_page(
            info.context, check_first(first), decode_cursor(after, LISTING, datetime)
        )
        edges = [
            Edge(
                position=(LISTING, row.created_at, row.id),
                node=Newsletter(model=row, delivery_counts=counts),
            )
            for row, counts in rows
        ]
        return NewsletterConnection(edges=edges, page_info=PageInfo.after(edges, has_next))


@strawberry.type
class NewsletterMutation:
    @guarded_mutation(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "Send a newsletter by email to the organization's alumni: one delivery per alumnus, "
        "each sent only if, when its turn comes, the alumnus has granted newsletter consent by "
        "email and has a personal email.",
    )
    async def newsletter_send(
        self, info: Info, input: NewsletterSendInput
    ) -> NewsletterSendPayload:
        sent, errors = await newsletter_send(info.context, input)
        return NewsletterSendPayload(
            newsletter=None if sent is None else Newsletter(model=sent[0], delivery_counts=sent[1]),
            errors=[NewsletterError(field=e.field, code=e.code, message=e.message) for e in errors],
        )
