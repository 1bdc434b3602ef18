"""Outbox event types written by the referrals domain, for rewards, mail and webhooks."""

REFERRAL_SUBMITTED = "referral.submitted"
REFERRAL_STAGE_CHANGED = "referral.stage_changed"
REFERRAL_HIRED = "referral.hired"
