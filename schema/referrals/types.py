"""Referral types; each field declares who may read it (schema.referrals.permissions)."""

from datetime import datetime

import strawberry

from auth.scopes import Scope
from domain.referrals.access import ReferralAccess, access_to
from domain.referrals.models import Referral as ReferralModel
from domain.referrals.models import ReferralStage as ReferralStageValue
from domain.referrals.models import ReferralStageChange as StageChangeModel
from domain.referrals.transitions import is_open
from resolvers import ids
from resolvers.context import Context
from schema.common.node import Node
from schema.common.pagination import Edge, PageInfo
from schema.common.permissions import guarded
from schema.jobs.types import JobOpening, visible_person
from schema.people.types import Info, Person
from schema.referrals.enums import ReferralSource, ReferralStage
from schema.referrals.permissions import (
    REFERRAL_DETAILS,
    REFERRAL_PIPELINE,
    REFERRAL_REJECTION_REASON,
    REFERRAL_VISIBLE,
)

READ = (REFERRAL_VISIBLE, Scope.REFERRALS_READ)
DETAILS = (REFERRAL_DETAILS, Scope.REFERRALS_READ)


@strawberry.type(description="One move of a referral: from which stage to which, when, by whom.")
class ReferralStageChange:
    model: strawberry.Private[StageChangeModel]

    @strawberry.field(description="Null for the submission itself.")
    def from_stage(self) -> ReferralStage | None:
        return self.model.from_stage

    @strawberry.field
    def to_stage(self) -> ReferralStage:
        return self.model.to_stage

    @strawberry.field
    def changed_at(self) -> datetime:
        return self.model.changed_at

    @strawberry.field(description="Who moved it: `user:<id>` or `api_client:<id>`.")
    def changed_by(self) -> str:
        return self.model.changed_by


@strawberry.type(description="A candidate recommended for an opening, and how it goes.")
class Referral(Node):
    model: strawberry.Private[ReferralModel]
    access: strawberry.Private[ReferralAccess]
    reason_shared: strawberry.Private[bool]

    @guarded(*READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Referral", self.model.id))

    @guarded(*READ, "The opening the candidate was referred to.")
    async def opening(self, info: Info) -> JobOpening:
        found = await info.context.jobs.opening_by_id.load(self.model.opening_id)
        return JobOpening(model=found)

    @guarded(*READ, "Who referred, when the caller may see them.")
    async def referrer(self, info: Info) -> Person | None:
        return await visible_person(info, self.model.referrer_id)

    @guarded(*READ, "EMPLOYEE or ALUMNUS, as the referrer was when referring.")
    def source(self) -> ReferralSource:
        return self.model.source

    @guarded(*READ, "Where the referral is in the pipeline.")
    def stage(self) -> ReferralStage:
        return self.model.stage

    @guarded(*READ, "When it was submitted.")
    def submitted_at(self) -> datetime:
        return self.model.created_at

    @guarded(*READ, "When the stage last changed (the last progress).")
    def stage_changed_at(self) -> datetime:
        return self.model.stage_changed_at

    @guarded(
        *READ,
        "At an open stage, it no longer owns the candidate (no progress within the "
        "organization's expiry, past the ownership window, or taken over since): it cannot "
        "move on, but can still be rejected or withdrawn.",
    )
    async def expired(self, info: Info) -> bool:
        if not is_open(ReferralStageValue(self.model.stage)):
            return False
        return not await info.context.jobs.referral_holds.load(self.model.id)

    @guarded(*READ, "The candidate's name.")
    def candidate_name(self) -> str:
        return self.model.candidate_name

    @guarded(*READ, "The candidate's フリガナ.")
    def candidate_name_kana(self) -> str:
        return self.model.candidate_name_kana

    @guarded(*DETAILS, "The candidate's email, normalised.")
    def candidate_email(self) -> str | None:
        return self.model.candidate_email

    @guarded(*DETAILS, "The candidate's phone, E.164.")
    def candidate_phone(self) -> str | None:
        return self.model.candidate_phone

    @guarded(*DETAILS, "How the referrer and the candidate know each other.")
    def relationship(self) -> str:
        return self.model.relationship

    @guarded(*DETAILS, "The referrer's note.")
    def note(self) -> str:
        return self.model.note

    @guarded(*DETAILS, "Link to the candidate's résumé.")
    def resume_url(self) -> str:
        return self.model.resume_url

    @guarded(*DETAILS, "When the referrer confirmed the candidate agreed to be contacted.")
    def candidate_consented_at(self) -> datetime:
        return self.model.candidate_consented_at

    @guarded(
        REFERRAL_REJECTION_REASON,
        Scope.REFERRALS_READ,
        "Why it was rejected (empty if none was given or it was not rejected).",
    )
    def rejection_reason(self) -> str:
        return self.model.rejection_reason

    @guarded(
        REFERRAL_PIPELINE,
        Scope.REFERRALS_READ,
        "Every move, oldest first (at most seven: the stages never loop).",
    )
    async def history(self, info: Info) -> list[ReferralStageChange]:
        rows = await info.context.jobs.history_by_referral.load(self.model.id)
        return [ReferralStageChange(model=row) for row in rows]


async def as_referral(context: Context, model: ReferralModel) -> Referral:
    """`model` comes with its opening (select_related), whose hiring manager decides access."""
    settings = await context.jobs.referral_settings()
    return Referral(
        model=model,
        access=access_to(context.viewer, model, model.opening.hiring_manager_id),
        reason_shared=settings.share_rejection_reason,
    )


@strawberry.type(description="A page of referrals.")
class ReferralConnection:
    edges: list[Edge[Referral]]
    page_info: PageInfo
    total_count_query: strawberry.Private[object] = None

    @strawberry.field(description="How many match, across all pages.")
    async def total_count(self) -> int:
        return await self.total_count_query.count()  # type: ignore[attr-defined]


async def referral_connection(
    context: Context, listing: str, rows: list[ReferralModel], has_next: bool, matching: object
) -> ReferralConnection:
    edges = [
        Edge(
            position=(listing, row.created_at, row.id),
            node=await as_referral(context, row),
        )
        for row in rows
    ]
    return ReferralConnection(
        edges=edges, page_info=PageInfo.after(edges, has_next), total_count_query=matching
    )
