from typing import Any

from domain.segments.error_codes import SegmentErrorCode
from domain.segments.models import Segment
from domain.segments.services import delete_segment
from resolvers import ids
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def segment_delete(context: Context, data: Any) -> tuple[Segment | None, list[FieldError]]:
    principal = context.require_member()
    key = ids.decode(data.id, "Segment")
    if key is None:
        return None, [FieldError("id", SegmentErrorCode.NOT_FOUND, "No such segment.")]
    return await run(delete_segment(principal.organization, context.actor, key))
