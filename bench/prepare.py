"""The benchmark database: migrate, seed, drain the outbox, mint a token, count SQL statements.

Everything here runs in the runner's own process before any server starts, and closes its
connections when done, so the servers find a quiet, fully written SQLite file.
"""

import importlib.util
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import httpx

from auth.tokens import operator_token
from bench.queries import PAGE_QUERY, VIEWER_QUERY
from domain.accounts.models import Role
from domain.outbox.runner import run_until_idle
from kizuna import db
from kizuna.app import create_app
from kizuna.diagnostics import count_statements
from kizuna.settings import Settings
from kizuna.worker import build_registry

SLUG = "bench"
TOKEN_MINUTES = 60


@dataclass(frozen=True)
class Prepared:
    database_url: str
    organization_id: UUID
    hr_token: str
    seeded_with: str
    statements: dict[str, list[str]]  # query name → the SQL it ran, in order


async def prepare(database_url: str, secret: str) -> Prepared:
    await db.migrate(database_url)
    await db.close()
    await db.init(database_url)
    try:
        hr, seeded_with = await _seed()
        # Seeding queued one outbox row per person. Run them now, so that the server's
        # in-process worker has nothing left to do while it is being measured.
        await run_until_idle(build_registry(), "bench-seed", limit=100_000)
        token = await operator_token(secret, hr, minutes=TOKEN_MINUTES)
        # No principal cache: the counts include the token → membership lookup of a cold token.
        settings = Settings(
            environment="development",
            database_url=database_url,
            secret_key=secret,
            principal_cache_seconds=0,
        )
        statements = await _statements(settings, token)
    finally:
        await db.close()
    return Prepared(database_url, hr.organization_id, token, seeded_with, statements)


async def _seed() -> tuple[Any, str]:
    """The hr membership; the demo seeder when it exists, else a smaller one of our own."""
    if importlib.util.find_spec("kizuna.demo_data") is not None:
        from kizuna.demo_data import seed_demo

        memberships = await seed_demo(SLUG)
        return memberships[Role.HR], "kizuna.demo_data.seed_demo"
    return await _seed_fallback(), "bench.prepare._seed_fallback"


async def _seed_fallback(alumni: int = 120) -> Any:
    """Alumni with employment periods, skills and tags, through the domain services."""
    from domain.accounts.services import add_member
    from domain.common.actors import Actor
    from domain.organizations.services import create_organization
    from domain.people.services import (
        EmploymentDraft,
        PersonDraft,
        ProfileDraft,
        create_department,
        create_person,
    )

    actor = Actor.system("bench")
    org = await create_organization("ベンチ株式会社", SLUG)
    departments = [
        (await create_department(org, actor, name)).id
        for name in ("エンジニアリング", "営業", "人事", "プロダクト")
    ]
    family = ("サトウ", "スズキ", "タナカ", "ヤマダ", "イトウ", "ワタナベ", "ナカムラ", "コバヤシ")
    given = ("タロウ", "ハナコ", "ケンタ", "ユイ", "ショウ", "アオイ", "レン", "サクラ")
    hr = None
    for n in range(alumni + 1):
        kana = f"{family[n % 8]} {given[(n // 8) % 8]}{'ー' * (n // 64)}"
        left = date(2024, 3, 31) - timedelta(days=17 * n)
        person = await create_person(
            org,
            actor,
            PersonDraft(name=f"卒業生 {n:03d}", name_kana=kana, personal_email=f"p{n}@example.jp"),
            EmploymentDraft(
                hire_date=left - timedelta(days=900),
                leave_date=None if n == alumni else left,
                department_id=departments[n % len(departments)],
                title="エンジニア",
                employee_number=f"B{n:05d}",
            ),
            None
            if n == alumni
            else ProfileDraft(
                current_company=f"株式会社ミライ{n % 7}",
                skills=["Python", "Go", "AWS"][: 1 + n % 3],
                tags=["ブーメラン候補", "イベント参加"][: n % 3],
                directory_listed=n % 2 == 0,
            ),
        )
        if n == alumni:  # the last one stays employed and signs in as hr
            hr = await add_member(org.id, f"hr@{SLUG}.example", Role.HR, actor, person_id=person.id)
    return hr


async def _statements(settings: Settings, token: str) -> dict[str, list[str]]:
    """The SQL each measured Kizuna query runs, through the real app in this process."""
    app = create_app(settings, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    found = {}
    async with httpx.AsyncClient(transport=transport, base_url="http://kizuna.bench") as client:
        for name, query in (("viewer", VIEWER_QUERY), ("page", PAGE_QUERY)):
            await _post(client, query, headers)  # first run builds caches; count the second
            with count_statements() as counter:
                await _post(client, query, headers)
            found[name] = list(counter.statements)
    return found


async def _post(client: httpx.AsyncClient, query: str, headers: dict[str, str]) -> None:
    response = await client.post("/graphql", json={"query": query}, headers=headers)
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise RuntimeError(f"in-process Kizuna answered {response.status_code}: {json.dumps(body)}")
