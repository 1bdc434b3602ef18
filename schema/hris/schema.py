"""The organization's HR systems: webhook secrets (write-only) and employees' HRIS ids."""

from datetime import datetime

import strawberry

from auth.scopes import AppAccess, Scope
from domain.hris.error_codes import HrisSettingsErrorCode as HrisSettingsErrorCodeValue
from domain.hris.models import HrisConnection as HrisConnectionModel
from domain.hris.models import HrisProvider as HrisProviderValue
from domain.hris.services import connections_of
from resolvers.context import Context
from resolvers.hris.mutations.hris_connection_set import hris_connection_set
from resolvers.hris.mutations.hris_employee_id_set import hris_employee_id_set
from resolvers.mutations import FieldError
from schema.common.permissions import HR, HR_OR_EXECUTIVE, guarded, guarded_mutation

Info = strawberry.Info[Context]
HrisProvider = strawberry.enum(
    HrisProviderValue,
    name="HrisProvider",
    description="An HR system whose departure webhooks start off-boarding.",
)
HrisSettingsErrorCode = strawberry.enum(
    HrisSettingsErrorCodeValue,
    name="HrisSettingsErrorCode",
    description="Why an HRIS setting was refused.",
)


@strawberry.type(
    description="A connected HR system. Point its webhook at `webhookUrl`; its secret is "
    "never shown."
)
class HrisConnection:
    provider: HrisProvider
    webhook_url: str
    updated_at: datetime
    updated_by: str

    @classmethod
    def of(cls, model: HrisConnectionModel, info: Info) -> "HrisConnection":
        settings = info.context.settings
        base = "" if settings is None else settings.public_url.rstrip("/")
        slug = info.context.require_member().organization.slug  # type: ignore[union-attr]
        return cls(
            provider=model.provider,
            webhook_url=f"{base}/webhooks/hris/{model.provider.value}/{slug}",
            updated_at=model.updated_at,
            updated_by=model.updated_by.label,
        )


@strawberry.type(description="Why an HRIS setting was refused, and which input field.")
class HrisSettingsError:
    field: str | None
    code: HrisSettingsErrorCode
    message: str


def _errors(errors: list[FieldError]) -> list[HrisSettingsError]:
    return [HrisSettingsError(field=e.field, code=e.code, message=e.message) for e in errors]


@strawberry.input(description="The secret the HR system signs its webhooks with.")
class HrisConnectionSetInput:
    provider: HrisProvider
    secret: str = strawberry.field(
        description="SmartHR: the webhook's token; HiBob: the webhook secret; Gusto: the "
        "subscription's verification token. 16–500 characters; never shown again."
    )


@strawberry.type(description="The connection, or why not.")
class HrisConnectionSetPayload:
    connection: HrisConnection | None
    errors: list[HrisSettingsError]


@strawberry.input(description="The id an HR system knows a person by.")
class HrisEmployeeIdSetInput:
    person_id: strawberry.ID
    provider: HrisProvider
    employee_id: str | None = strawberry.field(
        description="HiBob's employee id, Gusto's employee uuid, SmartHR's crew id; null "
        "removes it."
    )


@strawberry.type(description="The saved id, or why not.")
class HrisEmployeeIdSetPayload:
    employee_id: str | None
    errors: list[HrisSettingsError]


@strawberry.type
class HrisQuery:
    @guarded(
        HR_OR_EXECUTIVE,
        AppAccess.FIRST_PARTY,
        "The HR systems connected to the organization (at most one per provider).",
    )
    async def hris_connections(self, info: Info) -> list[HrisConnection]:
        found = await connections_of(info.context.require_member().organization_id)
        return [HrisConnection.of(model, info) for model in found]


@strawberry.type
class HrisMutation:
    @guarded_mutation(
        HR,
        AppAccess.FIRST_PARTY,
        "Connect an HR system: its departure webhooks then start off-boarding. Replaces "
        "the provider's previous secret.",
    )
    async def hris_connection_set(
        self, info: Info, input: HrisConnectionSetInput
    ) -> HrisConnectionSetPayload:
        saved, errors = await hris_connection_set(info.context, input)
        return HrisConnectionSetPayload(
            connection=None if saved is None else HrisConnection.of(saved, info),
            errors=_errors(errors),
        )

    @guarded_mutation(
        HR,
        Scope.ALUMNI_WRITE,
        "Set the id an HR system knows a person by: HiBob and Gusto report departures by it alone.",
    )
    async def hris_employee_id_set(
        self, info: Info, input: HrisEmployeeIdSetInput
    ) -> HrisEmployeeIdSetPayload:
        saved, errors = await hris_employee_id_set(info.context, input)
        employee_id = None if saved is None else saved.employee_id
        return HrisEmployeeIdSetPayload(employee_id=employee_id, errors=_errors(errors))
