"""HRIS departure webhooks: verification and parsing for SmartHR, HiBob and Gusto."""

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from integrations.hris import (
    MAX_BODY_BYTES,
    DepartureReport,
    HrisError,
    HrisErrorCode,
    Ignored,
    sign,
    verify_and_parse,
)
from integrations.hris.common import MESSAGES, body_sha256

NOW = datetime(2025, 4, 1, 9, 30, tzinfo=UTC)
SECRET = "whk-secret-0123456789abcdef"
JST = timezone(timedelta(hours=9))
HEADERS = {"smarthr": "X-SmartHR-Token", "hibob": "Bob-Signature", "gusto": "X-Gusto-Signature"}


def encode(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def deliver(
    provider: str, body: bytes, secret: str = SECRET, signed_with: str = SECRET
) -> DepartureReport | Ignored:
    return verify_and_parse(provider, sign(provider, body, signed_with), body, secret, now=NOW)


def refusal(provider: str, headers: dict[str, str], body: bytes) -> HrisError:
    with pytest.raises(HrisError) as caught:
        verify_and_parse(provider, headers, body, SECRET, now=NOW)
    return caught.value


def smarthr_event(event: str = "crew_updated", **crew: Any) -> dict[str, Any]:
    return {
        "event": event,
        "triggered_at": "2025-03-31T18:05:12.345+09:00",
        "sender": {"id": "0c6f1f5e-hr-admin", "emp_code": "HR-0001"},
        "crew": {
            "id": "7d3c2b1a-0000-4000-8000-00000000c0de",
            "emp_code": "A-0042",
            "last_name": "佐藤",
            "first_name": "花子",
            "email": "hanako.sato@example.co.jp",
            "emp_status": "retired",
            "entered_at": "2019-04-01",
            "resigned_at": "2025-03-31",
            **crew,
        },
    }


def hibob_event(event: str = "employee.left", **data: Any) -> dict[str, Any]:
    return {
        "companyId": 636192,
        "type": event,
        "triggeredBy": "system",
        "triggeredAt": "2025-04-01T00:00:03.512345",
        "version": "v2",
        "data": {"employeeId": "3332883854254932743", **data},
    }


def gusto_event(event: str = "employee.terminated", **fields: Any) -> dict[str, Any]:
    return {
        "uuid": "03ffbf0c-48a9-4f1c-932a-546413a26ad1",
        "event_type": event,
        "resource_type": "Company",
        "resource_uuid": "5df911a0-e8e9-412d-8aaf-a46ad193dd96",
        "entity_type": "Employee",
        "entity_uuid": "bcfc9744-0ab3-4ef3-ab0d-e728255d659c",
        "timestamp": 1671058841,
        **fields,
    }


EVENTS = {"smarthr": smarthr_event, "hibob": hibob_event, "gusto": gusto_event}


def one_byte_changed(body: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new) and body.count(old) == 1
    changed = body.replace(old, new)
    assert sum(a != b for a, b in zip(body, changed, strict=True)) == 1
    return changed


# Departures ----------------------------------------------------------------------------


def test_smarthr_crew_who_retired_is_a_departure() -> None:
    body = encode(smarthr_event())
    assert deliver("smarthr", body) == DepartureReport(
        provider="smarthr",
        event_id=body_sha256(body),
        employee_number="A-0042",
        email="hanako.sato@example.co.jp",
        provider_employee_id="7d3c2b1a-0000-4000-8000-00000000c0de",
        left_on=date(2025, 3, 31),
        occurred_at=datetime(2025, 3, 31, 18, 5, 12, 345000, tzinfo=JST),
    )


def test_smarthr_leave_date_recorded_in_advance_is_a_departure() -> None:
    body = encode(smarthr_event(emp_status="employed", resigned_at="2025-06-30", email=None))
    report = deliver("smarthr", body)
    assert isinstance(report, DepartureReport)
    assert (report.left_on, report.email, report.employee_number) == (
        date(2025, 6, 30),
        None,
        "A-0042",
    )


@pytest.mark.parametrize("status", ["retired", "resigned"])
def test_smarthr_departed_status_without_a_leave_date(status: str) -> None:
    body = encode(smarthr_event(emp_status=status, resigned_at=None, emp_code="  "))
    report = deliver("smarthr", body)
    assert isinstance(report, DepartureReport)
    assert (report.left_on, report.employee_number) == (None, None)


def test_smarthr_time_without_offset_is_read_as_japan_time() -> None:
    payload = smarthr_event() | {"triggered_at": "2025-03-31T18:05:12"}
    report = deliver("smarthr", encode(payload))
    assert isinstance(report, DepartureReport)
    assert report.occurred_at == datetime(2025, 3, 31, 9, 5, 12, tzinfo=UTC)


def test_hibob_employee_left_is_a_departure() -> None:
    body = encode(hibob_event())
    assert deliver("hibob", body) == DepartureReport(
        provider="hibob",
        event_id=body_sha256(body),
        employee_number=None,
        email=None,
        provider_employee_id="3332883854254932743",
        left_on=None,
        occurred_at=datetime(2025, 4, 1, 0, 0, 3, 512345, tzinfo=UTC),
    )


def test_hibob_time_with_an_offset_keeps_it() -> None:
    payload = hibob_event() | {"triggeredAt": "2025-04-01T00:00:03+09:00"}
    report = deliver("hibob", encode(payload))
    assert isinstance(report, DepartureReport)
    assert report.occurred_at == datetime(2025, 3, 31, 15, 0, 3, tzinfo=UTC)


def test_gusto_employee_terminated_is_a_departure() -> None:
    assert deliver("gusto", encode(gusto_event())) == DepartureReport(
        provider="gusto",
        event_id="03ffbf0c-48a9-4f1c-932a-546413a26ad1",
        employee_number=None,
        email=None,
        provider_employee_id="bcfc9744-0ab3-4ef3-ab0d-e728255d659c",
        left_on=None,
        occurred_at=datetime(2022, 12, 14, 23, 0, 41, tzinfo=UTC),
    )


def test_the_same_delivery_twice_has_the_same_event_id() -> None:
    for provider, event in EVENTS.items():
        body = encode(event())
        first, second = deliver(provider, body), deliver(provider, body)
        assert isinstance(first, DepartureReport) and first == second


def test_provider_names_are_case_insensitive() -> None:
    body = encode(hibob_event())
    assert deliver(" HiBob ", body) == deliver("hibob", body)


# Signatures ----------------------------------------------------------------------------


def test_sign_gives_the_headers_each_provider_sends() -> None:
    # Expected values computed with `openssl dgst -hmac`, independently of the code.
    assert sign("hibob", b'{"type":"employee.left"}', "bob-secret") == {
        "Bob-Signature": (
            "yyjshU6Blg9IRxPLEDb+By4DXy/7H08CCBE+812bPmYjdryajnJ2TDh9i9r++rt4zfii7Qhsf3FNwTYpoChSTg=="
        )
    }
    assert sign("gusto", b'{"uuid":"e1"}', "gusto-token") == {
        "X-Gusto-Signature": "ee8e8e27e0a58f2132ab39a9981034070b76c962a2461300dbbdc1ef6249edd5"
    }
    assert sign("smarthr", b"{}", "smarthr-token") == {"X-SmartHR-Token": "smarthr-token"}


@pytest.mark.parametrize(
    ("provider", "old", "new"),
    [("hibob", b"636192", b"636193"), ("gusto", b"1671058841", b"1671058842")],
)
def test_a_body_changed_after_signing_is_refused(provider: str, old: bytes, new: bytes) -> None:
    body = encode(EVENTS[provider]())
    headers = sign(provider, body, SECRET)
    error = refusal(provider, headers, one_byte_changed(body, old, new))
    assert (error.code, error.message) == (
        HrisErrorCode.BAD_SIGNATURE,
        "The signature does not match the body and the signing secret.",
    )


def test_smarthr_token_does_not_cover_the_body() -> None:
    # SmartHR documents a shared token, not a signature: a changed body still passes.
    body = encode(smarthr_event())
    headers = sign("smarthr", body, SECRET)
    changed = one_byte_changed(body, b"A-0042", b"A-0043")
    report = verify_and_parse("smarthr", headers, changed, SECRET, now=NOW)
    assert isinstance(report, DepartureReport) and report.employee_number == "A-0043"


@pytest.mark.parametrize("provider", sorted(HEADERS))
def test_a_wrong_secret_is_refused(provider: str) -> None:
    body = encode(EVENTS[provider]())
    with pytest.raises(HrisError) as caught:
        deliver(provider, body, signed_with="another-organizations-secret")
    assert caught.value.code == HrisErrorCode.BAD_SIGNATURE


@pytest.mark.parametrize("provider", sorted(HEADERS))
@pytest.mark.parametrize("headers", [{}, {"Content-Type": "application/json"}])
def test_a_missing_signature_header_is_refused(provider: str, headers: dict[str, str]) -> None:
    error = refusal(provider, headers, encode(EVENTS[provider]()))
    assert (error.code, error.message) == (
        HrisErrorCode.MISSING_SIGNATURE,
        f"The {HEADERS[provider]} header is missing.",
    )


@pytest.mark.parametrize("provider", sorted(HEADERS))
def test_an_empty_signature_header_counts_as_missing(provider: str) -> None:
    error = refusal(provider, {HEADERS[provider]: "  "}, encode(EVENTS[provider]()))
    assert error.code == HrisErrorCode.MISSING_SIGNATURE


@pytest.mark.parametrize(
    ("provider", "value"),
    [
        ("hibob", "not base64!"),
        ("hibob", "c2hvcnQ="),  # valid base64, wrong length
        ("gusto", "zz" * 32),
        ("gusto", "ab"),
        ("smarthr", SECRET[:-1]),
        ("smarthr", SECRET + "x"),
    ],
)
def test_a_garbled_signature_is_refused(provider: str, value: str) -> None:
    error = refusal(provider, {HEADERS[provider]: value}, encode(EVENTS[provider]()))
    assert error.code == HrisErrorCode.BAD_SIGNATURE


@pytest.mark.parametrize("provider", sorted(HEADERS))
@pytest.mark.parametrize("spelling", [str.lower, str.upper])
def test_header_names_are_case_insensitive(provider: str, spelling: Any) -> None:
    body = encode(EVENTS[provider]())
    headers = {spelling(name): value for name, value in sign(provider, body, SECRET).items()}
    assert verify_and_parse(provider, headers, body, SECRET, now=NOW) == deliver(provider, body)


def test_gusto_accepts_an_upper_case_hex_signature() -> None:
    body = encode(gusto_event())
    headers = {"X-Gusto-Signature": sign("gusto", body, SECRET)["X-Gusto-Signature"].upper()}
    assert isinstance(verify_and_parse("gusto", headers, body, SECRET, now=NOW), DepartureReport)


# Refusals before the signature ---------------------------------------------------------


def test_an_unknown_provider_is_refused() -> None:
    error = refusal("bamboohr", {}, b"{}")
    assert (error.code, error.message) == (
        HrisErrorCode.UNKNOWN_PROVIDER,
        "This HR system is not supported: use smarthr, hibob or gusto.",
    )
    with pytest.raises(HrisError):
        sign("personio", b"{}", SECRET)


@pytest.mark.parametrize("provider", sorted(HEADERS))
def test_a_body_over_256_kib_is_refused_and_one_of_256_kib_is_read(provider: str) -> None:
    body = encode(EVENTS[provider]())
    largest = body + b" " * (MAX_BODY_BYTES - len(body))
    assert len(largest) == 256 * 1024
    assert isinstance(deliver(provider, largest), DepartureReport)
    with pytest.raises(HrisError) as caught:
        deliver(provider, largest + b" ")
    assert (caught.value.code, caught.value.message) == (
        HrisErrorCode.BODY_TOO_LARGE,
        "The body is larger than 256 KiB.",
    )


def test_a_missing_secret_or_a_naive_time_is_a_programming_error() -> None:
    body = encode(gusto_event())
    with pytest.raises(ValueError, match="no secret"):
        verify_and_parse("gusto", sign("gusto", body, SECRET), body, "", now=NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        verify_and_parse(
            "gusto", sign("gusto", body, SECRET), body, SECRET, now=NOW.replace(tzinfo=None)
        )


# Malformed payloads --------------------------------------------------------------------


@pytest.mark.parametrize("provider", sorted(HEADERS))
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"employee left", "The body is not JSON."),
        (b'{"event": "crew_updated"', "The body is not JSON."),
        (b"\xff\xfe{}", "The body is not JSON."),
        (b'["employee.left"]', "The body is not a JSON object."),
        (b"null", "The body is not a JSON object."),
    ],
)
def test_a_body_that_is_not_a_json_object_is_malformed(
    provider: str, body: bytes, message: str
) -> None:
    with pytest.raises(HrisError) as caught:
        deliver(provider, body)
    assert (caught.value.code, caught.value.message, caught.value.key) == (
        HrisErrorCode.MALFORMED_PAYLOAD,
        message,
        None,
    )


def _without(payload: dict[str, Any], path: str) -> dict[str, Any]:
    *parents, last = path.split(".")
    inner = payload
    for parent in parents:
        inner = inner[parent]
    del inner[last]
    return payload


def _with(payload: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    inner = payload
    for parent in parents:
        inner = inner[parent]
    inner[last] = value
    return payload


MISSING = [
    ("smarthr", "event"),
    ("smarthr", "triggered_at"),
    ("smarthr", "crew"),
    ("smarthr", "crew.id"),
    ("hibob", "type"),
    ("hibob", "triggeredAt"),
    ("hibob", "data"),
    ("hibob", "data.employeeId"),
    ("gusto", "uuid"),
    ("gusto", "event_type"),
    ("gusto", "timestamp"),
    ("gusto", "entity_type"),
    ("gusto", "entity_uuid"),
]


@pytest.mark.parametrize(("provider", "key"), MISSING)
def test_a_missing_key_is_named(provider: str, key: str) -> None:
    with pytest.raises(HrisError) as caught:
        deliver(provider, encode(_without(EVENTS[provider](), key)))
    assert (caught.value.code, caught.value.message, caught.value.key) == (
        HrisErrorCode.MALFORMED_PAYLOAD,
        f"{key} is missing.",
        key,
    )


WRONG = [
    ("smarthr", "event", 7, "must be a string"),
    ("smarthr", "event", "", "must not be empty"),
    ("smarthr", "triggered_at", 1743411912, "must be a string"),
    ("smarthr", "triggered_at", "31/03/2025 18:05", "must be an ISO 8601 date-time"),
    ("smarthr", "crew", "7d3c2b1a", "must be an object"),
    ("smarthr", "crew.id", None, "must be a string"),
    ("smarthr", "crew.emp_code", 42, "must be a string or null"),
    ("smarthr", "crew.email", ["a@example.com"], "must be a string or null"),
    ("smarthr", "crew.emp_status", True, "must be a string or null"),
    ("smarthr", "crew.resigned_at", "2025/03/31", "must be a date (YYYY-MM-DD)"),
    ("hibob", "type", ["employee.left"], "must be a string"),
    ("hibob", "triggeredAt", 1743465603, "must be a string"),
    ("hibob", "triggeredAt", "yesterday", "must be an ISO 8601 date-time"),
    ("hibob", "data", ["3332883854254932743"], "must be an object"),
    ("hibob", "data.employeeId", 3332883854254932743, "must be a string"),
    ("gusto", "uuid", 42, "must be a string"),
    ("gusto", "event_type", None, "must be a string"),
    ("gusto", "timestamp", "1671058841", "must be an integer"),
    ("gusto", "timestamp", 1671058841.5, "must be an integer"),
    ("gusto", "timestamp", True, "must be an integer"),
    ("gusto", "timestamp", 10**20, "must be a Unix time in seconds"),
    ("gusto", "entity_type", "Company", 'must be "Employee" for employee.terminated'),
    ("gusto", "entity_uuid", {"uuid": "bcfc9744"}, "must be a string"),
]


@pytest.mark.parametrize(("provider", "key", "value", "problem"), WRONG)
def test_a_key_of_the_wrong_type_is_named(
    provider: str, key: str, value: Any, problem: str
) -> None:
    with pytest.raises(HrisError) as caught:
        deliver(provider, encode(_with(EVENTS[provider](), key, value)))
    assert (caught.value.code, caught.value.message, caught.value.key) == (
        HrisErrorCode.MALFORMED_PAYLOAD,
        f"{key} {problem}.",
        key,
    )


# Genuine events that are not departures ------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (smarthr_event("crew_created"), "SmartHR crew_created is not a departure."),
        (smarthr_event("crew_deleted"), "SmartHR crew_deleted is not a departure."),
        (
            _without(smarthr_event("dependent_updated"), "crew") | {"dependent": {"id": "d1"}},
            "SmartHR dependent_updated is not a departure.",
        ),
        (
            smarthr_event(emp_status="employed", resigned_at=None),
            "SmartHR crew 7d3c2b1a-0000-4000-8000-00000000c0de has not left (emp_status employed).",
        ),
        (
            smarthr_event(emp_status="absent", resigned_at=""),
            "SmartHR crew 7d3c2b1a-0000-4000-8000-00000000c0de has not left (emp_status absent).",
        ),
        (
            smarthr_event() | {"crew": {"id": "7d3c2b1a"}},
            "SmartHR sent only the id of crew 7d3c2b1a: send the whole crew to detect departures.",
        ),
    ],
)
def test_smarthr_events_that_are_not_departures(payload: dict[str, Any], reason: str) -> None:
    assert deliver("smarthr", encode(payload)) == Ignored(reason)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (encode(hibob_event("employee.updated", fieldIds=["root.email"])), None),
        (encode(hibob_event("employee.inactivated")), None),
        (encode(hibob_event("employee.deleted", email="x@example.com")), None),
        (b"Ping test", "Bob's connection test."),
        (b'{"text":"Ping test"}', "Bob's connection test."),
    ],
)
def test_hibob_events_that_are_not_departures(body: bytes, reason: str | None) -> None:
    expected = reason or f"HiBob {json.loads(body)['type']} is not a departure."
    assert deliver("hibob", body) == Ignored(expected)


@pytest.mark.parametrize(
    "event",
    [
        "employee.rehired",
        "employee.rehire_effective",
        "employee.termination_cancelled",
        "employee.terminated_effective",
        "employee.termination_effective",
        "employee.updated",
    ],
)
def test_gusto_events_that_are_not_departures(event: str) -> None:
    assert deliver("gusto", encode(gusto_event(event))) == Ignored(
        f"Gusto {event} is not a departure."
    )


def test_an_ignored_event_still_needs_a_good_signature() -> None:
    body = encode(gusto_event("employee.rehired"))
    with pytest.raises(HrisError) as caught:
        deliver("gusto", body, signed_with="someone-else")
    assert caught.value.code == HrisErrorCode.BAD_SIGNATURE


def test_every_error_code_has_a_message() -> None:
    assert set(MESSAGES) == set(HrisErrorCode)
    assert HrisError(HrisErrorCode.STALE_EVENT).message == MESSAGES[HrisErrorCode.STALE_EVENT]
