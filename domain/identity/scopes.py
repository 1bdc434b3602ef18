"""OAuth scopes `<domain>:<action>`: what an organization lets a partner app do."""

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


DESCRIPTIONS = {
    Scope.ALUMNI_READ: (
        "Read the alumni and employee roster and people's consents, as the signed-in role allows"
    ),
    Scope.ALUMNI_WRITE: (
        "Create, update and archive people, record departures and record consent decisions"
    ),
    Scope.REFERRALS_READ: "Read referrals and their stages",
    Scope.REFERRALS_WRITE: "Submit referrals and move them through their stages",
    Scope.EVENTS_READ: "Read events and attendance",
    Scope.EVENTS_WRITE: "Create events and record attendance",
    Scope.REWARDS_READ: "Read rewards, budgets and orders",
    Scope.REWARDS_ISSUE: "Issue rewards from the organization's budget",
    Scope.ANALYTICS_READ: "Read aggregated analytics",
}
