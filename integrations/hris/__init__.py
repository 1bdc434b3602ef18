"""Inbound HRIS departure events: verify a webhook request and turn it into a DepartureReport.

Pure functions, no I/O: the HTTP endpoint hands over the provider's name, the request headers,
the raw body bytes (before any JSON parsing: signatures cover the exact bytes) and the
organization's secret for that provider, and gets back a `DepartureReport`, an `Ignored` (a
genuine event that is not a departure: answer 2xx so the provider stops retrying) or an
`HrisError` (answer 4xx). `DepartureReport.event_id` is the idempotency key: providers retry
for days and may deliver an event twice.

Each provider module says which documentation it follows and what it had to assume:
`smarthr` (a shared token, not a signature), `hibob` (HMAC-SHA512, base64) and `gusto`
(HMAC-SHA256, hex).
"""

from collections.abc import Mapping
from datetime import datetime
from types import ModuleType

from integrations.hris import gusto, hibob, smarthr
from integrations.hris.common import (
    MAX_BODY_BYTES,
    DepartureReport,
    HrisError,
    HrisErrorCode,
    Ignored,
    lower_keys,
)

__all__ = [
    "MAX_BODY_BYTES",
    "PROVIDERS",
    "DepartureReport",
    "HrisError",
    "HrisErrorCode",
    "Ignored",
    "sign",
    "verify_and_parse",
]

PROVIDERS: dict[str, ModuleType] = {module.NAME: module for module in (smarthr, hibob, gusto)}


def _provider(name: str) -> ModuleType:
    module = PROVIDERS.get(name.strip().lower())
    if module is None:
        raise HrisError(HrisErrorCode.UNKNOWN_PROVIDER)
    return module


def verify_and_parse(
    provider: str, headers: Mapping[str, str], body: bytes, secret: str, *, now: datetime
) -> DepartureReport | Ignored:
    """Check the request came from `provider` with `secret`, then read the event.

    `now` (timezone-aware) is when the request arrived: it is what a provider signing a
    delivery timestamp would be checked against (STALE_EVENT). None of the three does.
    """
    module = _provider(provider)
    if not secret:
        raise ValueError("The organization has no secret for this provider.")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware.")
    if len(body) > MAX_BODY_BYTES:
        raise HrisError(HrisErrorCode.BODY_TOO_LARGE)
    module.verify(lower_keys(headers), body, secret)
    return module.parse(body)


def sign(provider: str, body: bytes, secret: str) -> dict[str, str]:
    """The authentication header `provider` would send with `body`, for tests and examples."""
    return _provider(provider).sign(body, secret)
