"""A richly populated person for the privacy tests, built through the domain services.

In org A: S (the subject; an alumnus since 2025-03-31, off-boarded with an exit interview,
consents, a touchpoint, an HRIS id, a sign-in account with sessions and a one-time link, and
newsletters; referred back by an employee as a candidate), O (another alumnus of A), and
the staff. In org B: one alumnus and its hr.
`S_VALUES` are every personal value of S, as stored."""

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tortoise import connections

from auth.sessions import start_session
from domain.accounts.models import Membership, Role
from domain.common import clock
from domain.common.actors import Actor
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentSource
from domain.consent.services import record_consent
from domain.hris.models import HrisProvider
from domain.hris.services import set_employee_id
from domain.identity.models import MagicLink, SignInMethod
from domain.jobs.models import EmploymentType, OpeningStatus
from domain.jobs.services import change_status, create_opening
from domain.offboarding.interviews import InterviewDraft, record_exit_interview
from domain.offboarding.models import ChecklistItem, Offboarding, OffboardingSource
from domain.offboarding.services import check_off, start_offboarding
from domain.organizations.models import Organization
from domain.people.access import Viewer
from domain.people.models import Person
from domain.people.services import update_person
from domain.referrals.models import Referral
from domain.referrals.services import submit_referral
from domain.referrals.validation import CandidateDraft
from domain.touchpoints.services import log_touchpoint
from resolvers import ids
from tests.conftest import SECRET
from tests.factories import (
    SEED,
    make_alumnus,
    make_department,
    make_employee,
    make_member,
    make_org,
)

LEFT_ON = date(2025, 3, 31)
ADDRESS = "203.0.113.77"
S_PERSON = {
    "name": "消去 太郎",
    "name_kana": "ショウキョ タロウ",
    "personal_email": "taro.private@example.jp",
    "work_email": "taro.work@acme.example",
    "phone": "090-5555-0101",
}
S_PROFILE = {
    "current_company": "株式会社ユニーク商事",
    "current_title": "調達部長",
    "location": "札幌市中央区",
    "rehire_note": "再雇用は本人の希望次第",
    "note": "旧姓で呼ばれるのを好む",
    "skills": ["鷹匠", "錬金術"],
    "tags": ["要フォロー枠"],
}
S_TEXT = {
    "title": "主任エンジニア",
    "employee_number": "E90001",
    "hris_id": "HB-778899",
    "touchpoint_note": "札幌で近況を聞いた",
    "consent_note": "退職面談で口頭確認",
    "free_text": "上司との関係に悩んだ固有の声",
}
# The referral naming S as its candidate, contact data typed as a referrer might.
S_CANDIDATE = {
    "name": S_PERSON["name"],
    "name_kana": S_PERSON["name_kana"],
    "email": "Taro.Private@Example.JP",
    "phone": "+81 90-5555-0101",
    "relationship": "札幌で一緒に働いた元同僚",
    "note": "復帰に前向きで札幌勤務を希望",
    "resume_url": "https://files.example/taro-cv.pdf",
}
S_VALUES = [
    *(v for k, v in S_PERSON.items() if k != "phone"),
    "+819055550101",  # the phone as stored (E.164)
    *(v for k, v in S_PROFILE.items() if isinstance(v, str)),
    *S_PROFILE["skills"],
    *S_PROFILE["tags"],
    *S_TEXT.values(),
    *(S_CANDIDATE[k] for k in ("relationship", "note", "resume_url")),
    ADDRESS,
]
O_VALUES = ["他人 花子", "hanako.other@example.jp"]


@dataclass
class World:
    org: Organization
    other: Organization
    s: Person
    o: Person
    b: Person
    offboarding: Offboarding
    tokens: dict[str, str | None]
    memberships: dict[str, Membership]

    def gid(self, key: str) -> str:
        return ids.encode("Person", getattr(self, key).id)


async def _consents(org: Organization, person: Person, note: str = "") -> None:
    for purpose, source in (
        (ConsentPurpose.COMMUNITY, ConsentSource.IMPORT),
        (ConsentPurpose.NEWSLETTER, ConsentSource.OFFBOARDING_FORM),
    ):
        await record_consent(
            org, SEED, person, purpose, ConsentChannel.EMAIL, ConsentDecision.GRANTED, source, note
        )


async def _offboard(org: Organization, s: Person) -> Offboarding:
    hr = Viewer(org.id, Role.HR, None)
    offboarding = await start_offboarding(org, SEED, s.id, LEFT_ON, OffboardingSource.HR, hr)
    await check_off(org, SEED, offboarding.id, ChecklistItem.COMMUNITY_INVITATION, hr)
    draft = InterviewDraft(
        reasons=["career_growth", "pay"],
        primary_reason="career_growth",
        free_text=S_TEXT["free_text"],
        come_back_likelihood=7,
        feedback_escalated=True,
    )
    await record_exit_interview(org, SEED, offboarding.id, draft, hr)
    return offboarding


async def _sign_in_traces(org: Organization, membership: Membership) -> None:
    """A one-time link used from ADDRESS, and the session it started (with a refresh token)."""
    await MagicLink.create(
        organization_id=org.id,
        user_id=membership.user_id,
        token_hash="a" * 64,
        expires_at=clock.now() + timedelta(minutes=15),
        used_at=clock.now(),
        requested_from=ADDRESS,
    )
    await start_session(
        SECRET,
        org.id,
        membership.user_id,
        SignInMethod.MAGIC_LINK,
        access_minutes=30,
        client_address=ADDRESS,
    )


async def _referred_back(org: Organization, referrer: Membership) -> Referral:
    opening = await create_opening(
        org.id,
        SEED,
        {"title": "バックエンドエンジニア", "employment_type": EmploymentType.FULL_TIME},
    )
    await change_status(org.id, SEED, opening.id, OpeningStatus.OPEN, Viewer(org.id, Role.HR, None))
    draft = CandidateDraft(**S_CANDIDATE, consents_to_contact=True)
    acting = Viewer(org.id, Role.EMPLOYEE, referrer.person_id)
    return await submit_referral(org.id, Actor.user(referrer.user_id), acting, opening.id, draft)


async def build_world() -> World:
    org = await make_org("acme")
    other = await make_org("beta", "株式会社ベータ")
    eng = await make_department(org, "エンジニアリング")
    manager = await make_employee(org, name="上司 一郎")
    s = await make_employee(
        org,
        **S_PERSON,
        department_id=eng.id,
        manager_id=manager.id,
        title=S_TEXT["title"],
        employee_number=S_TEXT["employee_number"],
        hire_date=date(2018, 4, 1),
    )
    await set_employee_id(org.id, SEED, s.id, HrisProvider.HIBOB, S_TEXT["hris_id"])
    offboarding = await _offboard(org, s)
    await update_person(org, SEED, s.id, {}, S_PROFILE)
    await _consents(org, s, S_TEXT["consent_note"])
    hr_viewer = Viewer(org.id, Role.HR, None)
    silent_since = clock.now() - timedelta(days=200)
    await log_touchpoint(
        org, hr_viewer, SEED, s.id, "coffee", silent_since, S_TEXT["touchpoint_note"]
    )
    o = await make_alumnus(org, name=O_VALUES[0], personal_email=O_VALUES[1])
    await _consents(org, o)
    b = await make_alumnus(other, name="他社 次郎", personal_email="jiro@beta.example")
    members = {
        "hr": await make_member(org, Role.HR, await make_employee(org, name="人事 花子")),
        "executive": await make_member(org, Role.EXECUTIVE, await make_employee(org)),
        "manager": await make_member(org, Role.MANAGER, manager),
        "employee": await make_member(org, Role.EMPLOYEE, await make_employee(org)),
        "s": await make_member(org, Role.ALUMNUS, s, email=S_PERSON["personal_email"]),
        "o": await make_member(org, Role.ALUMNUS, o),
        "other_hr": await make_member(other, Role.HR, await make_employee(other)),
    }
    await _sign_in_traces(org, members["s"][0])
    await _referred_back(org, members["employee"][0])
    tokens: dict[str, str | None] = {key: token for key, (_, token) in members.items()}
    tokens["anonymous"] = None
    return World(
        org=org,
        other=other,
        s=await Person.get(id=s.id),
        o=o,
        b=b,
        offboarding=offboarding,
        tokens=tokens,
        memberships={key: membership for key, (membership, _) in members.items()},
    )


async def all_rows() -> dict[str, list[str]]:
    """Every row of every table (the migration history aside), each as sorted text."""
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        sql = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    tables = sorted(row["name"] for row in await connection.execute_query_dict(sql))
    found = {}
    for table in tables:
        if table == "tortoise_migrations":
            continue
        rows = await connection.execute_query_dict(f'SELECT * FROM "{table}"')
        found[table] = sorted("\x1f".join(str(value) for value in row.values()) for row in rows)
    return found


def occurrences(rows: dict[str, list[str]], values: list[str]) -> dict[str, list[str]]:
    """value → the tables holding it, as written or JSON-escaped (SQLite keeps JSON columns
    as text with non-ASCII characters escaped)."""
    found: dict[str, list[str]] = {}
    for value in values:
        forms = {value, json.dumps(value)[1:-1]}
        tables = [t for t, texts in rows.items() if any(f in text for text in texts for f in forms)]
        if tables:
            found[value] = tables
    return found


def dumped(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
