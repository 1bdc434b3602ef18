from datetime import date

import strawberry

from schema.rehire.enums import RehireStage, ReturnTitle, SalaryBasis, TenureRule


@strawberry.input(
    description="The whole rehire policy, saved as its next version. Applications made "
    "earlier keep the version they were made under."
)
class RehirePolicySetInput:
    salary_basis: SalaryBasis
    title_basis: ReturnTitle
    tenure_rule: TenureRule
    salary_note: str = strawberry.field(
        default="", description="How salary is evaluated, in words; ≤ 2,000 characters."
    )
    title_note: str = strawberry.field(
        default="", description="What title they return to, in words; ≤ 2,000 characters."
    )
    tenure_within_years: int | None = strawberry.field(
        default=None, description="CARRIED_OVER_WITHIN_YEARS only: 1–30 years."
    )
    skipped_steps: list[RehireStage] = strawberry.field(
        default_factory=list,
        description="Selection steps alumni skip: APTITUDE_TEST, FIRST_INTERVIEW, FINAL_INTERVIEW.",
    )


@strawberry.input(description="An alumnus applies to come back, to an opening shown to alumni.")
class RehireApplicationCreateInput:
    opening_id: strawberry.ID
    motivation: str = strawberry.field(description="Why you want to come back; ≤ 2,000.")
    current_situation: str = strawberry.field(
        default="", description="What you do now; ≤ 2,000 characters."
    )
    desired_start_on: date | None = strawberry.field(
        default=None, description="When you could start: today or later."
    )


@strawberry.input(description="Move an application to its next stage, reject or withdraw it.")
class RehireApplicationStageSetInput:
    id: strawberry.ID
    stage: RehireStage
    confirm_ineligible: bool = strawberry.field(
        default=False,
        description="hr confirms moving an alumnus marked not eligible for rehire past "
        "screening (asked once per application).",
    )
    start_date: date | None = strawberry.field(
        default=None, description="HIRED only, required: the first day of the new period."
    )
    title: str | None = strawberry.field(
        default=None, description="HIRED only: the title they return to (default: the opening's)."
    )


@strawberry.input(description="The applicant withdraws their own application.")
class RehireApplicationWithdrawInput:
    id: strawberry.ID
