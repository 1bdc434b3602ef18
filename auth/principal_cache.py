"""Recently verified principals by access token.

A client sends many requests with one token; looking its membership up on each of them was
most of the cost of a small query. A principal found here is at most `seconds` old, so a
membership removed, or a session revoked, in another process (or by hand in the database)
keeps working for up to that long in each server process; a session revoked in this process
is forgotten at once. A token never outlives its own expiry. `seconds = 0` turns the cache
off.

The cached principal's models are shared by every request with that token: request code
reads them and never changes them.
"""

import time
import weakref
from uuid import UUID

from auth.principal import Principal

MAX_ENTRIES = 10_000
_caches: "weakref.WeakSet[PrincipalCache]" = weakref.WeakSet()


def forget_session(session_id: UUID) -> None:
    """Drop a revoked session's principals from every cache in this process, so that signing
    out takes effect here at once (other processes: within their cache's seconds)."""
    for cache in list(_caches):
        cache.forget_session(session_id)


class PrincipalCache:
    def __init__(self, seconds: float, max_entries: int = MAX_ENTRIES) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, Principal]] = {}
        _caches.add(self)

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        valid_until, principal = entry
        if time.time() >= valid_until:
            del self._entries[token]
            return None
        return principal

    def put(self, token: str, principal: Principal, expires_at: float) -> None:
        if self.seconds <= 0:
            return
        if len(self._entries) >= self.max_entries:
            # Drop the oldest entry (dicts keep insertion order): a cache, not a store.
            del self._entries[next(iter(self._entries))]
        self._entries[token] = (min(time.time() + self.seconds, expires_at), principal)

    def forget_session(self, session_id: UUID) -> None:
        for token, (_, principal) in list(self._entries.items()):
            if principal.session_id == session_id:
                del self._entries[token]

    def clear(self) -> None:
        self._entries.clear()
