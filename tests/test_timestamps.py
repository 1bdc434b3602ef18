"""Timestamps read back from SQLite's ISO text (see kizuna.db) are the instants written."""

from datetime import UTC, datetime, timedelta

import iso8601
import pytest
from tortoise.fields.data import DatetimeField

import kizuna.db  # noqa: F401 - installs the faster reading

FIELD = DatetimeField()


def test_iso_text_as_sqlite_keeps_it_is_read_as_an_aware_utc_instant():
    value = FIELD.to_python_value("2026-11-28 19:51:02.123456+00:00")
    assert value == datetime(2026, 11, 28, 19, 51, 2, 123456, tzinfo=UTC)
    assert value.utcoffset() == timedelta(0)


def test_another_offset_is_the_same_instant():
    value = FIELD.to_python_value("2026-11-29 04:51:02+09:00")
    assert value == datetime(2026, 11, 28, 19, 51, 2, tzinfo=UTC)
    assert value.tzinfo is not None


def test_text_without_an_offset_is_taken_as_utc_as_before():
    value = FIELD.to_python_value("2026-11-28 19:51")
    assert value == datetime(2026, 11, 28, 19, 51, tzinfo=UTC)


def test_text_fromisoformat_refuses_goes_the_original_way_and_fails_there():
    with pytest.raises(iso8601.ParseError):
        FIELD.to_python_value("28/11/2026")


def test_datetimes_and_none_pass_through():
    instant = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert FIELD.to_python_value(instant) == instant
    assert FIELD.to_python_value(None) is None
