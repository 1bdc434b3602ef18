"""Limits block past their count, always end, and keep their keys apart."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from domain.identity import throttle
from domain.identity.models import Throttle

LIMIT = throttle.Limit(
    "sign_in", attempts=3, window=timedelta(minutes=10), block=timedelta(minutes=15)
)
START = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


async def test_the_attempt_past_the_limit_blocks_for_the_block_time(database_url):
    with time_machine.travel(START, tick=False) as traveller:
        assert [await throttle.record_attempt(LIMIT, "a@x.jp") for _ in range(3)] == [None] * 3
        assert await throttle.record_attempt(LIMIT, "a@x.jp") == 15 * 60
        traveller.shift(timedelta(minutes=5))
        assert await throttle.retry_after(LIMIT, "a@x.jp") == 10 * 60
        assert await throttle.record_attempt(LIMIT, "a@x.jp") == 10 * 60  # still blocked
        traveller.shift(timedelta(minutes=10))
        assert await throttle.retry_after(LIMIT, "a@x.jp") is None
        assert await throttle.record_attempt(LIMIT, "a@x.jp") is None  # a new window


async def test_attempts_spread_over_windows_never_block(database_url):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(4):
            assert await throttle.record_attempt(LIMIT, "a@x.jp") is None
            assert await throttle.record_attempt(LIMIT, "a@x.jp") is None
            traveller.shift(timedelta(minutes=10))


async def test_keys_are_counted_apart_and_cleared(database_url):
    for _ in range(4):
        await throttle.record_attempt(LIMIT, "a@x.jp", "203.0.113.9")
    assert await throttle.retry_after(LIMIT, "a@x.jp", "203.0.113.9") is not None
    assert await throttle.retry_after(LIMIT, "a@x.jp", "198.51.100.7") is None
    await throttle.clear(LIMIT, "a@x.jp", "203.0.113.9")
    assert await throttle.retry_after(LIMIT, "a@x.jp", "203.0.113.9") is None
    assert await Throttle.all().count() == 0


async def test_concurrent_attempts_are_all_counted(database_url):
    results = await asyncio.gather(*(throttle.record_attempt(LIMIT, "b@x.jp") for _ in range(6)))
    assert sorted(results, key=lambda r: r is not None) == [None, None, None, *([900] * 3)]
    assert (await Throttle.get(key="sign_in:b@x.jp")).attempts == 4  # blocked ones not counted


def test_a_limit_allows_at_least_one_attempt():
    with pytest.raises(ValueError):
        throttle.Limit("x", attempts=0, window=timedelta(minutes=1), block=timedelta(minutes=1))
