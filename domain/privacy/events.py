"""Outbox event types written by privacy requests."""

# A person was erased; for webhooks and integrations that keep copies (person id only).
PERSON_ERASED = "person.erased"
