"""Ids: time-ordered ones (UUID version 7, RFC 9562) for rows written in bulk, and ids read
back from SQLite's text.

A random id (version 4) lands anywhere in the primary-key index and in every index that
holds it as a foreign key, so inserting 100,000 people touches pages all over those indexes,
and SQLite's page cache (2 MB) no longer holds them: a 100,000-row roster import spent half
its database time there. Ids that grow with the clock are appended at the right edge of each
index instead. They are still unique UUIDs with 74 random bits; the time they carry is the
row's created_at, which Kizuna shows anyway.
"""

import os
import time
from functools import lru_cache
from uuid import UUID

_VERSION_AND_VARIANT = (0x7 << 76) | (0b10 << 62)


def ordered_id() -> str:
    """A new UUID version 7, as the text the database stores."""
    text = f"{_ordered_int():032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def ordered_uuid() -> UUID:
    return UUID(int=_ordered_int())


def _ordered_int() -> int:
    ms, rest = divmod(time.time_ns(), 1_000_000)
    # The 12 bits after the milliseconds count 1/4096 ms, so that ids made within one
    # millisecond keep their order too (RFC 9562 §6.2, method 3).
    fraction = rest * 4096 // 1_000_000
    random = int.from_bytes(os.urandom(8)) >> 2
    return (ms << 80) | (fraction << 64) | _VERSION_AND_VARIANT | random


@lru_cache(maxsize=8192)
def uuid_from_text(text: str) -> UUID:
    """The UUID of an id as SQLite hands it back (text). Listed pages read the same ids
    request after request (the organization's, its people's, their departments'): each is
    made once and then looked up, instead of parsed again (hundreds per page)."""
    return UUID(text)
