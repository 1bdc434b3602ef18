"""Alumni sign in without a password: a one-time link sent to their personal email.

Alumni lost the corporate login when they left; the email on their account is the personal
one. A link works once, for 15 minutes, and only its digest is stored. The mail is sent right
after the link is committed rather than through the outbox: the outbox would keep the
plaintext link in the database until sent. A failed send is logged and the caller asks again.

Asking answers the same whether or not the account exists, so that it tells nobody who has
one; only accounts with an alumnus membership in the organization get a link (staff sign in
with a password or their company's OpenID provider).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Protocol
from uuid import UUID

from tortoise.transactions import in_transaction

from auth.sessions import TokenPair, start_session
from auth.sign_in import SignInRefused
from domain.accounts.models import Membership, Role
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.text import normalize_email
from domain.identity import throttle
from domain.identity.error_codes import SessionErrorCode
from domain.identity.models import MagicLink, SignInMethod
from domain.identity.secrets import digest, new_secret
from integrations.mail import MailSettings, send_mail

log = logging.getLogger("kizuna.magic_links")

LIFETIME = timedelta(minutes=15)
PER_EMAIL = throttle.Limit(
    "magic_link:email",
    3,
    window=timedelta(minutes=15),
    block=timedelta(minutes=15),
    by_account=True,
)
PER_ADDRESS = throttle.Limit(
    "magic_link:address", 20, window=timedelta(hours=1), block=timedelta(hours=1)
)
REDEEMS_PER_ADDRESS = throttle.Limit(
    "magic_link_redeem:address", 30, window=timedelta(minutes=15), block=timedelta(minutes=15)
)
MAX_TOKEN_LENGTH = 100


class LinkSettings(MailSettings, Protocol):
    secret_key: str
    access_token_minutes: int
    magic_link_url: str


@dataclass(frozen=True)
class _NewLink:
    token: str
    email: str
    organization_name: str


async def _limit(limit: throttle.Limit, *parts: str) -> None:
    if (wait := await throttle.record_attempt(limit, *parts)) is not None:
        raise SignInRefused(SessionErrorCode.RATE_LIMITED, retry_after=wait)


async def request_link(
    settings: LinkSettings, email: str, organization_slug: str, client_address: str
) -> None:
    """Send a link when the account may have one; silent otherwise. Raises only
    RATE_LIMITED."""
    email = normalize_email(email)[:254]
    await _limit(PER_ADDRESS, client_address)
    await _limit(PER_EMAIL, email)
    created = await _create_link(email, organization_slug[:63], client_address)
    if created is None:
        return
    try:
        await send_mail(_message(settings, created), settings)
    except Exception:
        log.exception(
            "the sign-in link could not be sent", extra={"organization": organization_slug}
        )


async def _create_link(email: str, slug: str, client_address: str) -> _NewLink | None:
    membership = (
        await Membership.filter(user__email=email, organization__slug=slug, role=Role.ALUMNUS)
        .select_related("organization")
        .first()
    )
    if membership is None:
        return None
    token = new_secret()
    async with in_transaction():
        link = await MagicLink.create(
            organization_id=membership.organization_id,
            user_id=membership.user_id,
            token_hash=digest(token),
            expires_at=clock.now() + LIFETIME,
            requested_from=client_address[:64],
        )
        await audit(
            membership.organization_id,
            Actor.user(membership.user_id),
            "magic_link.requested",
            "magic_link",
            link.id,
            {"client_address": client_address},
        )
    return _NewLink(token, email, membership.organization.name)


def _message(settings: LinkSettings, link: _NewLink) -> EmailMessage:
    url = settings.magic_link_url.replace("{token}", link.token)
    minutes = int(LIFETIME.total_seconds() // 60)
    message = EmailMessage()
    message["To"] = link.email
    message["Subject"] = f"{link.organization_name} アルムナイ ログインリンク / Sign-in link"
    message.set_content(
        f"{link.organization_name} のアルムナイサイトへのログインリンクです。\n"
        f"{minutes}分以内に一度だけ使えます。\n\n{url}\n\n"
        "心当たりがない場合は、このメールを破棄してください。\n\n"
        f"Your sign-in link for {link.organization_name}'s alumni network. "
        f"It works once, within {minutes} minutes.\n\n{url}\n\n"
        "If you did not ask for it, you can ignore this email.\n"
    )
    return message


async def redeem_link(settings: LinkSettings, token: str, client_address: str) -> TokenPair:
    """A session for the link's account; forged, expired and used links are refused alike."""
    await _limit(REDEEMS_PER_ADDRESS, client_address)
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise SignInRefused(SessionErrorCode.INVALID_LINK, "token")
    now = clock.now()
    link = await MagicLink.get_or_none(token_hash=digest(token))
    # Conditional update: of two concurrent uses of one link, exactly one signs in.
    if link is None or not await MagicLink.filter(
        id=link.id, used_at=None, expires_at__gt=now
    ).update(used_at=now):
        raise SignInRefused(SessionErrorCode.INVALID_LINK, "token")
    if not await Membership.exists(
        user_id=link.user_id, organization_id=link.organization_id, role=Role.ALUMNUS
    ):
        raise SignInRefused(SessionErrorCode.INVALID_LINK, "token")
    return await _start(settings, link.organization_id, link.user_id, client_address)


async def _start(
    settings: LinkSettings, organization_id: UUID, user_id: UUID, client_address: str
) -> TokenPair:
    tokens = await start_session(
        settings.secret_key,
        organization_id,
        user_id,
        SignInMethod.MAGIC_LINK,
        access_minutes=settings.access_token_minutes,
        client_address=client_address,
    )
    await audit(
        organization_id,
        Actor.user(user_id),
        "auth.sign_in",
        "session",
        tokens.session_id,
        {"method": SignInMethod.MAGIC_LINK.value, "client_address": client_address},
    )
    return tokens
