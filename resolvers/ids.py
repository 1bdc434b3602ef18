"""Relay global ids: base64 of `TypeName:uuid`."""

import base64
import binascii
from uuid import UUID


def encode(type_name: str, key: UUID) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def decode_any(global_id: str) -> tuple[str, UUID] | None:
    """(type name, key), or None when the id is not one of ours."""
    if len(global_id) > 200:
        return None
    try:
        raw = base64.b64decode(global_id, validate=True).decode()
        type_name, _, key = raw.partition(":")
        return type_name, UUID(key)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def decode(global_id: str, type_name: str) -> UUID | None:
    """The key of an id of the given type, or None if malformed or of another type."""
    decoded = decode_any(global_id)
    if decoded is None or decoded[0] != type_name:
        return None
    return decoded[1]
