"""Partner apps: registered by hr or an executive, each limited to the scopes granted here.

The secret of a confidential app is shown once, when created or rotated, and stored as a
digest. Revoking an app ends every session (and so every token) it holds.
"""

import secrets
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit
from uuid import UUID

from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters
from domain.identity.models import OAuthApp, Session
from domain.identity.scopes import Scope
from domain.identity.secrets import digest, new_secret

MAX_NAME_LENGTH = 100
MAX_REDIRECT_URIS = 10
MAX_URI_LENGTH = 2000
MAX_APPS = 200  # per organization
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
SCOPE_NAMES = {scope.value for scope in Scope}


class AppErrorCode(StrEnum):
    REQUIRED = "required"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"
    INVALID = "invalid"
    REDIRECT_URI_NOT_SAFE = "redirect_uri_not_safe"
    UNKNOWN_SCOPE = "unknown_scope"
    NOT_FOUND = "not_found"
    REVOKED = "revoked"
    PUBLIC_APP_HAS_NO_SECRET = "public_app_has_no_secret"


@dataclass(frozen=True)
class AppDraft:
    name: str
    redirect_uris: list[str]
    scopes: list[str]
    confidential: bool = True


def _redirect_uri_error(uri: str) -> str | None:
    if len(uri) > MAX_URI_LENGTH:
        return f"At most {MAX_URI_LENGTH} characters."
    if has_control_characters(uri) or " " in uri:
        return "A redirect URI may not contain spaces or control characters."
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "This is not a URL."
    if not parts.hostname or parts.fragment:
        return "A redirect URI is an absolute URL without a #fragment."
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        return None
    return "Use https (http only for 127.0.0.1 or localhost while developing)."


def check_draft(draft: AppDraft) -> None:
    errors = []
    name = draft.name.strip()
    if not name:
        errors.append(DomainError(AppErrorCode.REQUIRED, "A name is required.", "name"))
    elif len(name) > MAX_NAME_LENGTH or has_control_characters(name):
        errors.append(
            DomainError(AppErrorCode.TOO_LONG, f"At most {MAX_NAME_LENGTH} characters.", "name")
        )
    if len(draft.redirect_uris) > MAX_REDIRECT_URIS:
        message = f"At most {MAX_REDIRECT_URIS} redirect URIs."
        errors.append(DomainError(AppErrorCode.TOO_MANY, message, "redirect_uris"))
    for index, uri in enumerate(draft.redirect_uris[:MAX_REDIRECT_URIS]):
        if (problem := _redirect_uri_error(uri)) is not None:
            field = f"redirect_uris.{index}"
            errors.append(DomainError(AppErrorCode.REDIRECT_URI_NOT_SAFE, problem, field))
    if not draft.confidential and not draft.redirect_uris:
        message = "A public app signs users in, so it needs a redirect URI."
        errors.append(DomainError(AppErrorCode.REQUIRED, message, "redirect_uris"))
    if not draft.scopes:
        errors.append(DomainError(AppErrorCode.REQUIRED, "Grant at least one scope.", "scopes"))
    unknown = sorted(set(draft.scopes) - SCOPE_NAMES)
    if unknown:
        message = f"Unknown scopes: {', '.join(unknown)}."
        errors.append(DomainError(AppErrorCode.UNKNOWN_SCOPE, message, "scopes"))
    if errors:
        raise DomainErrors(errors)


def _client_id() -> str:
    return "kz_" + secrets.token_urlsafe(16)


async def create_app(
    organization_id: UUID, actor: Actor, draft: AppDraft
) -> tuple[OAuthApp, str | None]:
    """The new app and, for a confidential app, its secret (shown only now)."""
    check_draft(draft)
    if await OAuthApp.filter(organization_id=organization_id).count() >= MAX_APPS:
        message = f"An organization has at most {MAX_APPS} apps: revoke unused ones."
        raise DomainError(AppErrorCode.TOO_MANY, message, None)
    secret = new_secret() if draft.confidential else None
    async with in_transaction():
        app = OAuthApp(
            organization_id=organization_id,
            name=draft.name.strip(),
            client_id=_client_id(),
            secret_hash=None if secret is None else digest(secret),
            redirect_uris=list(dict.fromkeys(draft.redirect_uris)),
            scopes=sorted(set(draft.scopes)),
        )
        app.stamp(actor, created=True)
        await app.save()
        changes = {"name": app.name, "scopes": app.scopes, "redirect_uris": app.redirect_uris}
        await audit(organization_id, actor, "oauth_app.created", "oauth_app", app.id, changes)
    return app, secret


async def _live_app(organization_id: UUID, app_id: UUID) -> OAuthApp:
    app = await OAuthApp.get_or_none(id=app_id, organization_id=organization_id)
    if app is None:
        raise DomainError(AppErrorCode.NOT_FOUND, "No app with this id.", "id")
    if app.revoked_at is not None:
        raise DomainError(AppErrorCode.REVOKED, "This app was revoked.", "id")
    return app


async def rotate_secret(organization_id: UUID, actor: Actor, app_id: UUID) -> tuple[OAuthApp, str]:
    """A new secret replaces the old one at once; the app's tokens stay valid."""
    app = await _live_app(organization_id, app_id)
    if app.secret_hash is None:
        message = "A public app has no secret."
        raise DomainError(AppErrorCode.PUBLIC_APP_HAS_NO_SECRET, message, "id")
    secret = new_secret()
    async with in_transaction():
        app.secret_hash = digest(secret)
        app.stamp(actor)
        await app.save(
            update_fields=["secret_hash", "updated_at", "updated_by_kind", "updated_by_id"]
        )
        await audit(organization_id, actor, "oauth_app.secret_rotated", "oauth_app", app.id)
    return app, secret


async def revoke_app(organization_id: UUID, actor: Actor, app_id: UUID) -> OAuthApp:
    """The app stops working: no new tokens, and every session it holds ends."""
    app = await _live_app(organization_id, app_id)
    now = clock.now()
    async with in_transaction():
        if not await OAuthApp.filter(id=app.id, revoked_at=None).update(revoked_at=now):
            raise DomainError(AppErrorCode.REVOKED, "This app was revoked.", "id")
        ended = await Session.filter(app_id=app.id, revoked_at=None).update(
            revoked_at=now, revoked_reason="app_revoked"
        )
        await audit(
            organization_id, actor, "oauth_app.revoked", "oauth_app", app.id, {"sessions": ended}
        )
    app.revoked_at = now
    return app


async def apps_of(organization_id: UUID) -> list[OAuthApp]:
    return await OAuthApp.filter(organization_id=organization_id).order_by("name", "id")
