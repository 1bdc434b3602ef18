"""The organization's OpenID Connect provider for staff sign-in."""

from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters
from domain.identity.models import SignInProvider

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class ProviderErrorCode(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    ISSUER_NOT_SAFE = "issuer_not_safe"


def _issuer_problem(issuer: str) -> str | None:
    try:
        parts = urlsplit(issuer)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "This is not a URL."
    if not parts.hostname or parts.query or parts.fragment:
        return "The issuer is an absolute URL without query or fragment."
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        return None
    return "Use https (http only for 127.0.0.1 or localhost while developing)."


async def set_provider(
    organization_id: UUID,
    actor: Actor,
    *,
    issuer: str,
    client_id: str,
    client_secret: str,
    enabled: bool,
) -> SignInProvider:
    issuer = issuer.strip().rstrip("/")
    errors = []
    for field, value, limit in (
        ("issuer", issuer, 500),
        ("client_id", client_id, 200),
        ("client_secret", client_secret, 500),
    ):
        if not value.strip():
            errors.append(DomainError(ProviderErrorCode.REQUIRED, "This is required.", field))
        elif len(value) > limit or has_control_characters(value):
            message = f"At most {limit} characters, without control characters."
            errors.append(DomainError(ProviderErrorCode.TOO_LONG, message, field))
    if issuer and (problem := _issuer_problem(issuer)) is not None:
        errors.append(DomainError(ProviderErrorCode.ISSUER_NOT_SAFE, problem, "issuer"))
    if errors:
        raise DomainErrors(errors)
    async with in_transaction():
        provider = await SignInProvider.get_or_none(organization_id=organization_id)
        if provider is None:
            provider = SignInProvider(organization_id=organization_id)
            provider.stamp(actor, created=True)
        provider.issuer, provider.client_id = issuer, client_id.strip()
        provider.client_secret, provider.enabled = client_secret, enabled
        provider.stamp(actor)
        await provider.save()
        changes = {"issuer": issuer, "client_id": provider.client_id, "enabled": enabled}
        await audit(
            organization_id,
            actor,
            "sign_in_provider.changed",
            "sign_in_provider",
            provider.id,
            changes,
        )
    return provider


async def provider_of(organization_id: UUID) -> SignInProvider | None:
    return await SignInProvider.get_or_none(organization_id=organization_id)
