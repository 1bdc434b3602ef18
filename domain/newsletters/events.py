"""Outbox event types written by newsletters."""

# One row per recipient: deliver the newsletter to that person (payload: delivery_id).
NEWSLETTER_DELIVERY = "newsletter.delivery"
