"""Referrals kept consistent under concurrency: no referral under a person who is gone, and
settings written by two callers at once."""

from datetime import UTC, datetime

import pytest
import time_machine

from domain.accounts.models import Role
from domain.common.actors import Actor
from domain.common.errors import DomainError
from domain.organizations.models import Organization
from domain.people.access import Viewer
from domain.people.services import archive_person
from domain.privacy.services import erase_person
from domain.referrals.error_codes import ReferralErrorCode
from domain.referrals.services import submit_referral
from domain.referrals.validation import CandidateDraft
from resolvers import ids
from tests.api.referrals_world import build_world, written

NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)
HR = Actor.user(1)


@pytest.fixture
async def world(client):
    with time_machine.travel(NOW, tick=False):
        return await build_world(client)


@pytest.mark.parametrize("who", ["employee", "alumnus"])
async def test_an_archived_or_erased_referrer_is_refused_and_nothing_is_written(world, who):
    """As if the person was archived or erased while their request was under way: the check
    is made in the referral's transaction, not when the caller signed in."""
    person = world.people[who]
    organization = await Organization.get(id=person.organization_id)
    with time_machine.travel(NOW, tick=False):
        if who == "employee":
            await archive_person(organization, HR, person.id)
        else:
            await erase_person(organization, HR, person.id, confirm=True)
        before = await written()
        role = Role.EMPLOYEE if who == "employee" else Role.ALUMNUS
        with pytest.raises(DomainError) as refused:
            await submit_referral(
                organization.id,
                Actor.user(2),
                Viewer(organization.id, role, person.id),
                ids.decode(world.openings["open"], "JobOpening"),
                CandidateDraft("候補 太郎", email="taro@example.com", consents_to_contact=True),
            )
    assert (refused.value.code, refused.value.field) == (ReferralErrorCode.REFERRER_INACTIVE, None)
    assert await written() == before
