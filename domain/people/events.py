"""Outbox event types written by the people domain."""

PERSON_CREATED = "person.created"
PERSON_UPDATED = "person.updated"
PERSON_ARCHIVED = "person.archived"
PERSON_DEPARTED = "person.departed"
# Runs on the leave date: the employee becomes an alumnus (same person, new role).
DEPARTURE_EFFECTIVE = "person.departure_effective"
# Runs on a rehire's first day: the alumnus becomes an employee again (the inverse).
REHIRE_EFFECTIVE = "person.rehire_effective"
