"""Recently verified principals by access token.

A client sends many requests with one token; looking its membership up on each of them was
most of the cost of a small query. A principal found here is at most `seconds` old, so a
membership removed in another process (or by hand in the database) keeps working for up to
that long in each server process; a token never outlives its own expiry. `seconds = 0`
turns the cache off.

The cached principal's models are shared by every request with that token: request code
reads them and never changes them.
"""

import time

from auth.principal import Principal

MAX_ENTRIES = 10_000


class PrincipalCache:
    def __init__(self, seconds: float, max_entries: int = MAX_ENTRIES) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict[str, tuple[float, Principal]] = {}

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

    def clear(self) -> None:
        self._entries.clear()
