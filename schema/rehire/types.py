"""Rehire policy and application types; each field declares who may read it."""

from datetime import date, datetime

import strawberry

from auth.scopes import Scope
from domain.people.models import RehireEligibility as EligibilityValue
from domain.rehire.access import ApplicationAccess, access_to
from domain.rehire.models import RehireApplication as ApplicationModel
from domain.rehire.models import RehirePolicy as PolicyModel
from domain.rehire.models import RehireStageChange as StageChangeModel
from domain.rehire.transitions import steps
from resolvers import ids
from resolvers.context import Context
from schema.common.node import Node
from schema.common.pagination import Edge, PageInfo
from schema.common.permissions import SIGNED_IN, guarded
from schema.jobs.types import JobOpening, visible_person
from schema.people.enums import RehireEligibility
from schema.people.types import Info, Person
from schema.rehire.enums import RehireStage, ReturnTitle, SalaryBasis, TenureRule
from schema.rehire.permissions import REHIRE_APPLICATION_PIPELINE, REHIRE_APPLICATION_VISIBLE

POLICY = (SIGNED_IN, Scope.REFERRALS_READ)
READ = (REHIRE_APPLICATION_VISIBLE, Scope.REFERRALS_READ)
PIPELINE = (REHIRE_APPLICATION_PIPELINE, Scope.REFERRALS_READ)
WARNINGS = {
    EligibilityValue.NOT_ELIGIBLE: "Marked not eligible for rehire at departure: hr must "
    "confirm (confirmIneligible) before this application moves past screening.",
    EligibilityValue.CONDITIONAL: "Conditionally eligible for rehire.",
}


@strawberry.type(description="One version of the organization's rehire policy: the terms.")
class RehirePolicy:
    model: strawberry.Private[PolicyModel]

    @guarded(*POLICY, "1, 2, …: each change is a new version; earlier ones are kept.")
    def version(self) -> int:
        return self.model.version

    @guarded(*POLICY, "How salary is evaluated.")
    def salary_basis(self) -> SalaryBasis:
        return self.model.salary_basis

    @guarded(*POLICY, "How salary is evaluated, in words (e.g. how experience elsewhere counts).")
    def salary_note(self) -> str:
        return self.model.salary_note

    @guarded(*POLICY, "What title they return to.")
    def title_basis(self) -> ReturnTitle:
        return self.model.title_basis

    @guarded(*POLICY, "What title they return to, in words.")
    def title_note(self) -> str:
        return self.model.title_note

    @guarded(*POLICY, "How earlier tenure counts.")
    def tenure_rule(self) -> TenureRule:
        return self.model.tenure_rule

    @guarded(*POLICY, "CARRIED_OVER_WITHIN_YEARS: within how many years of leaving.")
    def tenure_within_years(self) -> int | None:
        return self.model.tenure_within_years

    @guarded(*POLICY, "The selection steps alumni skip, in pipeline order.")
    def skipped_steps(self) -> list[RehireStage]:
        return [RehireStage(step) for step in self.model.skipped_steps]  # type: ignore[misc]

    @guarded(*POLICY, "The steps an application follows under this version, in order.")
    def steps(self) -> list[RehireStage]:
        return steps(self.model.skipped_steps)  # type: ignore[return-value]

    @guarded(*POLICY, "When this version was set.")
    def set_at(self) -> datetime:
        return self.model.created_at


@strawberry.type(description="One move of an application: from which stage to which, by whom.")
class RehireStageChange:
    model: strawberry.Private[StageChangeModel]

    @strawberry.field(description="Null for the application itself.")
    def from_stage(self) -> RehireStage | None:
        return self.model.from_stage

    @strawberry.field
    def to_stage(self) -> RehireStage:
        return self.model.to_stage

    @strawberry.field
    def changed_at(self) -> datetime:
        return self.model.changed_at

    @strawberry.field(description="Who moved it: `user:<id>` or `api_client:<id>`.")
    def changed_by(self) -> str:
        return self.model.changed_by


@strawberry.type(description="An alumnus's application to come back, and how it goes.")
class RehireApplication(Node):
    model: strawberry.Private[ApplicationModel]  # with its policy and opening
    access: strawberry.Private[ApplicationAccess]

    @guarded(*READ, "Global id.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("RehireApplication", self.model.id))

    @guarded(*READ, "The opening applied to.")
    def opening(self) -> JobOpening:
        return JobOpening(model=self.model.opening)

    @guarded(*READ, "The alumnus who applied, when the caller may see them.")
    async def applicant(self, info: Info) -> Person | None:
        return await visible_person(info, self.model.applicant_id)

    @guarded(*READ, "The rehire policy version it was made under: its terms.")
    def policy(self) -> RehirePolicy:
        return RehirePolicy(model=self.model.policy)

    @guarded(*READ, "Its steps, in order: the selection steps minus those its policy skips.")
    def steps(self) -> list[RehireStage]:
        return steps(self.model.policy.skipped_steps)  # type: ignore[return-value]

    @guarded(*READ, "Where it is in the pipeline.")
    def stage(self) -> RehireStage:
        return self.model.stage

    @guarded(*READ, "Why they want to come back.")
    def motivation(self) -> str:
        return self.model.motivation

    @guarded(*READ, "What they do now.")
    def current_situation(self) -> str:
        return self.model.current_situation

    @guarded(*READ, "When they could start.")
    def desired_start_on(self) -> date | None:
        return self.model.desired_start_on

    @guarded(*READ, "When they applied.")
    def applied_at(self) -> datetime:
        return self.model.created_at

    @guarded(*READ, "When the stage last changed.")
    def stage_changed_at(self) -> datetime:
        return self.model.stage_changed_at

    @guarded(*READ, "HIRED: the first day of the new employment period.")
    def start_date(self) -> date | None:
        return self.model.start_date

    @guarded(*PIPELINE, "The applicant's rehire eligibility, from their alumni profile.")
    async def rehire_eligibility(self, info: Info) -> RehireEligibility:
        profile = await info.context.rehire.profile_by_person.load(self.model.applicant_id)
        return EligibilityValue.ELIGIBLE if profile is None else profile.rehire_eligibility

    @guarded(
        *PIPELINE,
        "A warning when the applicant is not (or only conditionally) eligible for rehire, "
        "with the profile's note; null when eligible.",
    )
    async def eligibility_warning(self, info: Info) -> str | None:
        profile = await info.context.rehire.profile_by_person.load(self.model.applicant_id)
        if profile is None or profile.rehire_eligibility not in WARNINGS:
            return None
        warning = WARNINGS[profile.rehire_eligibility]
        return f"{warning} {profile.rehire_note}".strip()

    @guarded(*PIPELINE, "When hr confirmed moving a not-eligible applicant past screening.")
    def ineligible_confirmed_at(self) -> datetime | None:
        return self.model.ineligible_confirmed_at

    @guarded(*PIPELINE, "Who confirmed it: `user:<id>`; empty if nobody had to.")
    def ineligible_confirmed_by(self) -> str:
        return self.model.ineligible_confirmed_by

    @guarded(*PIPELINE, "Every move, oldest first.")
    async def history(self, info: Info) -> list[RehireStageChange]:
        rows = await info.context.rehire.history_by_application.load(self.model.id)
        return [RehireStageChange(model=row) for row in rows]


def as_application(context: Context, model: ApplicationModel) -> RehireApplication:
    """`model` comes with its opening and policy (select_related)."""
    return RehireApplication(
        model=model, access=access_to(context.viewer, model.opening.hiring_manager_id)
    )


@strawberry.type(description="A page of rehire applications.")
class RehireApplicationConnection:
    edges: list[Edge[RehireApplication]]
    page_info: PageInfo
    total_count_query: strawberry.Private[object] = None

    @strawberry.field(description="How many match, across all pages.")
    async def total_count(self) -> int:
        return await self.total_count_query.count()  # type: ignore[attr-defined]


def application_connection(
    context: Context, listing: str, rows: list[ApplicationModel], has_next: bool, matching: object
) -> RehireApplicationConnection:
    edges = [
        Edge(position=(listing, row.created_at, row.id), node=as_application(context, row))
        for row in rows
    ]
    return RehireApplicationConnection(
        edges=edges, page_info=PageInfo.after(edges, has_next), total_count_query=matching
    )
