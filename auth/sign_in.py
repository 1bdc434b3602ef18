"""Signing in with email and password, and changing one's password.

An unknown email and a wrong password are refused alike — same code, same message, and
about the same time (one argon2 verification each) — so that sign-in does not tell who has
an account. Failures are limited per account from one address, per account, and per
address (see the limits below); blocks always end, and a successful sign-in clears the
count of its account from its address.
"""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from auth.passwords import hash_password, policy_errors, rehash_if_needed, verify_password
from auth.passwords import store_password as store_password_hash
from auth.sessions import TokenPair, end_session, start_session
from domain.accounts.models import Membership, User
from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import nfkc, normalize_email
from domain.identity import throttle
from domain.identity.error_codes import MESSAGES, SessionErrorCode
from domain.identity.models import Session, SignInMethod

MAX_EMAIL_LENGTH = 254

# One attacker address guessing one account's password is stopped quickly; the owner signing
# in from elsewhere is not (the per-account limit is far above what one address can reach
# while it is blocked every fifth failure).
ACCOUNT_FROM_ADDRESS = throttle.Limit(
    "sign_in:account_address",
    5,
    window=timedelta(minutes=15),
    block=timedelta(minutes=15),
    by_account=True,
)
ACCOUNT = throttle.Limit(
    "sign_in:account", 50, window=timedelta(hours=1), block=timedelta(minutes=15), by_account=True
)
ADDRESS = throttle.Limit(
    "sign_in:address", 100, window=timedelta(minutes=15), block=timedelta(minutes=15)
)
FAILED_SIGN_IN = Actor.system("sign_in")  # nobody is proven to be acting yet


class SignInRefused(DomainError):
    """Signing in was refused; `organizations` lists the account's organizations when the
    password was right but the organization must be chosen (or was not one of them)."""

    def __init__(
        self,
        code: SessionErrorCode,
        field: str | None = None,
        *,
        retry_after: int | None = None,
        organizations: list[str] | None = None,
    ) -> None:
        message = MESSAGES[code]
        if retry_after is not None:
            message = f"Too many failed attempts. Try again in {retry_after} seconds."
        super().__init__(code, message, field)
        self.retry_after = retry_after
        self.organizations = organizations


@dataclass(frozen=True)
class SignedIn:
    tokens: TokenPair
    organizations: list[str]  # slugs of every organization the account belongs to


def _keys(email: str, client_address: str) -> list[tuple[throttle.Limit, tuple[str, ...]]]:
    return [
        (ACCOUNT_FROM_ADDRESS, (email, client_address)),
        (ACCOUNT, (email,)),
        (ADDRESS, (client_address,)),
    ]


async def _refuse_if_blocked(email: str, client_address: str) -> None:
    waits = [
        await throttle.retry_after(limit, *parts) for limit, parts in _keys(email, client_address)
    ]
    if blocked := [wait for wait in waits if wait is not None]:
        raise SignInRefused(SessionErrorCode.RATE_LIMITED, retry_after=max(blocked))


async def _count_failure(email: str, client_address: str, field: str | None) -> SignInRefused:
    waits = [
        await throttle.record_attempt(limit, *parts)
        for limit, parts in _keys(email, client_address)
    ]
    if blocked := [wait for wait in waits if wait is not None]:
        return SignInRefused(SessionErrorCode.RATE_LIMITED, retry_after=max(blocked))
    return SignInRefused(SessionErrorCode.INVALID_CREDENTIALS, field)


async def _memberships(user_id: UUID) -> list[Membership]:
    return (
        await Membership.filter(user_id=user_id)
        .select_related("organization")
        .order_by("organization__slug")
    )


async def sign_in(
    secret_key: str,
    email: str,
    password: str,
    organization: str | None,
    *,
    access_minutes: int,
    client_address: str,
) -> SignedIn:
    """Tokens of a new session in the chosen organization, or SignInRefused."""
    email = normalize_email(email)[: MAX_EMAIL_LENGTH + 1]
    slug = None if organization is None else nfkc(organization).lower()
    await _refuse_if_blocked(email, client_address)
    user = await User.get_or_none(email=email) if len(email) <= MAX_EMAIL_LENGTH else None
    verified = await verify_password(None if user is None else user.password_hash, password)
    memberships = [] if user is None else await _memberships(user.id)
    slugs = [membership.organization.slug for membership in memberships]
    chosen = [m for m in memberships if m.organization.slug == slug]
    if not verified:
        refused = await _count_failure(email, client_address, None)
        reason = refused.code.value
        for membership in chosen or memberships:
            await audit(
                membership.organization_id,
                FAILED_SIGN_IN,
                "auth.sign_in_failed",
                "user",
                membership.user_id,
                {
                    "method": SignInMethod.PASSWORD.value,
                    "reason": reason,
                    "client_address": client_address,
                },
            )
        raise refused
    assert user is not None
    if slug is not None and not chosen:
        raise SignInRefused(SessionErrorCode.NOT_A_MEMBER, "organization", organizations=slugs)
    if not chosen and len(memberships) > 1:
        raise SignInRefused(
            SessionErrorCode.ORGANIZATION_REQUIRED, "organization", organizations=slugs
        )
    if not memberships:
        raise SignInRefused(SessionErrorCode.NOT_A_MEMBER, organizations=[])
    membership = (chosen or memberships)[0]
    await throttle.clear(ACCOUNT_FROM_ADDRESS, email, client_address)
    await rehash_if_needed(user, password)
    async with in_transaction():
        tokens = await start_session(
            secret_key,
            membership.organization_id,
            user.id,
            SignInMethod.PASSWORD,
            access_minutes=access_minutes,
            client_address=client_address,
        )
        await audit(
            membership.organization_id,
            Actor.user(user.id),
            "auth.sign_in",
            "user",
            user.id,
            {
                "method": SignInMethod.PASSWORD.value,
                "session_id": str(tokens.session_id),
                "client_address": client_address,
            },
        )
    return SignedIn(tokens, slugs)


async def change_password(
    user_id: UUID,
    session_id: UUID | None,
    current_password: str,
    new_password: str,
    *,
    client_address: str,
) -> int:
    """Replace the signed-in user's password and end their other sessions (how many is
    returned). A wrong current password counts as a failed sign-in of the account."""
    user = await User.get(id=user_id)
    errors = policy_errors(new_password, user.email, field="new_password")
    if errors:
        raise DomainErrors(errors)
    await _refuse_if_blocked(user.email, client_address)
    if not await verify_password(user.password_hash, current_password):
        raise await _count_failure(user.email, client_address, "current_password")
    password_hash = await hash_password(new_password)
    actor = Actor.user(user.id)
    async with in_transaction():
        await store_password_hash(user.id, password_hash, actor)
        return await end_sessions_of(user.id, actor, "password_changed", keep=session_id)


async def end_sessions_of(
    user_id: UUID, actor: Actor, reason: str, *, keep: UUID | None = None
) -> int:
    """End every open session of the user (but `keep`); returns how many ended."""
    sessions = Session.filter(user_id=user_id, revoked_at=None)
    if keep is not None:
        sessions = sessions.exclude(id=keep)
    ended = [await end_session(session.id, actor, reason) for session in await sessions]
    return sum(ended)
