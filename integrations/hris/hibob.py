"""HiBob (Bob): webhooks v2.

Follows Bob's API docs (https://apidocs.hibob.com): "Getting started with Webhooks" and the
employee event pages (`post_webhook_employee-left`, table event examples).

Signature: the `Bob-Signature` header is base64(HMAC-SHA512(secret, raw body)), the secret
being the one shown with the webhook in Bob's settings. Nothing else is signed, and Bob
retries for up to 3 days, so there is no freshness check.

Body (v2): `{companyId: number, type, triggeredBy, triggeredAt, version: "v2", data}`, where
`data` carries only ids (`data.employeeId` for employee events); the documented example of
`triggeredAt` is "2025-01-08T13:06:26.915906", with no offset, read here as UTC (an
assumption). Legacy v1 webhooks (an `employee` object; none can be created since spring 2025)
are not supported.

A departure is `employee.left`: sent once the lifecycle entry "terminated" (or garden leave,
whichever comes first) takes effect, at midnight of its effective date in the site's time
zone. Its payload has no leave date, no email and no employee number: the report carries
Bob's employee id and the event time. `employee.inactivated` (leave *or* termination),
`employee.updated` (field ids only), `employee.deleted` and the rest are ignored, as is the
"Ping test" Bob posts when a webhook is set up.

Bob sends no event id, so the event id is the SHA-256 of the raw body.
"""

import base64
import binascii
import hashlib
import hmac
from datetime import UTC

from integrations.hris.common import (
    DepartureReport,
    HrisError,
    HrisErrorCode,
    Ignored,
    body_sha256,
    json_object,
    parse_datetime,
    required,
    signature,
)

NAME = "hibob"
HEADER = "Bob-Signature"
PING = "Ping test"


def _digest(body: bytes, secret: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha512).digest()


def sign(body: bytes, secret: str) -> dict[str, str]:
    return {HEADER: base64.b64encode(_digest(body, secret)).decode("ascii")}


def verify(headers: dict[str, str], body: bytes, secret: str) -> None:
    try:
        given = base64.b64decode(signature(headers, HEADER), validate=True)
    except binascii.Error:
        raise HrisError(HrisErrorCode.BAD_SIGNATURE) from None
    if not hmac.compare_digest(given, _digest(body, secret)):
        raise HrisError(HrisErrorCode.BAD_SIGNATURE)


def parse(body: bytes) -> DepartureReport | Ignored:
    if body.strip() == PING.encode():
        return Ignored("Bob's connection test.")
    payload = json_object(body)
    if payload == {"text": PING}:
        return Ignored("Bob's connection test.")
    event = required(payload, "type", str)
    occurred_at = parse_datetime(required(payload, "triggeredAt", str), "triggeredAt", UTC)
    if event != "employee.left":
        return Ignored(f"HiBob {event} is not a departure.")
    data = required(payload, "data", dict)
    return DepartureReport(
        provider=NAME,
        event_id=body_sha256(body),
        employee_number=None,
        email=None,
        provider_employee_id=required(data, "employeeId", str, "data.employeeId"),
        left_on=None,
        occurred_at=occurred_at,
    )
