"""The one place that reads the time, so that tests can move it."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    return datetime.now(UTC)


def today_in(time_zone: str) -> date:
    return now().astimezone(ZoneInfo(time_zone)).date()


def start_of_day(day: date, time_zone: str) -> datetime:
    """Midnight of `day` in the organization's time zone, as UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(time_zone)).astimezone(UTC)
