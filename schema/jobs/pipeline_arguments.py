"""The arguments of the lists of a hiring pipeline (referrals, rehire applications)."""

from enum import Enum
from uuid import UUID

import strawberry

from resolvers import ids
from resolvers.errors import BadUserInput


def pipeline_arguments(
    opening_id: strawberry.ID | None, stages: list | None, stage_values: type[Enum]
) -> tuple[UUID | None, list]:
    """`openingId` as a key and `stages` as domain values, or BadUserInput naming the field."""
    opening = None
    if opening_id is not None:
        opening = ids.decode(opening_id, "JobOpening")
        if opening is None:
            raise BadUserInput("Not a job opening id.", field="openingId")
    if stages is not None and len(stages) > len(stage_values):
        raise BadUserInput("Too many stages.", field="stages")
    return opening, [stage_values(stage) for stage in stages or []]
