"""Turns what people typed into the values we store, or a precise error per field."""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from domain.common.choices import NotAChoice, one_of
from domain.common.errors import DomainError, DomainErrors
from domain.common.text import has_control_characters, nfkc, normalize_email, normalize_kana
from domain.people.error_codes import MESSAGES, PeopleErrorCode

MAX_LABELS = 30
MAX_LABEL_LENGTH = 50


def error(code: PeopleErrorCode, field: str | None, message: str | None = None) -> DomainError:
    return DomainError(code, message or MESSAGES[code], field)


def printable(value: str, field: str) -> str:
    """Refuse control characters (NUL and the like): no one types them, PostgreSQL cannot
    store NUL, and they hide text in exports. Tabs and line breaks are fine."""
    if has_control_characters(value):
        raise error(PeopleErrorCode.INVALID, field)
    return value


def text(value: str, field: str, max_length: int, *, required: bool = False) -> str:
    cleaned = printable(value, field).strip()
    if required and not cleaned:
        raise error(PeopleErrorCode.REQUIRED, field)
    if len(cleaned) > max_length:
        raise error(PeopleErrorCode.TOO_LONG, field, f"At most {max_length} characters.")
    return cleaned


def kana(value: str, field: str) -> str:
    return text(normalize_kana(value), field, 100)


def email(value: str | None, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    normalized = normalize_email(printable(value, field))
    if len(normalized) > 254:
        raise error(PeopleErrorCode.TOO_LONG, field, "At most 254 characters.")
    try:
        validate_email(normalized, check_deliverability=False)
    except EmailNotValidError as exc:
        raise error(PeopleErrorCode.INVALID_EMAIL, field, str(exc)) from None
    return normalized


def phone(value: str | None, field: str) -> str | None:
    """Stored as E.164; numbers without a country code are read as Japanese."""
    if value is None or not value.strip():
        return None
    typed = nfkc(printable(value, field))
    if len(typed) > 32:
        raise error(PeopleErrorCode.TOO_LONG, field, "At most 32 characters.")
    try:
        number = phonenumbers.parse(typed, "JP")
    except phonenumbers.NumberParseException:
        raise error(PeopleErrorCode.INVALID_PHONE, field) from None
    if not phonenumbers.is_valid_number(number):
        raise error(PeopleErrorCode.INVALID_PHONE, field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def employee_number(value: str | None, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    return text(nfkc(value), field, 32)


def choice(kind: type[StrEnum], value: object, field: str) -> StrEnum:
    try:
        return one_of(kind, value)
    except NotAChoice as wrong:
        raise error(PeopleErrorCode.INVALID, field, str(wrong)) from None


def labels(values: list[str], field: str) -> list[str]:
    """Skills or tags: trimmed, NFKC, de-duplicated in the order given."""
    if len(values) > MAX_LABELS:
        raise error(PeopleErrorCode.TOO_MANY, field, f"At most {MAX_LABELS} values.")
    seen: dict[str, None] = {}
    for value in values:
        cleaned = nfkc(printable(value, field))
        if not cleaned:
            raise error(PeopleErrorCode.REQUIRED, field, "Values cannot be empty.")
        if len(cleaned) > MAX_LABEL_LENGTH:
            raise error(
                PeopleErrorCode.TOO_LONG, field, f"At most {MAX_LABEL_LENGTH} characters each."
            )
        seen.setdefault(cleaned, None)
    return list(seen)


def gather(*steps: Callable[[], Any]) -> list[Any]:
    """Run every validation step, so that one answer lists all that is wrong."""
    results: list[Any] = []
    errors: list[DomainError] = []
    for step in steps:
        try:
            results.append(step())
        except DomainErrors as refused:
            errors.extend(refused.errors)
        except DomainError as refused:
            errors.append(refused)
    if errors:
        raise DomainErrors(errors)
    return results


def collect(checks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run each zero-argument check, gathering every field's error at once."""
    results: dict[str, Any] = {}
    errors: list[DomainError] = []
    for name, check in checks.items():
        try:
            results[name] = check()
        except DomainError as exc:
            errors.append(exc)
    if errors:
        raise DomainErrors(errors)
    return results
