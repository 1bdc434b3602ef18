from domain.audit.models import AuditEvent
from domain.audit.queries import AuditFilter, audit_events
from domain.common.paging import Position, newest_first
from resolvers.context import Context


async def audit_page(
    context: Context, wanted: AuditFilter, first: int, after: Position | None
) -> tuple[list[AuditEvent], bool]:
    """A page of the caller's organization's audit log, newest first."""
    return await newest_first(
        audit_events(context.viewer.organization_id, wanted),
        sort_field="created_at",
        first=first,
        after=after,
    )
