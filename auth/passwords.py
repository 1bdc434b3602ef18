"""Staff passwords: argon2id hashes, the password policy, and setting a password.

Passwords are NFKC-normalised before hashing, so that a password typed with full-width
characters (a Japanese input method left on) matches the same password typed half-width.
Hashing and verifying take tens of milliseconds of CPU on purpose; they run in a worker
thread so that other requests are not held up meanwhile.
"""

import asyncio
import re
import secrets
import unicodedata
from uuid import UUID

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.transactions import in_transaction

from auth.common_passwords import COMMON_PASSWORDS
from domain.accounts.models import Membership, User
from domain.audit.services import record as audit
from domain.common import clock
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.identity.error_codes import MESSAGES, SessionErrorCode

MIN_LENGTH = 12
MAX_LENGTH = 128
# Shorter local parts ("hr", "jo") occur inside too many ordinary words to refuse them.
MIN_LOCAL_PART_TO_CHECK = 3

# argon2-cffi's defaults (RFC 9106, low-memory profile: argon2id, 64 MiB, 3 passes). When
# they change, hashes made with the old ones are replaced at the next successful sign-in.
hasher = PasswordHasher()

# Verified against when the email matches no account, so that an unknown email takes as
# long to refuse as a wrong password: timing does not tell which accounts exist.
DUMMY_HASH = hasher.hash(secrets.token_urlsafe(32))

TRAILING_DIGITS_AND_SYMBOLS = re.compile(r"[\d\W_]+$")


def normalize(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def policy_errors(password: str, email: str, field: str = "password") -> list[DomainError]:
    """Every rule the password breaks (none: it may be set)."""
    password = normalize(password)

    def refused(code: SessionErrorCode) -> DomainError:
        return DomainError(code, MESSAGES[code], field)

    errors = []
    if len(password) < MIN_LENGTH:
        errors.append(refused(SessionErrorCode.PASSWORD_TOO_SHORT))
    if len(password) > MAX_LENGTH:
        errors.append(refused(SessionErrorCode.PASSWORD_TOO_LONG))
    lowered = password.lower()
    stem = TRAILING_DIGITS_AND_SYMBOLS.sub("", lowered)
    if lowered in COMMON_PASSWORDS or stem in COMMON_PASSWORDS or _repeats(lowered):
        errors.append(refused(SessionErrorCode.PASSWORD_TOO_COMMON))
    local_part = email.partition("@")[0].lower()
    if len(local_part) >= MIN_LOCAL_PART_TO_CHECK and local_part in lowered:
        errors.append(refused(SessionErrorCode.PASSWORD_CONTAINS_EMAIL))
    return errors


def _repeats(password: str) -> bool:
    """One or two characters over and over ("aaaaaaaaaaaa", "abababababab")."""
    return len(set(password)) <= 2


def hash_now(password: str) -> str:
    return hasher.hash(normalize(password))


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(hash_now, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, normalize(password))
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; a missing hash still costs one verification."""
    if password_hash is None:
        await asyncio.to_thread(_verify, DUMMY_HASH, password)
        return False
    return await asyncio.to_thread(_verify, password_hash, password)


async def rehash_if_needed(user: User, password: str) -> None:
    """After a successful verification: store a hash made with the current parameters.
    Conditional on the old hash, so a password changed meanwhile is never overwritten."""
    if user.password_hash is None or not hasher.check_needs_rehash(user.password_hash):
        return
    fresh = await hash_password(password)
    await User.filter(id=user.id, password_hash=user.password_hash).update(password_hash=fresh)


async def set_password(user: User, password: str, actor: Actor) -> None:
    """Set the user's password if the policy allows it (else DomainErrors, nothing written);
    audited as `password.changed` in each organization the user belongs to."""
    errors = policy_errors(password, user.email)
    if errors:
        raise DomainErrors(errors)
    password_hash = await hash_password(password)
    await store_password(user.id, password_hash, actor)


async def store_password(user_id: UUID, password_hash: str, actor: Actor) -> None:
    organization_ids = await Membership.filter(user_id=user_id).values_list(
        "organization_id", flat=True
    )
    async with in_transaction():
        now = clock.now()
        await User.filter(id=user_id).update(
            password_hash=password_hash,
            password_changed_at=now,
            updated_at=now,
            updated_by_kind=actor.kind,
            updated_by_id=actor.id,
        )
        for organization_id in organization_ids:
            await audit(organization_id, actor, "password.changed", "user", user_id)
