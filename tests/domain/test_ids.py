"""Time-ordered ids: valid UUIDs of version 7, in the order they were made; ids read back."""

import time
from uuid import UUID

import pytest

from domain.common.ids import ordered_id, ordered_uuid, uuid_from_text


def test_ids_are_version_7_uuids_in_the_order_they_were_made():
    ids = [ordered_id() for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == 5000
    parsed = UUID(ids[0])
    assert (parsed.version, parsed.variant, str(parsed)) == (7, "specified in RFC 4122", ids[0])
    # The first 48 bits are the milliseconds since the epoch.
    assert abs((parsed.int >> 80) - time.time_ns() // 1_000_000) < 60_000
    later = ordered_uuid()
    assert later.version == 7 and str(later) > ids[-1]


def test_ids_read_back_from_text_are_the_same_uuids_made_once():
    text = "0196f3a2-7c1d-7b3e-9a4f-1234567890ab"
    first = uuid_from_text(text)
    assert first == UUID(text) and str(first) == text
    assert uuid_from_text(text) is first
    with pytest.raises(ValueError):
        uuid_from_text("not-an-id")
