"""SmartHR: employee (crew) webhooks.

Follows SmartHR's "Webhook の仕様について" (https://developer.smarthr.jp/api/about_webhook):
events `crew_created`, `crew_updated`, `crew_deleted`, `crew_imported` and the `dependent_*`
ones; retries for about 3 days. The body envelope `{event, triggered_at, sender, crew}` and
the crew fields (`id`, `emp_code` 社員番号, `email`, `emp_status` employed | absent | retired,
`resigned_at` 退職年月日 as YYYY-MM-DD) are taken from the community SmartHR.NET SDK's webhook
and crew types (nogic1008/SmartHR.NET): they could not be confirmed on SmartHR's own page.

Verification is not an HMAC: SmartHR sends the webhook's secret token itself in the
`X-SmartHR-Token` header, and that is all it documents. The token is compared in constant
time. It proves the sender knows the token, but it does not cover the body: a body changed
in transit still passes, so the endpoint must only be reachable over TLS.

A departure is a `crew_updated` whose crew has `emp_status` "retired" ("resigned" is also
accepted, the value being unconfirmed) or a `resigned_at` date, which may lie in the future
when HR records a leave in advance. Every later update of that crew reports it again, under
another event id: recording a departure is refused for someone already gone, so that is
harmless. `crew_created` (e.g. entering past employees), `crew_deleted` (the record is
erased, not the person leaving) and the rest are ignored.

With the "ID only" option (送信する内容: 変更されたデータのIDのみ, `expose_only_id`) the crew
object carries no status, so nothing tells whether the person left: such events are ignored,
and organizations must send the full crew for off-boarding to start automatically.

SmartHR sends no event id, so the event id is the SHA-256 of the raw body. A `triggered_at`
without an offset (not expected) is read as Japan time.
"""

import hmac
from datetime import timedelta, timezone

from integrations.hris.common import (
    DepartureReport,
    HrisError,
    HrisErrorCode,
    Ignored,
    body_sha256,
    json_object,
    optional_str,
    parse_date,
    parse_datetime,
    required,
    signature,
)

NAME = "smarthr"
HEADER = "X-SmartHR-Token"
JST = timezone(timedelta(hours=9), "JST")
DEPARTED_STATUSES = frozenset({"retired", "resigned"})


def sign(body: bytes, secret: str) -> dict[str, str]:
    return {HEADER: secret}


def verify(headers: dict[str, str], body: bytes, secret: str) -> None:
    token = signature(headers, HEADER)
    if not hmac.compare_digest(token.encode("utf-8"), secret.encode("utf-8")):
        raise HrisError(HrisErrorCode.BAD_SIGNATURE)


def parse(body: bytes) -> DepartureReport | Ignored:
    payload = json_object(body)
    event = required(payload, "event", str)
    occurred_at = parse_datetime(required(payload, "triggered_at", str), "triggered_at", JST)
    if event != "crew_updated":
        return Ignored(f"SmartHR {event} is not a departure.")
    crew = required(payload, "crew", dict)
    crew_id = required(crew, "id", str, "crew.id")
    if "emp_status" not in crew and "resigned_at" not in crew:
        return Ignored(
            f"SmartHR sent only the id of crew {crew_id}: send the whole crew to detect departures."
        )
    status = optional_str(crew, "emp_status", "crew.emp_status")
    resigned_at = optional_str(crew, "resigned_at", "crew.resigned_at")
    left_on = parse_date(resigned_at, "crew.resigned_at") if resigned_at else None
    if status not in DEPARTED_STATUSES and left_on is None:
        return Ignored(f"SmartHR crew {crew_id} has not left (emp_status {status}).")
    return DepartureReport(
        provider=NAME,
        event_id=body_sha256(body),
        employee_number=optional_str(crew, "emp_code", "crew.emp_code"),
        email=optional_str(crew, "email", "crew.email"),
        provider_employee_id=crew_id,
        left_on=left_on,
        occurred_at=occurred_at,
    )
