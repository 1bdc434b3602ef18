"""Connecting an HRIS (its webhook secret) and telling Kizuna the ids it knows people by."""

from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.common.text import has_control_characters, nfkc
from domain.hris.error_codes import MESSAGES, HrisSettingsErrorCode
from domain.hris.models import HrisConnection, HrisEmployeeId, HrisProvider
from domain.people.models import Person

MIN_SECRET = 16
MAX_SECRET = 500
MAX_EMPLOYEE_ID = 100


def _refusal(code: HrisSettingsErrorCode, field: str, message: str | None = None) -> DomainError:
    return DomainError(code, message or MESSAGES[code], field)


def _checked(value: str, field: str, minimum: int, maximum: int) -> str:
    value = value.strip()
    if not value:
        raise _refusal(HrisSettingsErrorCode.REQUIRED, field)
    if has_control_characters(value):
        raise _refusal(HrisSettingsErrorCode.INVALID, field)
    if len(value) > maximum:
        raise _refusal(HrisSettingsErrorCode.TOO_LONG, field, f"At most {maximum} characters.")
    if len(value) < minimum:
        raise _refusal(HrisSettingsErrorCode.TOO_SHORT, field)
    return value


async def set_connection(
    organization_id: UUID, actor: Actor, provider: HrisProvider, secret: str
) -> HrisConnection:
    """Save (or replace) the secret the HRIS signs its webhooks with."""
    secret = _checked(secret, "secret", MIN_SECRET, MAX_SECRET)
    async with in_transaction():
        connection = await HrisConnection.get_or_none(
            organization_id=organization_id, provider=provider
        )
        if connection is None:
            connection = HrisConnection(organization_id=organization_id, provider=provider)
            connection.stamp(actor, created=True)
        connection.signing_secret = secret
        connection.stamp(actor)
        await connection.save()
        await audit(
            organization_id,
            actor,
            "hris_connection.changed",
            "hris_connection",
            connection.id,
            {"provider": provider.value},
        )
    return connection


async def connections_of(organization_id: UUID) -> list[HrisConnection]:
    return await HrisConnection.filter(organization_id=organization_id).order_by("provider")


async def secret_of(organization_id: UUID, provider: HrisProvider) -> str | None:
    connection = await HrisConnection.get_or_none(
        organization_id=organization_id, provider=provider
    )
    return None if connection is None else connection.signing_secret


async def set_employee_id(
    organization_id: UUID,
    actor: Actor,
    person_id: UUID,
    provider: HrisProvider,
    employee_id: str | None,
) -> HrisEmployeeId | None:
    """The id `provider` knows the person by; None removes it."""
    if employee_id is not None:
        employee_id = _checked(nfkc(employee_id), "employee_id", 1, MAX_EMPLOYEE_ID)
    async with in_transaction():
        if not await Person.exists(id=person_id, organization_id=organization_id, erased_at=None):
            raise _refusal(HrisSettingsErrorCode.NOT_FOUND, "person_id")
        await HrisEmployeeId.filter(person_id=person_id, provider=provider).delete()
        link = None
        if employee_id is not None:
            link = HrisEmployeeId(
                organization_id=organization_id,
                provider=provider,
                employee_id=employee_id,
                person_id=person_id,
            )
            link.stamp(actor, created=True)
            try:
                async with in_transaction():  # a savepoint: PostgreSQL goes on after a refusal
                    await link.save()
            except IntegrityError:
                raise _refusal(HrisSettingsErrorCode.EMPLOYEE_ID_TAKEN, "employee_id") from None
        await audit(
            organization_id,
            actor,
            "person.hris_id_changed",
            "person",
            person_id,
            {"provider": provider.value, "employee_id": employee_id},
        )
    return link
