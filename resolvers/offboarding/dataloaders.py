"""Per-request loaders of off-boardings and exit interviews, bound to the viewer: one query
per batch, and only what the viewer may see (domain.offboarding.access)."""

from collections import defaultdict
from uuid import UUID

from strawberry.dataloader import DataLoader

from domain.offboarding.access import visible
from domain.offboarding.models import ExitInterview, ExitInterviewReason, ExitReason, Offboarding
from domain.people.access import Viewer


class OffboardingLoaders:
    def __init__(self, viewer: Viewer) -> None:
        org = viewer.organization_id

        async def latest(person_ids: list[UUID]) -> list[Offboarding | None]:
            rows = await visible(viewer).filter(person_id__in=person_ids).order_by("created_at")
            found = {row.person_id: row for row in rows}  # the last one started wins
            return [found.get(key) for key in person_ids]

        async def interviews(offboarding_ids: list[UUID]) -> list[ExitInterview | None]:
            rows = await ExitInterview.filter(
                organization_id=org, offboarding_id__in=offboarding_ids
            )
            found = {row.offboarding_id: row for row in rows}
            return [found.get(key) for key in offboarding_ids]

        async def reasons(interview_ids: list[UUID]) -> list[list[ExitReason]]:
            rows = await ExitInterviewReason.filter(
                organization_id=org, interview_id__in=interview_ids
            ).values_list("interview_id", "reason")
            found: dict[UUID, list[ExitReason]] = defaultdict(list)
            for interview_id, reason in rows:
                found[interview_id].append(ExitReason(reason))
            order = list(ExitReason)
            return [sorted(found[key], key=order.index) for key in interview_ids]

        self.latest_by_person = DataLoader(load_fn=latest)
        self.interview_by_offboarding = DataLoader(load_fn=interviews)
        self.reasons_by_interview = DataLoader(load_fn=reasons)
