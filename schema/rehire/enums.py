import strawberry

from domain.rehire.error_codes import RehireErrorCode as RehireErrorCodeValue
from domain.rehire.models import RehireStage as RehireStageValue
from domain.rehire.models import ReturnTitle as ReturnTitleValue
from domain.rehire.models import SalaryBasis as SalaryBasisValue
from domain.rehire.models import TenureRule as TenureRuleValue

RehireStage = strawberry.enum(
    RehireStageValue,
    name="RehireStage",
    description="APPLIED → SCREENING → APTITUDE_TEST → FIRST_INTERVIEW → FINAL_INTERVIEW → "
    "OFFER → HIRED, without the steps the rehire policy skips (APTITUDE_TEST, "
    "FIRST_INTERVIEW, FINAL_INTERVIEW may be skipped); from any open stage REJECTED or "
    "WITHDRAWN. HIRED, REJECTED and WITHDRAWN are final.",
)
SalaryBasis = strawberry.enum(
    SalaryBasisValue,
    name="SalaryBasis",
    description="How a returning alumnus's salary is set: PREVIOUS_SALARY (at least what "
    "they earned when they left), PREVIOUS_GRADE_PLUS_EXPERIENCE (their former grade, "
    "raised for experience gained elsewhere), NEW_EVALUATION (evaluated afresh, experience "
    "elsewhere counted).",
)
ReturnTitle = strawberry.enum(
    ReturnTitleValue,
    name="ReturnTitle",
    description="The title they return to: PREVIOUS_TITLE (the one they left with), "
    "OPENING_TITLE (the opening's), EVALUATED (decided at the offer).",
)
TenureRule = strawberry.enum(
    TenureRuleValue,
    name="TenureRule",
    description="How earlier tenure counts: RESET (from the new hire date), CARRIED_OVER "
    "(earlier periods added), CARRIED_OVER_WITHIN_YEARS (added only when back within "
    "`tenureWithinYears` of the last leave date).",
)
RehireErrorCode = strawberry.enum(
    RehireErrorCodeValue,
    name="RehireErrorCode",
    description="Why a rehire mutation was refused.",
)
