"""OAuth scopes `<domain>:<action>`: what an organization lets a partner app do.

A first-party session (signed in by a person, no app) has no scopes and may do all its role
allows. A token issued to an app carries the scopes granted to it; a user's token for an app
never does more than the user's own role allows.
"""

from enum import StrEnum

from domain.identity.scopes import DESCRIPTIONS, Scope

__all__ = ["DESCRIPTIONS", "AppAccess", "FieldScope", "Scope", "parse_scopes"]


class AppAccess(StrEnum):
    """For fields that do not belong to one scope."""

    ANY_TOKEN = "any token"  # first-party sessions and every app token
    FIRST_PARTY = "first-party sessions only"  # never an app token


FieldScope = Scope | AppAccess


def parse_scopes(text: str) -> frozenset[Scope]:
    """Space-separated scope names (RFC 6749 §3.3); unknown names raise ValueError."""
    return frozenset(Scope(name) for name in text.split())
