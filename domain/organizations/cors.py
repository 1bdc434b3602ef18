"""Which browser origins (an organization's own frontends) may call the API."""

from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.organizations.models import Organization

MAX_ORIGINS = 20
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class CorsErrorCode(StrEnum):
    TOO_MANY = "too_many"
    NOT_AN_ORIGIN = "not_an_origin"


def normalize_origin(value: str) -> str | None:
    """`https://app.example.co.jp[:port]` in lower case, or None when it is not an origin a
    browser sends (scheme and host only; https, or http on this machine)."""
    if len(value) > 200 or value != value.strip():
        return None
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not host or parts.path or parts.query or parts.fragment or parts.username:
        return None
    if parts.scheme != "https" and not (parts.scheme == "http" and host in LOOPBACK_HOSTS):
        return None
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}" + ("" if port is None else f":{port}")


async def set_cors_origins(organization_id: UUID, actor: Actor, origins: list[str]) -> list[str]:
    errors = []
    if len(origins) > MAX_ORIGINS:
        message = f"At most {MAX_ORIGINS} origins."
        errors.append(DomainError(CorsErrorCode.TOO_MANY, message, "origins"))
    normalized = []
    for index, given in enumerate(origins[:MAX_ORIGINS]):
        origin = normalize_origin(given)
        if origin is None:
            message = "An origin is https://host[:port] (http only for localhost), with no path."
            errors.append(DomainError(CorsErrorCode.NOT_AN_ORIGIN, message, f"origins.{index}"))
        else:
            normalized.append(origin)
    if errors:
        raise DomainErrors(errors)
    kept = list(dict.fromkeys(normalized))
    async with in_transaction():
        await Organization.filter(id=organization_id).update(cors_origins=kept)
        await audit(
            organization_id,
            actor,
            "cors_origins.changed",
            "organization",
            organization_id,
            {"origins": kept},
        )
    return kept


async def all_cors_origins() -> set[str]:
    rows = await Organization.all().values_list("cors_origins", flat=True)
    return {origin for origins in rows for origin in origins or []}
