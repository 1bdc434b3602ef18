"""A realistic Japanese demo organization, written through the domain services.

`seed_demo` creates 株式会社きずなテック with departments, current employees, alumni who left
over the last ten years, and one sign-in account per role. Everything goes through the same
services the API uses, so the demo data obeys the same validation and writes the same audit
and outbox rows. The same `seed` always gives the same people; dates are relative to today
(in the organization's time zone) so the alumni stay spread over the last ten years.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple
from uuid import UUID

from tortoise.transactions import in_transaction

from auth.passwords import set_password
from domain.accounts.models import Membership, Role, User
from domain.accounts.services import add_member
from domain.common import clock
from domain.common.actors import Actor
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentSource
from domain.consent.services import record_consent
from domain.organizations.models import Organization
from domain.organizations.services import create_organization
from domain.people.models import RehireEligibility
from domain.people.services import (
    EmploymentDraft,
    PersonDraft,
    ProfileDraft,
    create_department,
    create_person,
)

ORGANIZATION_NAME = "株式会社きずなテック"
WORK_EMAIL_DOMAIN = "kizuna-tech.example"
ACTOR = Actor.system("demo")
# Staff accounts sign in with this password (alumni sign in by emailed link instead).
DEMO_PASSWORD = "kizuna-demo-2026!"

ALUMNI_COUNT = 200
# Alumni whose employment period names the manager user as their manager ("former reports").
MANAGER_FORMER_REPORTS = 15
# Of the alumni: agreed to the newsletter by email, refused it; the rest were never asked.
NEWSLETTER_CONSENT_SHARE = 0.6
NEWSLETTER_REFUSAL_SHARE = 0.1
# Alumni leave dates fall in this many one-year windows before today, equally many in each.
ALUMNI_YEARS = 10
# The company is this old: nobody, alumni included, was hired before it was founded.
COMPANY_AGE_DAYS = 12 * 365
FIRST_EMPLOYEE_NUMBER = 10001

# Name parts: (kanji, katakana reading, romaji for email addresses). Readings are unique,
# so a full name's romaji is unique too.
FAMILY_NAMES = (
    ("佐藤", "サトウ", "sato"),
    ("鈴木", "スズキ", "suzuki"),
    ("高橋", "タカハシ", "takahashi"),
    ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"),
    ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"),
    ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"),
    ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"),
    ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"),
    ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"),
    ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"),
    ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"),
    ("清水", "シミズ", "shimizu"),
    ("山崎", "ヤマザキ", "yamazaki"),
    ("森", "モリ", "mori"),
    ("池田", "イケダ", "ikeda"),
    ("橋本", "ハシモト", "hashimoto"),
    ("阿部", "アベ", "abe"),
    ("石川", "イシカワ", "ishikawa"),
    ("山下", "ヤマシタ", "yamashita"),
    ("中島", "ナカジマ", "nakajima"),
    ("石井", "イシイ", "ishii"),
    ("小川", "オガワ", "ogawa"),
    ("前田", "マエダ", "maeda"),
    ("岡田", "オカダ", "okada"),
    ("長谷川", "ハセガワ", "hasegawa"),
    ("藤田", "フジタ", "fujita"),
    ("後藤", "ゴトウ", "goto"),
    ("近藤", "コンドウ", "kondo"),
    ("村上", "ムラカミ", "murakami"),
    ("遠藤", "エンドウ", "endo"),
    ("青木", "アオキ", "aoki"),
    ("坂本", "サカモト", "sakamoto"),
)
GIVEN_NAMES = (
    ("太郎", "タロウ", "taro"),
    ("健一", "ケンイチ", "kenichi"),
    ("翔", "ショウ", "sho"),
    ("美咲", "ミサキ", "misaki"),
    ("陽菜", "ヒナ", "hina"),
    ("大輔", "ダイスケ", "daisuke"),
    ("拓也", "タクヤ", "takuya"),
    ("直樹", "ナオキ", "naoki"),
    ("亮", "リョウ", "ryo"),
    ("健太", "ケンタ", "kenta"),
    ("翔太", "ショウタ", "shota"),
    ("大樹", "ダイキ", "daiki"),
    ("隼人", "ハヤト", "hayato"),
    ("蓮", "レン", "ren"),
    ("悠斗", "ユウト", "yuto"),
    ("誠", "マコト", "makoto"),
    ("和也", "カズヤ", "kazuya"),
    ("浩二", "コウジ", "koji"),
    ("慎也", "シンヤ", "shinya"),
    ("剛", "ツヨシ", "tsuyoshi"),
    ("陽子", "ヨウコ", "yoko"),
    ("恵", "メグミ", "megumi"),
    ("愛", "アイ", "ai"),
    ("彩", "アヤ", "aya"),
    ("由美", "ユミ", "yumi"),
    ("真由美", "マユミ", "mayumi"),
    ("結衣", "ユイ", "yui"),
    ("さくら", "サクラ", "sakura"),
    ("奈々", "ナナ", "nana"),
    ("千尋", "チヒロ", "chihiro"),
    ("麻衣", "マイ", "mai"),
    ("花子", "ハナコ", "hanako"),
    ("明美", "アケミ", "akemi"),
    ("香織", "カオリ", "kaori"),
    ("優子", "ユウコ", "yuko"),
    ("智子", "トモコ", "tomoko"),
    ("理沙", "リサ", "risa"),
    ("葵", "アオイ", "aoi"),
    ("遥", "ハルカ", "haruka"),
    ("七海", "ナナミ", "nanami"),
)


class Dept(NamedTuple):
    name: str
    headcount: int  # current employees, the head included
    head_title: str  # for a generated head; named heads (KEY_EMPLOYEES) bring their own
    titles: tuple[str, ...]  # titles held here, by current employees and alumni alike
    next_titles: tuple[str, ...]  # what alumni of this department went on to do
    skills: tuple[str, ...]  # an alumnus's skills come from their department's pool


DEPARTMENTS = (
    Dept(
        "エンジニアリング",
        12,
        "エンジニアリングマネージャー",
        (
            "ソフトウェアエンジニア",
            "シニアエンジニア",
            "テックリード",
            "SREエンジニア",
            "QAエンジニア",
        ),
        ("シニアエンジニア", "テックリード", "CTO", "エンジニアリングマネージャー", "SRE"),
        ("Python", "Go", "TypeScript", "React", "AWS", "Kubernetes", "データ分析"),
    ),
    Dept(
        "プロダクト",
        6,
        "プロダクト部長",
        ("プロダクトマネージャー", "UXデザイナー", "UIデザイナー", "データアナリスト"),
        ("プロダクトマネージャー", "プロダクトオーナー", "シニアデザイナー", "UXリサーチャー"),
        ("プロダクトマネジメント", "UXデザイン", "データ分析", "Figma", "ユーザーリサーチ"),
    ),
    Dept(
        "営業",
        8,
        "営業部長",
        ("法人営業", "インサイドセールス", "カスタマーサクセス", "営業企画"),
        (
            "営業マネージャー",
            "アカウントエグゼクティブ",
            "事業開発",
            "カスタマーサクセスマネージャー",
        ),
        ("法人営業", "提案営業", "カスタマーサクセス", "Salesforce", "英語"),
    ),
    Dept(
        "マーケティング",
        5,
        "マーケティング部長",
        ("マーケター", "デジタルマーケター", "広報", "コンテンツディレクター"),
        (
            "マーケティングマネージャー",
            "ブランドマネージャー",
            "広報マネージャー",
            "グロースマーケター",
        ),
        ("デジタルマーケティング", "SEO", "広報", "データ分析", "コンテンツ制作"),
    ),
    Dept(
        "人事",
        4,
        "人事部長",
        ("採用担当", "労務担当", "人事企画", "研修担当"),
        ("人事マネージャー", "採用責任者", "HRBP", "労務マネージャー"),
        ("採用", "労務", "人事制度設計", "研修企画", "英語"),
    ),
    Dept(
        "コーポレート",
        5,
        "コーポレート部長",
        ("経理", "財務", "法務", "総務", "経営企画"),
        ("経理マネージャー", "CFO", "法務マネージャー", "経営企画マネージャー"),
        ("経理", "財務", "法務", "予算管理", "英語"),
    ),
)
EMPLOYEE_COUNT = sum(dept.headcount for dept in DEPARTMENTS)

# The people behind the demo accounts:
# (family, given, department, title, hired this many days ago, heads the department, role).
# Department heads report to the CEO; everyone else reports to their department's head.
KEY_EMPLOYEES = (
    ("佐藤", "健一", "コーポレート", "代表取締役CEO", 4300, True, Role.EXECUTIVE),
    ("鈴木", "美咲", "人事", "人事部長", 3600, True, Role.HR),
    ("高橋", "翔", "エンジニアリング", "エンジニアリングマネージャー", 4000, True, Role.MANAGER),
    ("田中", "陽菜", "エンジニアリング", "ソフトウェアエンジニア", 900, False, Role.EMPLOYEE),
)

# Where alumni work now (all fictional).
COMPANIES = (
    "株式会社サクラソフト",
    "ミライ商事株式会社",
    "株式会社アオゾラ製作所",
    "株式会社ヒノデ物流",
    "株式会社ツバサコンサルティング",
    "株式会社カエデシステムズ",
    "株式会社ハヤブサラボ",
    "合同会社ソラノ",
    "株式会社イロハ食品",
    "株式会社コハクメディカル",
    "株式会社ミナト電機",
    "株式会社ホシゾラゲームス",
    "株式会社ワカバ教育",
    "株式会社シオン総研",
    "株式会社ツムギデザイン",
    "株式会社ヤマブキ商会",
    "株式会社ヒカリネット",
    "株式会社ナギサ不動産",
    "株式会社モミジ薬品",
    "株式会社ウミネコ旅行",
)
TAGS = ("ブーメラン候補", "イベント参加", "紹介実績あり", "管理職経験", "海外経験", "副業可")
# (location, weight): most alumni stay in the Tokyo area.
LOCATIONS = (
    ("東京都", 40),
    ("神奈川県", 10),
    ("大阪府", 12),
    ("愛知県", 6),
    ("福岡県", 8),
    ("北海道", 4),
    ("京都府", 4),
    ("宮城県", 3),
    ("リモート", 10),
    ("海外", 3),
)
CONDITIONAL_NOTES = (
    "在籍期間が短かったため、面談で長期的な意向を確認すること。",
    "元の部署以外での再雇用を推奨。",
    "フルリモート勤務が条件。",
    "給与水準の再調整が必要。前職での待遇を確認すること。",
    "上長との面談を経て判断する。",
)
NOT_ELIGIBLE_NOTE = "社内規定により再雇用の対象外。"
EMAIL_DOMAINS = ("example.com", "example.jp", "example.net")
MOBILE_PREFIXES = ("090", "080", "070")


@dataclass
class PlannedPerson:
    """One person to create; department and manager by name, resolved to ids when written."""

    name: str
    name_kana: str
    romaji: tuple[str, str]  # (given, family)
    department: str
    title: str
    hire_date: date
    heads_department: bool = False
    manager: str | None = None
    leave_date: date | None = None
    personal_email: str | None = None
    work_email: str | None = None
    phone: str | None = None
    profile: ProfileDraft | None = None
    employee_number: str = ""


async def seed_demo(slug: str = "demo", *, seed: int = 7) -> dict[Role, Membership]:
    """Create the demo organization `slug`; returns the membership of each demo account.

    All or nothing: the services' own transactions nest inside this one, so a failed seed
    leaves no half-built organization behind to block a retry with the same slug.
    """
    async with in_transaction():
        return await _seed(slug, seed)


async def _seed(slug: str, seed: int) -> dict[Role, Membership]:
    organization = await create_organization(ORGANIZATION_NAME, slug)
    today = clock.today_in(organization.time_zone)
    employees, alumni = plan_people(random.Random(seed), today)

    department_ids: dict[str, UUID] = {}
    for dept in DEPARTMENTS:
        department_ids[dept.name] = (await create_department(organization, ACTOR, dept.name)).id
    # Plan order puts every manager before the people naming them: the service checks that
    # the manager exists.
    person_ids: dict[str, UUID] = {}
    for planned in [*employees, *alumni]:
        person_ids[planned.name] = await _create(organization, planned, department_ids, person_ids)

    await _newsletter_consents(organization, alumni, person_ids, random.Random(seed + 1))

    people_by_role = {key[-1]: _key_name(key) for key in KEY_EMPLOYEES}
    people_by_role[Role.ALUMNUS] = _demo_alumnus(alumni).name
    memberships = {}
    for role, name in people_by_role.items():
        # User.email is unique across organizations, hence the slug in the address.
        memberships[role] = await add_member(
            organization.id,
            f"{role.value}@{slug}.kizuna.example",
            role,
            ACTOR,
            person_id=person_ids[name],
            display_name=name,
        )
        if role is not Role.ALUMNUS:
            await set_password(await User.get(id=memberships[role].user_id), DEMO_PASSWORD, ACTOR)
    return memberships


def plan_people(rng: random.Random, today: date) -> tuple[list[PlannedPerson], list[PlannedPerson]]:
    """Every employee and alumnus to create, in creation order. Pure: no database."""
    names = _names(rng, EMPLOYEE_COUNT - len(KEY_EMPLOYEES) + ALUMNI_COUNT)
    employees = _plan_employees(rng, today, names)
    alumni = _plan_alumni(rng, today, names, employees)
    _number_by_hire_date([*employees, *alumni])
    return employees, alumni


def _key_name(key: tuple) -> str:
    return f"{key[0]} {key[1]}"


def _names(rng: random.Random, count: int) -> list[tuple[str, str, tuple[str, str]]]:
    """Distinct (name, kana, romaji) triples, none of them a key employee's name."""
    reserved = {(family, given) for family, given, *_ in KEY_EMPLOYEES}
    pairs = [
        (family, given)
        for family in FAMILY_NAMES
        for given in GIVEN_NAMES
        if (family[0], given[0]) not in reserved
    ]
    return [_full_name(family, given) for family, given in rng.sample(pairs, count)]


def _full_name(
    family: tuple[str, str, str], given: tuple[str, str, str]
) -> tuple[str, str, tuple[str, str]]:
    return f"{family[0]} {given[0]}", f"{family[1]} {given[1]}", (given[2], family[2])


def _name_parts(family_kanji: str, given_kanji: str) -> tuple[str, str, tuple[str, str]]:
    family = next(row for row in FAMILY_NAMES if row[0] == family_kanji)
    given = next(row for row in GIVEN_NAMES if row[0] == given_kanji)
    return _full_name(family, given)


def _plan_employees(
    rng: random.Random, today: date, names: list[tuple[str, str, tuple[str, str]]]
) -> list[PlannedPerson]:
    """Department heads (the CEO first), then their reports."""
    heads: dict[str, PlannedPerson] = {}
    others: list[PlannedPerson] = []
    for family, given, department, title, days_ago, is_head, _role in KEY_EMPLOYEES:
        name, kana, romaji = _name_parts(family, given)
        hired = today - timedelta(days=days_ago)
        person = PlannedPerson(name, kana, romaji, department, title, hired, is_head)
        if is_head:
            heads[department] = person
        else:
            others.append(person)
    for dept in DEPARTMENTS:
        if dept.name not in heads:
            name, kana, romaji = names.pop()
            hired = today - timedelta(days=rng.randint(1800, 4300))
            heads[dept.name] = PlannedPerson(
                name, kana, romaji, dept.name, dept.head_title, hired, True
            )
        known = 1 + sum(person.department == dept.name for person in others)
        for _ in range(dept.headcount - known):
            name, kana, romaji = names.pop()
            hired = today - timedelta(days=rng.randint(30, COMPANY_AGE_DAYS - 30))
            title = rng.choice(dept.titles)
            others.append(PlannedPerson(name, kana, romaji, dept.name, title, hired))
    ceo = _key_name(next(key for key in KEY_EMPLOYEES if key[-1] is Role.EXECUTIVE))
    for head in heads.values():
        head.manager = None if head.name == ceo else ceo
    for person in others:
        person.manager = heads[person.department].name
    employees = sorted(heads.values(), key=lambda head: head.name != ceo) + others
    taken: set[str] = set()
    for person in employees:
        given, family = person.romaji
        person.work_email = _unique(f"{given}.{family}", WORK_EMAIL_DOMAIN, taken)
    return employees


def _plan_alumni(
    rng: random.Random,
    today: date,
    names: list[tuple[str, str, tuple[str, str]]],
    employees: list[PlannedPerson],
) -> list[PlannedPerson]:
    founded = today - timedelta(days=COMPANY_AGE_DAYS)
    weights = [dept.headcount for dept in DEPARTMENTS]
    taken: set[str] = set()
    alumni = []
    for index in range(ALUMNI_COUNT):
        dept = rng.choices(DEPARTMENTS, weights)[0]
        # Spread leave dates evenly: alumnus i leaves in the (i mod 10)-th year back.
        window = index % ALUMNI_YEARS
        left = today - timedelta(days=window * 365 + rng.randint(1, 365))
        # Tenures of six months to eight years, never starting before the company did.
        hired = left - timedelta(days=rng.randint(180, min(8 * 365, (left - founded).days)))
        name, kana, romaji = names.pop()
        alumni.append(
            PlannedPerson(
                name,
                kana,
                romaji,
                dept.name,
                rng.choice(dept.titles),
                hired,
                leave_date=left,
                personal_email=_personal_email(rng, romaji, taken),
                phone=_mobile_number(rng),
                profile=_profile(rng, dept),
            )
        )
    _assign_former_managers(rng, alumni, employees)
    return alumni


def _assign_former_managers(
    rng: random.Random, alumni: list[PlannedPerson], employees: list[PlannedPerson]
) -> None:
    """Who the alumni reported to, so that managers see their former reports.

    The manager user gets exactly MANAGER_FORMER_REPORTS of their department's alumni. In the
    other departments, about half of the alumni who overlapped with today's head reported to them.
    """
    manager = next(person for person in employees if person.name == _manager_name())
    heads = {person.department: person for person in employees if person.heads_department}
    own = [
        person
        for person in alumni
        if person.department == manager.department and person.leave_date > manager.hire_date
    ]
    for person in rng.sample(own, min(MANAGER_FORMER_REPORTS, len(own))):
        person.manager = manager.name
    for person in alumni:
        head = heads[person.department]
        if person.department == manager.department or person.leave_date <= head.hire_date:
            continue
        if rng.random() < 0.5:
            person.manager = head.name


def _manager_name() -> str:
    return next(_key_name(key) for key in KEY_EMPLOYEES if key[-1] is Role.MANAGER)


def _profile(rng: random.Random, dept: Dept) -> ProfileDraft:
    roll = rng.random()
    if roll < 0.8:
        eligibility, note = RehireEligibility.ELIGIBLE, ""
    elif roll < 0.95:
        eligibility, note = RehireEligibility.CONDITIONAL, rng.choice(CONDITIONAL_NOTES)
    else:
        eligibility, note = RehireEligibility.NOT_ELIGIBLE, NOT_ELIGIBLE_NOTE
    places, weights = zip(*LOCATIONS, strict=True)
    return ProfileDraft(
        current_company=rng.choice(COMPANIES),
        current_title=rng.choice(dept.next_titles),
        location=rng.choices(places, weights)[0],
        skills=rng.sample(dept.skills, rng.randint(1, 4)),
        tags=rng.sample(TAGS, rng.randint(0, 3)),
        rehire_eligibility=eligibility,
        rehire_note=note,
        directory_listed=rng.random() < 0.7,
    )


def _personal_email(rng: random.Random, romaji: tuple[str, str], taken: set[str]) -> str:
    given, family = romaji
    local = rng.choice((f"{given}.{family}", f"{family}.{given}", f"{given[0]}{family}"))
    if rng.random() < 0.4:
        local += str(rng.randint(1, 99))
    return _unique(local, rng.choice(EMAIL_DOMAINS), taken)


def _unique(local: str, domain: str, taken: set[str]) -> str:
    """`local@domain`, numbered if taken: the service rejects a second person with an email."""
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def _mobile_number(rng: random.Random) -> str:
    """Like 090-1234-5678. The digit after 090/080/070 is never 0: phonenumbers rejects it."""
    prefix = rng.choice(MOBILE_PREFIXES)
    middle = rng.randint(1000, 9999)
    return f"{prefix}-{middle}-{rng.randrange(10000):04d}"


def _number_by_hire_date(people: list[PlannedPerson]) -> None:
    """Employee numbers in hiring order, so that they read like a real company's."""
    by_hire = sorted(range(len(people)), key=lambda i: (people[i].hire_date, i))
    for offset, index in enumerate(by_hire):
        people[index].employee_number = f"E{FIRST_EMPLOYEE_NUMBER + offset}"


def _demo_alumnus(alumni: list[PlannedPerson]) -> PlannedPerson:
    """The alumnus account: listed in the directory and welcome back, so every feature shows."""
    return next(
        person
        for person in alumni
        if person.profile is not None
        and person.profile.directory_listed
        and person.profile.rehire_eligibility is RehireEligibility.ELIGIBLE
    )


async def _newsletter_consents(
    organization: Organization,
    alumni: list[PlannedPerson],
    person_ids: dict[str, UUID],
    rng: random.Random,
) -> None:
    """As the roster said: most alumni agreed to the newsletter by email, some refused, the
    rest were never asked. The demo alumnus agreed, so that a newsletter reaches them."""
    demo_alumnus = _demo_alumnus(alumni)
    for planned in alumni:
        roll = rng.random()
        if planned is demo_alumnus or roll < NEWSLETTER_CONSENT_SHARE:
            decision = ConsentDecision.GRANTED
        elif roll < NEWSLETTER_CONSENT_SHARE + NEWSLETTER_REFUSAL_SHARE:
            decision = ConsentDecision.WITHDRAWN
        else:
            continue
        await record_consent(
            organization,
            ACTOR,
            person_ids[planned.name],
            ConsentPurpose.NEWSLETTER,
            ConsentChannel.EMAIL,
            decision,
            ConsentSource.IMPORT,
        )


async def _create(
    organization: Organization,
    planned: PlannedPerson,
    department_ids: dict[str, UUID],
    person_ids: dict[str, UUID],
) -> UUID:
    person = await create_person(
        organization,
        ACTOR,
        PersonDraft(
            name=planned.name,
            name_kana=planned.name_kana,
            personal_email=planned.personal_email,
            work_email=planned.work_email,
            phone=planned.phone,
        ),
        EmploymentDraft(
            hire_date=planned.hire_date,
            leave_date=planned.leave_date,
            department_id=department_ids[planned.department],
            title=planned.title,
            manager_id=None if planned.manager is None else person_ids[planned.manager],
            employee_number=planned.employee_number,
        ),
        planned.profile,
    )
    return person.id
