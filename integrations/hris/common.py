"""What every HRIS adapter returns or raises, and the small parsing helpers they share."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any

MAX_BODY_BYTES = 256 * 1024


class HrisErrorCode(StrEnum):
    """Why an inbound HRIS event was refused."""

    UNKNOWN_PROVIDER = "unknown_provider"
    MISSING_SIGNATURE = "missing_signature"
    BAD_SIGNATURE = "bad_signature"
    MALFORMED_PAYLOAD = "malformed_payload"
    # Reserved for a provider whose scheme signs a delivery timestamp. SmartHR, HiBob and Gusto
    # sign none (their event times sit in the body and retries go on for days), so no adapter
    # raises it today.
    STALE_EVENT = "stale_event"
    BODY_TOO_LARGE = "body_too_large"


MESSAGES: dict[HrisErrorCode, str] = {
    HrisErrorCode.UNKNOWN_PROVIDER: "This HR system is not supported: use smarthr, hibob or gusto.",
    HrisErrorCode.MISSING_SIGNATURE: "The request carries no signature header.",
    HrisErrorCode.BAD_SIGNATURE: "The signature does not match the body and the signing secret.",
    HrisErrorCode.MALFORMED_PAYLOAD: "The body is not the event the HR system documents.",
    HrisErrorCode.STALE_EVENT: "The event was signed too long ago: it may be a replay.",
    HrisErrorCode.BODY_TOO_LARGE: f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.",
}


class HrisError(Exception):
    """The event was refused; `key` names the payload key at fault, if there is one."""

    def __init__(
        self, code: HrisErrorCode, message: str | None = None, key: str | None = None
    ) -> None:
        self.code = code
        self.message = message or MESSAGES[code]
        self.key = key
        super().__init__(self.message)


@dataclass(frozen=True)
class DepartureReport:
    """A verified report that someone left (or is leaving) the organization."""

    provider: str
    event_id: str  # the provider's event id, else the SHA-256 (hex) of the raw body
    employee_number: str | None
    email: str | None
    provider_employee_id: str | None
    left_on: date | None
    occurred_at: datetime  # timezone-aware


@dataclass(frozen=True)
class Ignored:
    """A verified, well-formed event that is not a departure."""

    reason: str


def lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    """HTTP header names are case-insensitive: look them up in lower case."""
    return {name.lower(): value for name, value in headers.items()}


def signature(headers: dict[str, str], name: str) -> str:
    """The value of header `name` (headers already lower-cased), stripped; refused if empty."""
    value = headers.get(name.lower(), "").strip()
    if not value:
        raise HrisError(HrisErrorCode.MISSING_SIGNATURE, f"The {name} header is missing.")
    return value


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def malformed(key: str, problem: str) -> HrisError:
    return HrisError(HrisErrorCode.MALFORMED_PAYLOAD, f"{key} {problem}.", key)


def json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise HrisError(HrisErrorCode.MALFORMED_PAYLOAD, "The body is not JSON.") from None
    if not isinstance(payload, dict):
        raise HrisError(HrisErrorCode.MALFORMED_PAYLOAD, "The body is not a JSON object.")
    return payload


_MISSING = object()


def required(payload: dict[str, Any], key: str, kind: type, path: str | None = None) -> Any:
    """payload[key], which must be there and of `kind` (a bool is never an int here)."""
    path = path or key
    value = payload.get(key, _MISSING)
    if value is _MISSING:
        raise malformed(path, "is missing")
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise malformed(path, f"must be {_KIND_NAMES[kind]}")
    if kind is str and not value.strip():
        raise malformed(path, "must not be empty")
    return value


def optional_str(payload: dict[str, Any], key: str, path: str | None = None) -> str | None:
    """payload[key] as a string; absent, null and blank all read as None."""
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise malformed(path or key, "must be a string or null")
    return value.strip() or None


def parse_datetime(value: str, path: str, naive_means: tzinfo) -> datetime:
    """An ISO 8601 date-time; one without an offset is read in `naive_means`."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise malformed(path, "must be an ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=naive_means)


def parse_date(value: str, path: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise malformed(path, "must be a date (YYYY-MM-DD)") from None


_KIND_NAMES: dict[type, str] = {str: "a string", int: "an integer", dict: "an object"}
