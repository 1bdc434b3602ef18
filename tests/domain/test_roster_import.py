"""Importing rosters into the database: the samples, idempotence, all-or-nothing, matching."""

import csv
import io
from datetime import date

import pytest

from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.consent.gate import may_contact
from domain.consent.models import (
    ConsentChannel,
    ConsentDecision,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
)
from domain.outbox.models import OutboxEvent
from domain.people.models import (
    AlumniLabel,
    AlumniProfile,
    Department,
    EmployeeNumber,
    EmploymentPeriod,
    LabelKind,
    Person,
    PersonStatus,
    RehireEligibility,
)
from domain.roster import parse_roster, read_table
from domain.roster.error_codes import RosterErrorCode
from domain.roster.importing import Action, ImportSummary, RowOutcome, import_roster
from tests.domain.roster_samples import FILES, sample
from tests.factories import make_employee, make_org

HR = Actor.user("hr-user")


async def run(org, data: bytes, name="roster.csv", **options) -> tuple[ImportSummary, list]:
    outcomes: list[RowOutcome] = []
    with read_table(data, name) as table:
        summary = await import_roster(
            org, HR, parse_roster(table), on_row=outcomes.append, **options
        )
    return summary, outcomes


def sample_rows() -> list[list[str]]:
    text = sample("roster.utf8.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode()


async def people_of(org) -> list[tuple]:
    """Everything an import writes about each person, comparable across organizations."""
    departments = dict(await Department.filter(organization_id=org.id).values_list("id", "name"))
    periods = {p.person_id: p for p in await EmploymentPeriod.filter(organization_id=org.id)}
    profiles = {p.person_id: p for p in await AlumniProfile.filter(organization_id=org.id)}
    skills: dict = {}
    for label in await AlumniLabel.filter(organization_id=org.id).order_by("position"):
        skills.setdefault(label.person_id, []).append((label.kind.value, label.value))
    found = []
    for person in await Person.filter(organization_id=org.id):
        period, profile = periods[person.id], profiles[person.id]
        found.append(
            (
                period.employee_number, person.name, person.name_kana, person.personal_email,
                person.phone, person.status, period.hire_date, period.leave_date,
                departments.get(period.department_id), period.title, profile.departed_on,
                profile.current_company, profile.rehire_eligibility,
                tuple(skills.get(person.id, ())),
            )
        )  # fmt: skip
    return sorted(found)


async def test_each_sample_imports_the_same_300_alumni(database_url):
    imported = []
    for number, name in enumerate(FILES):
        org = await make_org(f"org{number}", f"会社{number}")
        summary, outcomes = await run(org, sample(name).read_bytes(), name, dry_run=False)
        assert summary.applied and not summary.refused
        assert summary.counts == {
            Action.CREATE: 300, Action.UPDATE: 0, Action.UNCHANGED: 0, Action.REJECT: 0
        }  # fmt: skip
        assert [o.line for o in outcomes] == list(range(2, 302))
        # The five 令和1年 dates before 5月1日 are imported, each with its warning.
        assert [(o.line, w.code) for o in outcomes for w in o.warnings] == [
            (line, RosterErrorCode.DATE_OUTSIDE_ERA) for line in (35, 61, 128, 186, 265)
        ]
        assert sorted(summary.departments_created) == sorted(
            await Department.filter(organization_id=org.id).values_list("name", flat=True)
        )
        imported.append(await people_of(org))
    xlsx, sjis, utf8 = imported
    assert len(xlsx) == 300
    assert xlsx == sjis == utf8
    first = next(p for p in xlsx if p[0] == "E10000")
    assert first == (
        "E10000", "高橋 結衣", "タカハシ ユイ", "yui.takahashi0@example.jp", "+819029319117",
        PersonStatus.ALUMNUS, date(2015, 6, 5), date(2024, 7, 3), "経理部", "課長",
        date(2024, 7, 3), "株式会社サンプル商事", RehireEligibility.NOT_ELIGIBLE,
        (("skill", "Python"), ("skill", "データ分析"), ("skill", "英語")),
    )  # fmt: skip
    assert await EmployeeNumber.all().count() == 900
    assert await OutboxEvent.filter(event_type="person.created").count() == 900
    [audit] = await AuditEvent.filter(action="roster.imported").limit(1)
    assert (audit.changes["create"], audit.actor_id) == (300, "hr-user")


async def test_importing_again_changes_nothing(database_url):
    org = await make_org()
    data = sample("roster.xlsx").read_bytes()
    await run(org, data, "roster.xlsx", dry_run=False)
    before = await people_of(org)
    stamps = sorted(await Person.filter(organization_id=org.id).values_list("id", "updated_at"))
    outbox = await OutboxEvent.all().count()

    summary, outcomes = await run(org, sample("roster.sjis.csv").read_bytes(), dry_run=False)
    assert summary.counts[Action.UNCHANGED] == 300
    assert {o.action for o in outcomes} == {Action.UNCHANGED}
    assert summary.departments_created == []
    assert await people_of(org) == before
    assert sorted(await Person.filter(organization_id=org.id).values_list("id", "updated_at")) == (
        stamps
    )
    assert await OutboxEvent.all().count() == outbox


def broken_sample() -> bytes:
    rows = sample_rows()
    rows[10][3] = "not-an-email"  # line 11
    return as_csv(rows)


async def test_a_broken_row_imports_nothing_in_a_plain_real_run(database_url):
    org = await make_org()
    summary, _ = await run(org, broken_sample(), dry_run=False)
    assert (summary.applied, summary.refused) == (False, True)
    assert summary.counts[Action.REJECT] == 1 and summary.counts[Action.CREATE] == 299
    assert summary.departments_created == []
    assert await Person.filter(organization_id=org.id).count() == 0
    assert await Department.filter(organization_id=org.id).count() == 0
    assert await OutboxEvent.all().count() == 0
    assert await AuditEvent.filter(action="roster.imported").count() == 0


async def test_the_dry_run_names_the_broken_row_and_writes_nothing(database_url):
    org = await make_org()
    summary, outcomes = await run(org, broken_sample(), dry_run=True)
    [rejected] = [o for o in outcomes if o.action is Action.REJECT]
    assert rejected.line == 11
    [problem] = rejected.problems
    assert (problem.column, problem.code) == ("メールアドレス", RosterErrorCode.INVALID_EMAIL)
    assert problem.message.startswith("メールアドレス: 'not-an-email' is not an email address")
    assert summary.counts[Action.CREATE] == 299 and not summary.applied
    assert len(summary.departments_created) > 0  # what a real run would create
    assert await Person.filter(organization_id=org.id).count() == 0


async def test_skipping_rejected_rows_imports_the_rest_and_lists_them(database_url):
    org = await make_org()
    summary, outcomes = await run(org, broken_sample(), dry_run=False, skip_rejected=True)
    assert summary.applied
    assert [o.line for o in outcomes if o.action is Action.REJECT] == [11]
    assert await Person.filter(organization_id=org.id).count() == 299
    emails = await Person.filter(organization_id=org.id).values_list("personal_email", flat=True)
    assert "not-an-email" not in emails


async def test_a_changed_row_updates_only_what_changed(database_url):
    org = await make_org()
    rows = sample_rows()
    await run(org, as_csv(rows), dry_run=False)
    rows[1][10] = "株式会社あたらしい"  # E10000's current company
    rows[1][11] = ""  # an empty skills cell erases nothing
    rows[2][3] = "HINA.YAMADA1@EXAMPLE.JP"  # the same email in capitals is a match, no change
    summary, outcomes = await run(org, as_csv(rows), dry_run=False)
    assert summary.counts[Action.UPDATE] == 1 and summary.counts[Action.UNCHANGED] == 299
    [updated] = [o for o in outcomes if o.action is Action.UPDATE]
    assert (updated.line, updated.changed) == (2, ("current_company",))
    profile = await AlumniProfile.get(person_id=updated.person_id)
    assert profile.current_company == "株式会社あたらしい"
    assert profile.updated_by.kind.value == "import"
    skills = await AlumniLabel.filter(person_id=updated.person_id, kind=LabelKind.SKILL)
    assert len(skills) == 3


async def test_a_row_naming_a_current_employee_or_two_people_is_rejected(database_url):
    org = await make_org()
    await make_employee(org, employee_number="E10000", personal_email="other@example.jp")
    await make_employee(org, employee_number="X1", personal_email="hina.yamada1@example.jp")
    rows = sample_rows()[:4]
    rows[2][0] = "E10002"  # line 3: E10002 is nobody yet, but the email is X1's
    rows[2][3] = "hina.yamada1@example.jp"
    rows[3][0] = "X1"  # line 4: X1 is the employee, the email is a new one
    _, outcomes = await run(org, as_csv(rows), dry_run=True)
    rejected = {o.line: [(p.column, p.code) for p in o.problems] for o in outcomes if o.problems}
    assert rejected == {
        2: [("社員番号", RosterErrorCode.STILL_EMPLOYED)],
        3: [("社員番号", RosterErrorCode.STILL_EMPLOYED)],
        4: [("社員番号", RosterErrorCode.STILL_EMPLOYED)],
    }


async def test_a_number_and_an_email_of_two_alumni_conflict(database_url):
    org = await make_org()
    rows = sample_rows()[:3]
    await run(org, as_csv(rows), dry_run=False)
    rows[1][3] = rows[2][3]  # E10000 with E10001's email
    rows = rows[:2]
    summary, outcomes = await run(org, as_csv(rows), dry_run=False)
    [outcome] = outcomes
    assert [(p.column, p.code) for p in outcome.problems] == [
        ("メールアドレス", RosterErrorCode.CONFLICTING_PERSON)
    ]
    assert summary.refused


@pytest.mark.parametrize("hire_date", ["", "不明"])
async def test_a_row_without_a_hire_date_is_rejected(database_url, hire_date):
    org = await make_org()
    rows = sample_rows()[:2]
    rows[1][5] = hire_date
    _, [outcome] = await run(org, as_csv(rows), dry_run=True)
    assert [(p.column, p.code) for p in outcome.problems] == [("入社日", RosterErrorCode.REQUIRED)]


async def test_the_consent_column_goes_to_the_ledger_with_source_import(database_url):
    org = await make_org()
    rows = sample_rows()
    await run(org, as_csv(rows), dry_run=False)
    records = await ConsentRecord.filter(organization_id=org.id)
    words = [row[12] for row in rows[1:]]
    granted = sum(word in ("はい", "○", "同意", "yes") for word in words)
    withdrawn = sum(word in ("いいえ", "×", "no") for word in words)
    assert (granted, withdrawn) == (214, 59)  # and 27 rows say nothing: not asked
    assert len(records) == granted + withdrawn
    assert {(r.purpose, r.channel, r.source) for r in records} == {
        (ConsentPurpose.COMMUNITY, ConsentChannel.EMAIL, ConsentSource.IMPORT)
    }
    assert sum(r.decision is ConsentDecision.GRANTED for r in records) == granted
    assert await OutboxEvent.filter(event_type="consent.changed").count() == len(records)

    # E10002 said yes; the roster now says いいえ: one more row, the first one kept.
    assert rows[3][0] == "E10002" and rows[3][12] == "yes"
    rows[3][12] = "いいえ"
    _summary, outcomes = await run(org, as_csv(rows), dry_run=False)
    [updated] = [o for o in outcomes if o.action is Action.UPDATE]
    assert (updated.line, updated.changed) == (4, ("community_consent",))
    history = await ConsentRecord.filter(person_id=updated.person_id).order_by("recorded_at")
    assert [r.decision for r in history] == [ConsentDecision.GRANTED, ConsentDecision.WITHDRAWN]
    assert await may_contact(
        org.id, updated.person_id, ConsentPurpose.COMMUNITY, ConsentChannel.EMAIL
    ) is False  # fmt: skip

    again, _ = await run(org, as_csv(rows), dry_run=False)
    assert again.counts[Action.UNCHANGED] == 300
    assert await ConsentRecord.filter(organization_id=org.id).count() == len(records) + 1
