"""Timestamps and dates read back from SQLite's ISO text (see kizuna.db) are the values written."""

from datetime import UTC, date, datetime, timedelta

import iso8601
import pytest
from tortoise.fields.data import DateField, DatetimeField

import kizuna.db  # noqa: F401 - installs the faster reading

FIELD = DatetimeField()
DATE_FIELD = DateField()


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


def test_dates_are_read_from_iso_text_and_other_text_goes_the_original_way():
    assert DATE_FIELD.to_python_value("2019-03-31") == date(2019, 3, 31)
    assert DATE_FIELD.to_python_value("2019-03-31T10:00:00") == date(2019, 3, 31)
    assert DATE_FIELD.to_python_value(date(2020, 1, 2)) == date(2020, 1, 2)
    assert DATE_FIELD.to_python_value(None) is None
    with pytest.raises(iso8601.ParseError):
        DATE_FIELD.to_python_value("31/03/2019")
