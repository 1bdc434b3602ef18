"""Builders for test data, through the domain services (so rules apply as in production)."""

import itertools
from datetime import date, timedelta
from typing import Any

import httpx

from auth.tokens import issue_access_token, operator_token
from domain.accounts.models import Membership, Role
from domain.accounts.services import add_member
from domain.common.actors import Actor
from domain.identity.models import OAuthApp, SignInMethod
from domain.identity.sessions import open_session
from domain.organizations.models import Organization
from domain.organizations.services import create_organization
from domain.people.models import Department, Person, RehireEligibility
from domain.people.services import (
    EmploymentDraft,
    PersonDraft,
    ProfileDraft,
    create_department,
    create_person,
)
from tests.conftest import SECRET

SEED = Actor.system("tests")
_serial = itertools.count(1)


async def make_org(slug: str = "acme", name: str = "株式会社アクメ") -> Organization:
    return await create_organization(name, slug)


async def make_department(org: Organization, name: str = "エンジニアリング") -> Department:
    return await create_department(org, SEED, name)


async def make_employee(org: Organization, **overrides: Any) -> Person:
    n = next(_serial)
    person = {
        "name": overrides.pop("name", f"社員 {n}号"),
        "name_kana": overrides.pop("name_kana", f"シャイン {n}ゴウ"),
        "personal_email": overrides.pop("personal_email", f"person{n}@example.jp"),
        "work_email": overrides.pop("work_email", f"employee{n}@{org.slug}.example"),
        "phone": overrides.pop("phone", None),
    }
    leave_date = overrides.pop("leave_date", None)
    default_hire = date(2018, 4, 1) if leave_date is None else leave_date.replace(year=2010)
    employment = {
        "hire_date": overrides.pop("hire_date", default_hire),
        "leave_date": leave_date,
        "department_id": overrides.pop("department_id", None),
        "title": overrides.pop("title", "エンジニア"),
        "manager_id": overrides.pop("manager_id", None),
        "employee_number": overrides.pop("employee_number", f"E{n:05d}"),
    }
    profile = overrides.pop("profile", None)
    assert not overrides, f"unknown overrides: {sorted(overrides)}"
    return await create_person(
        org, SEED, PersonDraft(**person), EmploymentDraft(**employment), profile
    )


async def make_alumnus(org: Organization, **overrides: Any) -> Person:
    """An alumnus who left in 2022, listed in the directory unless told otherwise."""
    profile_fields = {
        "current_company": overrides.pop("current_company", "株式会社ミライ"),
        "current_title": overrides.pop("current_title", "シニアエンジニア"),
        "location": overrides.pop("location", "東京都"),
        "skills": overrides.pop("skills", ["Python"]),
        "tags": overrides.pop("tags", ["ブーメラン候補"]),
        "rehire_eligibility": overrides.pop("rehire_eligibility", RehireEligibility.ELIGIBLE),
        "rehire_note": overrides.pop("rehire_note", ""),
        "directory_listed": overrides.pop("directory_listed", True),
    }
    overrides.setdefault("leave_date", date(2022, 3, 31))
    return await make_employee(org, profile=ProfileDraft(**profile_fields), **overrides)


async def make_member(
    org: Organization, role: Role, person: Person | None = None, email: str | None = None
) -> tuple[Membership, str]:
    """A user with `role` in `org` and a valid access token for them."""
    n = next(_serial)
    membership = await add_member(
        org.id,
        email or f"{role.value}{n}@{org.slug}.example",
        role,
        SEED,
        person_id=None if person is None else person.id,
    )
    token = await operator_token(SECRET, membership, minutes=30)
    return membership, token


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """POST a GraphQL request; the response must be JSON with status 200."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


async def make_app_token(
    org: Organization,
    scopes: list[str],
    membership: Membership | None = None,
    app: OAuthApp | None = None,
) -> str:
    """A token for a partner app (a new one granted `scopes`, unless `app` is given): acting
    for `membership`'s user, or on its own (client credentials) when no membership is given."""
    if app is None:
        n = next(_serial)
        app = OAuthApp(
            organization_id=org.id,
            name=f"App {n}",
            client_id=f"test-app-{n}",
            redirect_uris=["https://app.example/callback"],
            scopes=scopes,
        )
        app.stamp(SEED, created=True)
        await app.save()
    session = await open_session(
        org.id,
        user_id=None if membership is None else membership.user_id,
        method=SignInMethod.CLIENT_CREDENTIALS
        if membership is None
        else SignInMethod.AUTHORIZATION_CODE,
        lifetime=timedelta(hours=1),
        app_id=app.id,
        scope=" ".join(scopes),
    )
    return issue_access_token(SECRET, session, minutes=30)


async def give_password(membership: Membership, password: str) -> None:
    """Set the member's password through the policy-checking service."""
    from auth.passwords import set_password
    from domain.accounts.models import User

    await set_password(await User.get(id=membership.user_id), password, SEED)
