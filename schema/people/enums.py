import strawberry

from domain.accounts.models import Role as RoleValue
from domain.people.error_codes import PeopleErrorCode
from domain.people.models import PersonStatus as PersonStatusValue
from domain.people.models import RehireEligibility as RehireEligibilityValue
from domain.people.queries import AlumniOrder

Role = strawberry.enum(RoleValue, name="Role", description="A member's role in an organization.")
PersonStatus = strawberry.enum(
    PersonStatusValue, name="PersonStatus", description="Employee now, or alumnus (left)."
)
RehireEligibility = strawberry.enum(
    RehireEligibilityValue,
    name="RehireEligibility",
    description="Whether the organization would hire this alumnus again.",
)
PersonErrorCode = strawberry.enum(
    PeopleErrorCode, name="PersonErrorCode", description="Why a people mutation was refused."
)
AlumniOrderField = strawberry.enum(
    AlumniOrder, name="AlumniOrderField", description="What the alumni list is sorted by."
)
