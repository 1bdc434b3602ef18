"""Erasing an account removes that account's sign-in limits and no other key: the email is
compared as text (never as a LIKE pattern, where `_` and `%` match other characters), only
in the limits keyed by an account, and with the truncation the keys were written with."""

import pytest

from auth import magic_links, sign_in
from auth.oauth import routes as oauth
from domain.accounts.models import Role
from domain.identity import throttle
from domain.identity.models import Throttle
from domain.privacy.services import erase_person
from tests.factories import SEED, make_alumnus, make_member, make_org

ADDRESS = "2001:db8::9"  # colons in an address must not confuse the match
# 191 characters: every key holding it is cut at 200 characters, inside the email.
LONG = "lo_ng@" + ".".join(c * 60 for c in "abc") + ".jp"


def _keys(email: str) -> list[tuple[throttle.Limit, tuple[str, ...]]]:
    return [
        (sign_in.ACCOUNT, (email,)),
        (sign_in.ACCOUNT_FROM_ADDRESS, (email, ADDRESS)),
        (magic_links.PER_EMAIL, (email,)),
    ]


def test_the_limits_keyed_by_an_account_are_registered():
    assert throttle.ACCOUNT_LIMITS == [
        sign_in.ACCOUNT_FROM_ADDRESS,
        sign_in.ACCOUNT,
        magic_links.PER_EMAIL,
    ]


@pytest.mark.parametrize(
    ("erased", "others"),
    [
        # Differs only where the erased email has `_`, or by a prefix or suffix.
        ("ha_na@example.jp", ["haxna@example.jp", "xha_na@example.jp", "ha_na@example.jpx"]),
        (LONG, ["lo_ng@example.jp"]),
    ],
)
async def test_only_the_erased_accounts_throttles_go(client, erased, others):
    org = await make_org()
    person = await make_alumnus(org, name="消去 花子")
    await make_member(org, Role.ALUMNUS, person, email=erased)
    for email in [erased, *others]:
        for limit, parts in _keys(email):
            await throttle.record_attempt(limit, *parts)
    await throttle.record_attempt(sign_in.ADDRESS, ADDRESS)
    await throttle.record_attempt(oauth.PER_CLIENT, erased)  # a client id, not an account

    await erase_person(org, SEED, person.id, confirm=True)

    kept = [limit.key(*parts) for email in others for limit, parts in _keys(email)]
    kept += [sign_in.ADDRESS.key(ADDRESS), oauth.PER_CLIENT.key(erased)]
    assert sorted(await Throttle.all().values_list("key", flat=True)) == sorted(kept)
