"""The audit log, for hr and executives."""

from datetime import datetime
from typing import Annotated

import strawberry

from auth.scopes import AppAccess
from domain.audit.queries import AuditFilter
from domain.common.text import has_control_characters
from resolvers.audit.queries import audit_page
from resolvers.context import Context
from resolvers.errors import BadUserInput
from schema.audit.types import AuditEvent, AuditEventConnection
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    Edge,
    PageInfo,
    check_first,
    decode_cursor,
)
from schema.common.permissions import HR_OR_EXECUTIVE, guarded

Info = strawberry.Info[Context]
MAX_ACTION_LENGTH = 64
LISTING = "auditEvents"


def _filter(action: str | None, since: datetime | None, until: datetime | None) -> AuditFilter:
    if action is not None and (len(action) > MAX_ACTION_LENGTH or has_control_characters(action)):
        raise BadUserInput(
            f"`action` is an event name of at most {MAX_ACTION_LENGTH} characters.",
            field="action",
        )
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            raise BadUserInput(f"`{name}` needs a time zone offset (e.g. `Z`).", field=name)
    if since is not None and until is not None and since >= until:
        raise BadUserInput("`since` must be before `until`.", field="since")
    return AuditFilter(action=action, since=since, until=until)


@strawberry.type
class AuditQuery:
    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "The organization's audit log, newest first: sign-ins, sessions, password changes "
        "and every change to its records.",
    )
    async def audit_events(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        action: Annotated[
            str | None, strawberry.argument(description="Only this action, e.g. `auth.sign_in`.")
        ] = None,
        since: Annotated[
            datetime | None, strawberry.argument(description="Recorded at or after this time.")
        ] = None,
        until: Annotated[
            datetime | None, strawberry.argument(description="Recorded before this time.")
        ] = None,
    ) -> AuditEventConnection:
        rows, has_next = await audit_page(
            info.context,
            _filter(action, since, until),
            check_first(first),
            decode_cursor(after, LISTING, datetime),
        )
        edges = [
            Edge(position=(LISTING, row.created_at, row.id), node=AuditEvent(model=row))
            for row in rows
        ]
        return AuditEventConnection(edges=edges, page_info=PageInfo.after(edges, has_next))
