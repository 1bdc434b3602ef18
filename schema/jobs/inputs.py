import strawberry

from schema.jobs.enums import EmploymentType, JobOpeningStatus


@strawberry.input(description="A new opening; it starts as a DRAFT.")
class JobOpeningCreateInput:
    title: str = strawberry.field(description="At most 100 characters.")
    employment_type: EmploymentType
    department_id: strawberry.ID | None = None
    description: str = strawberry.field(default="", description="At most 10,000 characters.")
    location: str = strawberry.field(default="", description="At most 100 characters.")
    hiring_manager_id: strawberry.ID | None = strawberry.field(
        default=None, description="A current employee; they work this opening's pipeline."
    )
    visible_to_alumni: bool = strawberry.field(
        default=False, description="Alumni see it (and may refer to it) while it is open."
    )
    accepting_referrals: bool = True


@strawberry.input(description="Fields to change; omitted fields stay as they are, null clears.")
class JobOpeningUpdateInput:
    id: strawberry.ID
    title: strawberry.Maybe[str]
    employment_type: strawberry.Maybe[EmploymentType]
    department_id: strawberry.Maybe[strawberry.ID | None]
    description: strawberry.Maybe[str]
    location: strawberry.Maybe[str]
    hiring_manager_id: strawberry.Maybe[strawberry.ID | None]
    visible_to_alumni: strawberry.Maybe[bool]
    accepting_referrals: strawberry.Maybe[bool]


@strawberry.input(description="Publish, pause, reopen or close an opening.")
class JobOpeningStatusSetInput:
    id: strawberry.ID
    status: JobOpeningStatus
