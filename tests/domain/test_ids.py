"""Time-ordered ids: valid UUIDs of version 7, in the order they were made."""

import time
from uuid import UUID

from domain.common.ids import ordered_id, ordered_uuid


def test_ids_are_version_7_uuids_in_the_order_they_were_made():
    ids = [ordered_id() for _ in range(5000)]
    assert ids == sorted(ids) and len(set(ids)) == 5000
    parsed = UUID(ids[0])
    assert (parsed.version, parsed.variant, str(parsed)) == (7, "specified in RFC 4122", ids[0])
    # The first 48 bits are the milliseconds since the epoch.
    assert abs((parsed.int >> 80) - time.time_ns() // 1_000_000) < 60_000
    later = ordered_uuid()
    assert later.version == 7 and str(later) > ids[-1]
