"""Outbox event types written by the jobs domain."""

JOB_OPENING_STATUS_CHANGED = "job_opening.status_changed"
