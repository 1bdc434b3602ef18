import strawberry

from domain.jobs.error_codes import JobOpeningErrorCode as JobOpeningErrorCodeValue
from domain.jobs.models import EmploymentType as EmploymentTypeValue
from domain.jobs.models import OpeningStatus as OpeningStatusValue

JobOpeningStatus = strawberry.enum(
    OpeningStatusValue,
    name="JobOpeningStatus",
    description="DRAFT → OPEN or CLOSED; OPEN → PAUSED or CLOSED; PAUSED → OPEN or CLOSED. "
    "CLOSED is final. Only OPEN openings take referrals.",
)
EmploymentType = strawberry.enum(EmploymentTypeValue, name="EmploymentType")
JobOpeningErrorCode = strawberry.enum(
    JobOpeningErrorCodeValue,
    name="JobOpeningErrorCode",
    description="Why a job-opening mutation was refused.",
)
