from domain.people.queries import AlumniFilter
from domain.segments.models import Segment
from domain.segments.services import save_segment
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def segment_save(
    context: Context, name: str, wanted: AlumniFilter
) -> tuple[Segment | None, list[FieldError]]:
    """`wanted` was checked exactly as the `alumni` query checks its filter."""
    principal = context.require_member()
    return await run(save_segment(principal.organization, context.actor, name, wanted))
