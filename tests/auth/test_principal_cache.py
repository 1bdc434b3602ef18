"""A verified token's principal is reused for a few seconds, never past the token's expiry."""

import time
from dataclasses import replace
from uuid import uuid4

import httpx
import time_machine

from auth.principal import Principal
from auth.principal_cache import PrincipalCache, forget_session
from auth.sessions import end_session
from domain.accounts.models import Membership, Role
from domain.common.actors import Actor
from domain.identity.models import Session
from kizuna.app import create_app
from kizuna.settings import Settings
from tests.factories import make_member, make_org

VIEWER = "{ viewer { role } }"


async def viewer(settings: Settings, token: str) -> dict:
    app = create_app(settings, manage_database=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://kizuna.test"
    ) as client:
        return await ask(client, token)


async def ask(client: httpx.AsyncClient, token: str) -> dict:
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.json()


def revoked(body: dict) -> bool:
    [error] = body["errors"]
    return error["extensions"]["code"] == "UNAUTHENTICATED" and "revoked" in error["message"]


async def test_a_removed_membership_works_until_the_cached_principal_is_too_old(settings):
    org = await make_org()
    membership, token = await make_member(org, Role.HR)
    app = create_app(replace(settings, principal_cache_seconds=5), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    with time_machine.travel(time.time(), tick=False) as traveller:
        async with httpx.AsyncClient(transport=transport, base_url="http://k.test") as client:
            assert await ask(client, token) == {"data": {"viewer": {"role": "HR"}}}
            await Membership.filter(id=membership.id).delete()
            traveller.shift(4.9)
            assert await ask(client, token) == {"data": {"viewer": {"role": "HR"}}}
            traveller.shift(0.1)
            assert revoked(await ask(client, token))


async def test_without_the_cache_a_removed_membership_stops_at_once(settings):
    org = await make_org()
    membership, token = await make_member(org, Role.HR)
    uncached = replace(settings, principal_cache_seconds=0)
    assert await viewer(uncached, token) == {"data": {"viewer": {"role": "HR"}}}
    await Membership.filter(id=membership.id).delete()
    assert revoked(await viewer(uncached, token))


def test_an_entry_never_outlives_its_token():
    cache = PrincipalCache(seconds=60)
    principal = Principal()
    with time_machine.travel(1_000_000, tick=False) as traveller:
        cache.put("token", principal, expires_at=1_000_002)
        assert cache.get("token") is principal
        traveller.shift(1.9)
        assert cache.get("token") is principal
        traveller.shift(0.1)
        assert cache.get("token") is None


def test_a_full_cache_drops_its_oldest_entry():
    cache = PrincipalCache(seconds=60, max_entries=2)
    first, second, third = Principal(), Principal(), Principal()
    expires = time.time() + 600
    cache.put("a", first, expires)
    cache.put("b", second, expires)
    cache.put("c", third, expires)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, second, third)


def test_a_cache_of_zero_seconds_keeps_nothing():
    cache = PrincipalCache(seconds=0)
    cache.put("a", Principal(), time.time() + 600)
    assert cache.get("a") is None


async def test_signing_out_drops_the_sessions_principals_in_this_process(settings):
    org = await make_org()
    membership, token = await make_member(org, Role.HR)
    app = create_app(replace(settings, principal_cache_seconds=60), manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://k.test") as client:
        assert await ask(client, token) == {"data": {"viewer": {"role": "HR"}}}
        [session] = await Session.filter(user_id=membership.user_id)
        assert await end_session(session.id, Actor.user(membership.user_id))
        assert revoked(await ask(client, token))


def test_forgetting_a_session_keeps_the_others():
    cache = PrincipalCache(seconds=60)
    mine, theirs = Principal(session_id=uuid4()), Principal(session_id=uuid4())
    expires = time.time() + 600
    cache.put("mine", mine, expires)
    cache.put("theirs", theirs, expires)
    forget_session(mine.session_id)
    assert (cache.get("mine"), cache.get("theirs")) == (None, theirs)
