"""Gusto: webhook events for the Employee subscription type.

Follows Gusto's developer docs (https://docs.gusto.com): "Webhooks" (verifying event
integrity) and "Employee Events".

Signature: the `X-Gusto-Signature` header is the hex HMAC-SHA256 of the raw body, keyed with
the subscription's `verification_token`. Only the body is signed and Gusto retries up to 16
times with exponential backoff, so there is no freshness check. The one-off
`{"verification_token": …}` POST that sets a subscription up comes before the token is known
and is not handled here.

Body: `{uuid, event_type, resource_type: "Company", resource_uuid, entity_type, entity_uuid,
timestamp}`, `uuid` being the event id and `timestamp` Unix seconds. Events are ids only.

A departure is `employee.terminated` ("Employee termination has been created", possibly for a
future date): the report carries the employee's uuid and the event time, and no leave date,
which only Gusto's API knows. `employee.terminated_effective` (or, as a changelog spells it,
`employee.termination_effective`) comes later for the same termination and is ignored, as are
`employee.termination_cancelled`, `employee.rehired` and the other events.
"""

import hashlib
import hmac
from datetime import UTC, datetime

from integrations.hris.common import (
    DepartureReport,
    HrisError,
    HrisErrorCode,
    Ignored,
    json_object,
    malformed,
    required,
    signature,
)

NAME = "gusto"
HEADER = "X-Gusto-Signature"


def _digest(body: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()


def sign(body: bytes, secret: str) -> dict[str, str]:
    return {HEADER: _digest(body, secret).hex()}


def verify(headers: dict[str, str], body: bytes, secret: str) -> None:
    try:
        given = bytes.fromhex(signature(headers, HEADER))
    except ValueError:
        raise HrisError(HrisErrorCode.BAD_SIGNATURE) from None
    if not hmac.compare_digest(given, _digest(body, secret)):
        raise HrisError(HrisErrorCode.BAD_SIGNATURE)


def parse(body: bytes) -> DepartureReport | Ignored:
    payload = json_object(body)
    event_id = required(payload, "uuid", str)
    event = required(payload, "event_type", str)
    timestamp = required(payload, "timestamp", int)
    try:
        occurred_at = datetime.fromtimestamp(timestamp, UTC)
    except (OverflowError, OSError, ValueError):
        raise malformed("timestamp", "must be a Unix time in seconds") from None
    if event != "employee.terminated":
        return Ignored(f"Gusto {event} is not a departure.")
    if required(payload, "entity_type", str) != "Employee":
        raise malformed("entity_type", 'must be "Employee" for employee.terminated')
    return DepartureReport(
        provider=NAME,
        event_id=event_id,
        employee_number=None,
        email=None,
        provider_employee_id=required(payload, "entity_uuid", str),
        left_on=None,
        occurred_at=occurred_at,
    )
