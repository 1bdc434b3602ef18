"""Saved segments: named alumni filters for campaigns and events."""

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from auth.scopes import Scope
from domain.segments.error_codes import SegmentErrorCode as SegmentErrorCodeValue
from domain.segments.filters import from_json
from domain.segments.models import Segment as SegmentModel
from resolvers import ids
from resolvers.errors import BadUserInput
from resolvers.named_lists import by_name_page
from resolvers.segments.mutations.segment_delete import segment_delete
from resolvers.segments.mutations.segment_save import segment_save
from schema.common.node import Node
from schema.common.pagination import (
    DEFAULT_PAGE_SIZE,
    Edge,
    PageInfo,
    check_first,
    decode_cursor,
)
from schema.common.permissions import (
    HR_OR_EXECUTIVE,
    STAFF_WHO_MANAGE,
    guarded,
    guarded_mutation,
    guarded_type,
)
from schema.people.filters import alumni_filter
from schema.people.inputs import AlumniFilterInput, AlumniOrderInput
from schema.people.schema import alumni_connection
from schema.people.types import Info, PersonConnection

SegmentErrorCode = strawberry.enum(
    SegmentErrorCodeValue, name="SegmentErrorCode", description="Why a segment was refused."
)


@guarded_type(description="A named, reusable filter over the alumni roster.")
class Segment(Node):
    model: strawberry.Private[SegmentModel]

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Segment", self.model.id))

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "Name, unique in the organization.")
    def name(self) -> str:
        return self.model.name

    @guarded(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_READ,
        "The stored filter: the filters in use of `AlumniFilterInput`, in snake_case.",
    )
    def filter(self) -> JSON:
        return self.model.alumni_filter

    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "When the filter was last saved.")
    def updated_at(self) -> datetime:
        return self.model.updated_at

    @guarded(
        STAFF_WHO_MANAGE,
        Scope.ALUMNI_READ,
        "The alumni matching the filter that the caller may see: the `alumni` query run with "
        "this filter, so the same people and the same refusals (e.g. restricted filters).",
    )
    async def members(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        order_by: AlumniOrderInput | None = None,
    ) -> PersonConnection:
        wanted = from_json(self.model.alumni_filter)
        return await alumni_connection(info.context, wanted, order_by, first, after)


@strawberry.type(description="A page of segments, by name.")
class SegmentConnection:
    edges: list[Edge[Segment]]
    page_info: PageInfo


@strawberry.type(description="Why a segment mutation was refused, and which input field.")
class SegmentError:
    field: str | None = strawberry.field(description="Input path, e.g. `filter.search`.")
    code: SegmentErrorCode
    message: str


@strawberry.input(description="A segment to create, or to replace the filter of, by name.")
class SegmentSaveInput:
    name: str = strawberry.field(description="At most 100 characters.")
    filter: AlumniFilterInput = strawberry.field(
        description="Checked exactly as the `alumni` query checks its filter."
    )


@strawberry.input(description="The segment to delete.")
class SegmentDeleteInput:
    id: strawberry.ID


@strawberry.type(description="The saved segment, or why not.")
class SegmentSavePayload:
    segment: Segment | None
    errors: list[SegmentError]


@strawberry.type(description="The deleted segment's id, or why not.")
class SegmentDeletePayload:
    deleted_id: strawberry.ID | None
    errors: list[SegmentError]


def _errors(errors: list) -> list[SegmentError]:
    return [SegmentError(field=e.field, code=e.code, message=e.message) for e in errors]


@strawberry.type
class SegmentQuery:
    @guarded(STAFF_WHO_MANAGE, Scope.ALUMNI_READ, "Saved segments of the organization, by name.")
    async def segments(
        self, info: Info, first: int = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> SegmentConnection:
        rows, has_next = await by_name_page(
            info.context, SegmentModel, check_first(first), decode_cursor(after, "segments", str)
        )
        edges = [
            Edge(position=("segments", row.name, row.id), node=Segment(model=row)) for row in rows
        ]
        return SegmentConnection(edges=edges, page_info=PageInfo.after(edges, has_next))


@strawberry.type
class SegmentMutation:
    @guarded_mutation(
        HR_OR_EXECUTIVE,
        Scope.ALUMNI_WRITE,
        "Save a segment: create it, or replace the filter of the segment with this name.",
    )
    async def segment_save(self, info: Info, input: SegmentSaveInput) -> SegmentSavePayload:
        try:
            wanted = alumni_filter(input.filter)
        except BadUserInput as refused:  # what the alumni query refuses is a payload error here
            field = (refused.extensions or {}).get("field")
            error = SegmentError(
                field=field if isinstance(field, str) else None,
                code=SegmentErrorCodeValue.INVALID_FILTER,
                message=refused.message,
            )
            return SegmentSavePayload(segment=None, errors=[error])
        segment, errors = await segment_save(info.context, input.name, wanted)
        return SegmentSavePayload(
            segment=None if segment is None else Segment(model=segment), errors=_errors(errors)
        )

    @guarded_mutation(HR_OR_EXECUTIVE, Scope.ALUMNI_WRITE, "Delete a segment.")
    async def segment_delete(self, info: Info, input: SegmentDeleteInput) -> SegmentDeletePayload:
        segment, errors = await segment_delete(info.context, input)
        return SegmentDeletePayload(
            deleted_id=None if segment is None else input.id, errors=_errors(errors)
        )
