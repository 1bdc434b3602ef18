"""Outbox event types written by the consent ledger."""

# A person's consent changed (a new ledger row); for webhooks and integrations.
CONSENT_CHANGED = "consent.changed"
