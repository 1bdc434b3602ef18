"""Outbox event types written by the offboarding domain."""

OFFBOARDING_STARTED = "offboarding.started"
OFFBOARDING_CHECKLIST_UPDATED = "offboarding.checklist_updated"
OFFBOARDING_CANCELLED = "offboarding.cancelled"
EXIT_INTERVIEW_RECORDED = "exit_interview.recorded"
