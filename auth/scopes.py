"""OAuth scopes `<domain>:<action>`: what an organization lets a partner app do.

A first-party session (signed in by a person, no app) has no scopes and may do all its role
allows. A token issued to an app carries the scopes granted to it; a user's token for an app
never does more than the user's own role allows.
"""

from enum import StrEnum


class Scope(StrEnum):
    ALUMNI_READ = "alumni:read"
    ALUMNI_WRITE = "alumni:write"
    REFERRALS_READ = "referrals:read"
    REFERRALS_WRITE = "referrals:write"
    EVENTS_READ = "events:read"
    EVENTS_WRITE = "events:write"
    REWARDS_READ = "rewards:read"
    REWARDS_ISSUE = "rewards:issue"
    ANALYTICS_READ = "analytics:read"


class AppAccess(StrEnum):
    """For fields that do not belong to one scope."""

    ANY_TOKEN = "any token"  # first-party sessions and every app token
    FIRST_PARTY = "first-party sessions only"  # never an app token


FieldScope = Scope | AppAccess

DESCRIPTIONS = {
    Scope.ALUMNI_READ: "Read the alumni and employee roster, as the signed-in role allows",
    Scope.ALUMNI_WRITE: "Create, update and archive people and record departures",
    Scope.REFERRALS_READ: "Read referrals and their stages",
    Scope.REFERRALS_WRITE: "Submit referrals and move them through their stages",
    Scope.EVENTS_READ: "Read events and attendance",
    Scope.EVENTS_WRITE: "Create events and record attendance",
    Scope.REWARDS_READ: "Read rewards, budgets and orders",
    Scope.REWARDS_ISSUE: "Issue rewards from the organization's budget",
    Scope.ANALYTICS_READ: "Read aggregated analytics",
}


def parse_scopes(text: str) -> frozenset[Scope]:
    """Space-separated scope names (RFC 6749 §3.3); unknown names raise ValueError."""
    return frozenset(Scope(name) for name in text.split())
