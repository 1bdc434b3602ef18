import strawberry

from domain.referrals.error_codes import ReferralErrorCode as ReferralErrorCodeValue
from domain.referrals.models import ReferralSource as ReferralSourceValue
from domain.referrals.models import ReferralStage as ReferralStageValue

ReferralStage = strawberry.enum(
    ReferralStageValue,
    name="ReferralStage",
    description="SUBMITTED → SCREENING → CASUAL_INTERVIEW (カジュアル面談, optional) → "
    "INTERVIEW → OFFER → HIRED; from any open stage REJECTED or WITHDRAWN. HIRED, REJECTED "
    "and WITHDRAWN are final.",
)
ReferralSource = strawberry.enum(
    ReferralSourceValue,
    name="ReferralSource",
    description="Who referred: a current EMPLOYEE (any staff role) or an ALUMNUS.",
)
ReferralErrorCode = strawberry.enum(
    ReferralErrorCodeValue,
    name="ReferralErrorCode",
    description="Why a referral mutation was refused.",
)
