import pytest

from domain.accounts.models import Membership, Role, User
from domain.accounts.services import add_member
from domain.organizations.models import Organization
from domain.organizations.services import create_organization
from tests.factories import SEED, make_employee, make_org


@pytest.mark.parametrize(
    ("slug", "time_zone", "currency", "reason"),
    [
        ("Bad Slug", "Asia/Tokyo", "JPY", "invalid organization slug 'Bad Slug'"),
        ("ok", "Mars/Olympus", "JPY", "unknown time zone 'Mars/Olympus'"),
        ("ok", "Asia/Tokyo", "yen", "currency must be an ISO 4217 code like JPY, got 'yen'"),
        ("taken", "Asia/Tokyo", "JPY", "the slug 'taken' is taken"),
    ],
)
async def test_create_organization_refuses(database_url, slug, time_zone, currency, reason):
    await create_organization("既存", "taken")
    with pytest.raises(ValueError) as refused:
        await create_organization("新規", slug, time_zone=time_zone, currency=currency)
    assert str(refused.value).startswith(reason)
    assert await Organization.all().count() == 1


async def test_add_member_refuses_a_person_of_another_organization(database_url):
    acme, other = await make_org("acme"), await make_org("other", "別")
    stranger = await make_employee(other)
    with pytest.raises(ValueError, match="another organization"):
        await add_member(acme.id, "new@acme.example", Role.HR, SEED, person_id=stranger.id)
    assert await User.filter(email="new@acme.example").count() == 0
    assert await Membership.all().count() == 0


async def test_add_member_reuses_the_user_across_organizations(database_url):
    acme, other = await make_org("acme"), await make_org("other", "別")
    first = await add_member(acme.id, " Same@Example.JP ", Role.HR, SEED)
    second = await add_member(other.id, "same@example.jp", Role.ALUMNUS, SEED)
    assert first.user_id == second.user_id
    assert (await User.get(id=first.user_id)).email == "same@example.jp"
