"""The demo organization, seeded through the domain services into a real, migrated database."""

import re
import unicodedata
from collections import Counter

import pytest

from auth.passwords import verify_password
from domain.accounts.models import Membership, Role, User
from domain.consent.models import ConsentRecord
from domain.organizations.models import Organization
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    EmploymentPeriod,
    LabelKind,
    Person,
    PersonStatus,
    RehireEligibility,
)
from kizuna import demo_data
from kizuna.demo_data import (
    ALUMNI_COUNT,
    DEPARTMENTS,
    EMPLOYEE_COUNT,
    MANAGER_FORMER_REPORTS,
    ORGANIZATION_NAME,
    seed_demo,
)

KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc ]+$")  # katakana, the long vowel mark ー, space


@pytest.fixture
def database(database_url: str) -> None:
    """The suite's fresh database (SQLite or PostgreSQL, as DATABASE_URL says)."""


@pytest.fixture
async def demo(database: None) -> dict[Role, Membership]:
    return await seed_demo()


async def test_the_organization_and_its_departments(demo: dict[Role, Membership]) -> None:
    organization = await Organization.get(slug="demo")
    assert organization.name == ORGANIZATION_NAME
    assert (organization.time_zone, organization.currency) == ("Asia/Tokyo", "JPY")
    assert all(m.organization_id == organization.id for m in demo.values())


async def test_exactly_the_planned_employees_and_alumni(demo: dict[Role, Membership]) -> None:
    assert await Person.filter(status=PersonStatus.EMPLOYEE).count() == EMPLOYEE_COUNT
    assert await Person.filter(status=PersonStatus.ALUMNUS).count() == ALUMNI_COUNT
    assert EMPLOYEE_COUNT == 40
    assert ALUMNI_COUNT == 200
    assert len(DEPARTMENTS) == 6


async def test_every_period_has_a_department_title_and_unique_number(
    demo: dict[Role, Membership],
) -> None:
    periods = await EmploymentPeriod.all().prefetch_related("person")
    assert len(periods) == EMPLOYEE_COUNT + ALUMNI_COUNT
    assert all(p.department_id is not None and p.title for p in periods)
    numbers = [p.employee_number for p in periods]
    assert all(re.fullmatch(r"E\d{5}", n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    for period in periods:
        left = period.person.status is PersonStatus.ALUMNUS
        assert (period.leave_date is not None) == left


async def test_every_role_has_a_membership_tied_to_a_fitting_person(
    demo: dict[Role, Membership],
) -> None:
    assert set(demo) == set(Role)
    for role, membership in demo.items():
        await membership.fetch_related("user", "person")
        assert membership.role is role
        assert membership.user.email == f"{role.value}@demo.kizuna.example"
        expected = PersonStatus.ALUMNUS if role is Role.ALUMNUS else PersonStatus.EMPLOYEE
        assert membership.person.status is expected
    names = {role: demo[role].person.name for role in Role if role is not Role.ALUMNUS}
    assert names == {
        Role.EXECUTIVE: "佐藤 健一",
        Role.HR: "鈴木 美咲",
        Role.MANAGER: "高橋 翔",
        Role.EMPLOYEE: "田中 陽菜",
    }
    profile = await AlumniProfile.get(person_id=demo[Role.ALUMNUS].person_id)
    assert profile.directory_listed


async def test_staff_accounts_have_the_demo_password(demo: dict[Role, Membership]) -> None:
    for role, membership in demo.items():
        user = await User.get(id=membership.user_id)
        if role is Role.ALUMNUS:  # alumni sign in by emailed link
            assert user.password_hash is None
        else:
            assert await verify_password(user.password_hash, demo_data.DEMO_PASSWORD)
    assert demo_data.DEMO_PASSWORD == "kizuna-demo-2026!"


async def test_alumni_left_over_the_last_ten_years(demo: dict[Role, Membership]) -> None:
    periods = await EmploymentPeriod.filter(leave_date__isnull=False)
    assert len(periods) == ALUMNI_COUNT
    assert all(p.hire_date < p.leave_date for p in periods)
    assert len({p.leave_date.year for p in periods}) >= 9


async def test_names_are_kanji_with_katakana_furigana(demo: dict[Role, Membership]) -> None:
    people = await Person.all()
    assert len({p.name for p in people}) == len(people)
    for person in people:
        assert unicodedata.normalize("NFKC", person.name_kana) == person.name_kana
        assert KATAKANA.match(person.name_kana), person.name_kana
        assert person.name.count(" ") == person.name_kana.count(" ") == 1


async def test_every_alumnus_has_a_profile_with_one_to_four_skills(
    demo: dict[Role, Membership],
) -> None:
    alumni = await Person.filter(status=PersonStatus.ALUMNUS)
    profiles = {p.person_id: p for p in await AlumniProfile.all()}
    assert set(profiles) == {a.id for a in alumni}
    skills = Counter(label.person_id for label in await AlumniLabel.filter(kind=LabelKind.SKILL))
    assert all(1 <= skills[a.id] <= 4 for a in alumni)
    tags = Counter(label.person_id for label in await AlumniLabel.filter(kind=LabelKind.TAG))
    assert all(tags[a.id] <= 3 for a in alumni)
    assert all(a.personal_email and a.phone and a.phone.startswith("+81") for a in alumni)
    listed = sum(p.directory_listed for p in profiles.values())
    assert 0.55 * ALUMNI_COUNT <= listed <= 0.85 * ALUMNI_COUNT
    conditional = [
        p for p in profiles.values() if p.rehire_eligibility is RehireEligibility.CONDITIONAL
    ]
    assert conditional and all(p.rehire_note for p in conditional)


async def test_the_manager_has_reports_and_former_reports(demo: dict[Role, Membership]) -> None:
    manager_id = demo[Role.MANAGER].person_id
    former = await EmploymentPeriod.filter(manager_id=manager_id, leave_date__isnull=False).count()
    current = await EmploymentPeriod.filter(manager_id=manager_id, leave_date__isnull=True).count()
    assert former == MANAGER_FORMER_REPORTS >= 10
    assert current >= 5


async def _names_seeded_as(slug: str, seed: int) -> list[str]:
    await seed_demo(slug, seed=seed)
    people = Person.filter(organization__slug=slug).order_by("name")
    return [p.name for p in await people]


async def test_the_same_seed_gives_the_same_people(database: None) -> None:
    first = await _names_seeded_as("first", seed=7)
    again = await _names_seeded_as("again", seed=7)
    other = await _names_seeded_as("other", seed=8)
    assert first == again
    assert first != other


async def test_a_second_organization_can_be_seeded_alongside(
    demo: dict[Role, Membership],
) -> None:
    second = await seed_demo("demo2", seed=7)
    assert set(second) == set(Role)
    organization = await Organization.get(slug="demo2")
    assert all(m.organization_id == organization.id for m in second.values())
    await second[Role.HR].fetch_related("user")
    assert second[Role.HR].user.email == "hr@demo2.kizuna.example"
    assert await User.all().count() == 2 * len(Role)
    alumni = Person.filter(organization_id=organization.id, status=PersonStatus.ALUMNUS)
    assert await alumni.count() == ALUMNI_COUNT


async def test_a_failed_seed_leaves_nothing_behind(
    database: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def refuse(*args: object, **kwargs: object) -> Membership:
        raise RuntimeError("refused")

    # Fails after every person is written: the whole seed must roll back.
    monkeypatch.setattr(demo_data, "add_member", refuse)
    with pytest.raises(RuntimeError, match="refused"):
        await seed_demo()
    assert not await Organization.exists(slug="demo")
    assert await Person.all().count() == 0
    monkeypatch.undo()
    assert set(await seed_demo()) == set(Role)


async def test_newsletter_consents_as_the_roster_said(demo: dict[Role, Membership]) -> None:
    rows = await ConsentRecord.filter(purpose="newsletter").values_list(
        "person_id", "channel", "decision", "source"
    )
    assert {(channel, source) for _, channel, _, source in rows} == {("email", "import")}
    decisions = Counter(decision for _, _, decision, _ in rows)
    assert 100 <= decisions["granted"] <= 140  # about 60% of 200
    assert 8 <= decisions["withdrawn"] <= 35  # about 10%
    assert len({person_id for person_id, *_ in rows}) == len(rows)  # one decision each
    assert (demo[Role.ALUMNUS].person_id, "email", "granted", "import") in rows
