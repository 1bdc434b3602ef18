import strawberry

from domain.consent.error_codes import ConsentErrorCode as ConsentErrorCodeValue
from domain.consent.models import ConsentChannel as ConsentChannelValue
from domain.consent.models import ConsentPurpose as ConsentPurposeValue
from domain.consent.models import ConsentSource as ConsentSourceValue

ConsentPurpose = strawberry.enum(
    ConsentPurposeValue,
    name="ConsentPurpose",
    description="What a consent is for. DIRECTORY_LISTING is about being shown to other "
    "members, not contacted: it has no channel, and it sets `AlumniProfile.directoryListed`.",
)
ConsentChannel = strawberry.enum(
    ConsentChannelValue, name="ConsentChannel", description="How the person may be contacted."
)
ConsentSource = strawberry.enum(
    ConsentSourceValue,
    name="ConsentSource",
    description="How a decision reached the organization: the off-boarding form, a roster "
    "import, the person themself, hr on the person's word, or the HRIS.",
)
ConsentErrorCode = strawberry.enum(
    ConsentErrorCodeValue, name="ConsentErrorCode", description="Why a consent was not recorded."
)
