"""Export and erasure cover every table that holds a person's rows: a model added later with
a foreign key to a person or a user (or to rows that have one) fails here until both the
export and the erasure handle it, or say why they leave it alone."""

from domain.privacy.coverage import links_to_people
from domain.privacy.erasure import KEPT, STEPS
from domain.privacy.error_codes import MESSAGES, PrivacyErrorCode
from domain.privacy.export import NOT_EXPORTED, SECTIONS


async def test_every_link_to_a_person_is_exported_or_said_not_to_be(database_url):
    links = links_to_people()
    assert SECTIONS.links.isdisjoint(NOT_EXPORTED)
    assert SECTIONS.links | set(NOT_EXPORTED) == links


async def test_every_link_to_a_person_is_erased_or_said_to_be_kept(database_url):
    links = links_to_people()
    assert STEPS.links.isdisjoint(KEPT)
    assert STEPS.links | set(KEPT) == links


async def test_the_links_are_read_from_the_models_through_other_rows(database_url):
    """Direct keys, and keys to rows that lead to a person (a refresh token's session, an
    exit interview's off-boarding); keys to the organization or a department are not."""
    links = links_to_people()
    for link in (
        ("Touchpoint", "person"),
        ("Session", "user"),
        ("RefreshToken", "session"),
        ("ExitInterviewReason", "interview"),
        ("InboundWebhookEvent", "offboarding"),
        ("Offboarding", "employment_period"),
        ("Referral", "referrer"),
        ("ReferralClaim", "referral"),
        ("RehireApplication", "applicant"),
        ("RehireStageChange", "application"),
    ):
        assert link in links, link
    assert not {link for link in links if link[1] in ("organization", "department", "app")}
    assert len(links) == 30


def test_every_code_has_a_message():
    assert set(MESSAGES) == set(PrivacyErrorCode)
    assert all(message.endswith(".") for message in MESSAGES.values())
