"""Outbox event types written by the rehire domain, for mail, webhooks and rewards."""

REHIRE_APPLIED = "rehire.applied"
REHIRE_STAGE_CHANGED = "rehire.stage_changed"
REHIRE_HIRED = "rehire.hired"
