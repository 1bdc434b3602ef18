import strawberry

from domain.offboarding.analytics import TenureBand as TenureBandValue
from domain.offboarding.error_codes import OffboardingErrorCode as OffboardingErrorCodeValue
from domain.offboarding.models import ChecklistItem as ChecklistItemValue
from domain.offboarding.models import ExitReason as ExitReasonValue
from domain.offboarding.models import OffboardingSource as OffboardingSourceValue
from domain.offboarding.models import OffboardingStatus as OffboardingStatusValue

OffboardingStatus = strawberry.enum(
    OffboardingStatusValue,
    name="OffboardingStatus",
    description="OPEN until every checklist item is done and the leave date has come "
    "(COMPLETED), or until cancelled (CANCELLED). An imported one (source IMPORT) has no "
    "checklist: it is COMPLETED once its leave date has come.",
)
OffboardingSource = strawberry.enum(
    OffboardingSourceValue,
    name="OffboardingSource",
    description="Who started the off-boarding: hr, the manager, or the HR system (HRIS); "
    "IMPORT: a departure from before Kizuna, from an imported roster's 退職理由.",
)
OffboardingChecklistItem = strawberry.enum(
    ChecklistItemValue,
    name="OffboardingChecklistItem",
    description="POSITIVE_MESSAGE: a positive message from the manager or an executive; "
    "COMMUNITY_INVITATION: the invitation to the alumni community; CONSENT_ASKED: the person "
    "was asked for consent (what they answered is in the consent ledger).",
)
ExitReason = strawberry.enum(
    ExitReasonValue,
    name="ExitReason",
    description="A reason for leaving, as structured in the exit interview.",
)
TenureBand = strawberry.enum(
    TenureBandValue,
    name="TenureBand",
    description="Whole years from hire to leave of the employment period that ended.",
)
OffboardingErrorCode = strawberry.enum(
    OffboardingErrorCodeValue,
    name="OffboardingErrorCode",
    description="Why an off-boarding or exit-interview mutation was refused.",
)
