"""What a roster says beyond the person: 退職理由 as imported exit interviews, 備考 as the
alumni profile's note. Bulk, idempotent, reported by dry runs."""

from collections import Counter
from datetime import date

import pytest

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.offboarding.analytics import exit_analytics
from domain.offboarding.interviews import InterviewDraft, record_exit_interview
from domain.offboarding.models import (
    ExitInterview,
    ExitInterviewReason,
    ExitReason,
    Offboarding,
    OffboardingSource,
    OffboardingStatus,
)
from domain.offboarding.status import having_status, status_of
from domain.outbox.models import OutboxEvent
from domain.people.access import Viewer
from domain.people.models import AlumniProfile, EmploymentPeriod
from domain.roster.importing import Action
from domain.roster.leave_reasons import exit_reasons
from kizuna.diagnostics import count_statements
from tests.domain.test_roster_import import as_csv, run, sample_rows
from tests.factories import make_alumnus, make_org

REASON, NOTE = 9, 14  # the sample's 退職理由 and 備考 columns
TODAY = date(2030, 1, 1)


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("キャリアアップ", [ExitReason.CAREER_GROWTH]),
        ("同業他社へ転職", [ExitReason.CAREER_GROWTH]),
        ("給与・待遇", [ExitReason.PAY]),
        ("親の介護と転居のため", [ExitReason.FAMILY, ExitReason.RELOCATION]),
        ("引越し（結婚）", [ExitReason.RELOCATION, ExitReason.FAMILY]),
        ("体調不良", [ExitReason.HEALTH]),
        ("独立・起業", [ExitReason.STARTING_A_BUSINESS]),
        ("大学院進学", [ExitReason.STUDY]),
        ("海外留学", [ExitReason.STUDY]),
        ("人間関係", [ExitReason.RELATIONSHIPS]),
        ("評価への不満", [ExitReason.EVALUATION]),
        ("ｷｬﾘｱｱｯﾌﾟ", [ExitReason.CAREER_GROWTH]),  # half-width, as some rosters have it
        ("一身上の都合", [ExitReason.OTHER]),
    ],
)
def test_leave_reason_words_map_to_exit_reasons_first_named_first(text, reasons):
    assert exit_reasons(text) == reasons


async def test_leave_reasons_become_completed_imported_exit_interviews(database_url):
    org = await make_org()
    rows = sample_rows()
    summary, _ = await run(org, as_csv(rows), dry_run=False)
    given = {row[0]: row[REASON] for row in rows[1:] if row[REASON]}
    assert summary.exit_interviews == len(given) == 271

    offboardings = await Offboarding.filter(organization_id=org.id)
    assert len(offboardings) == 271
    assert {o.source for o in offboardings} == {OffboardingSource.IMPORT}
    assert {status_of(o, TODAY) for o in offboardings} == {OffboardingStatus.COMPLETED}
    completed = Offboarding.filter(having_status(OffboardingStatus.COMPLETED, TODAY))
    assert await completed.count() == 271
    assert await Offboarding.filter(having_status(OffboardingStatus.OPEN, TODAY)).count() == 0
    periods = {p.id: p for p in await EmploymentPeriod.filter(organization_id=org.id)}
    for offboarding in offboardings:
        period = periods[offboarding.employment_period_id]
        assert (period.person_id, period.leave_date) == (
            offboarding.person_id, offboarding.leave_date
        )  # fmt: skip
        assert offboarding.standing_period_id == period.id

    first = next(p for p in periods.values() if p.employee_number == "E10000")
    offboarding = await Offboarding.get(employment_period_id=first.id)
    interview = await ExitInterview.get(offboarding_id=offboarding.id)
    assert (interview.primary_reason, interview.free_text) == (
        ExitReason.EVALUATION,
        "評価への不満",
    )
    assert (interview.come_back_likelihood, interview.feedback_escalated) == (None, False)
    assert interview.recorded_by == f"import:{interview.created_by_id}"
    reasons = await ExitInterviewReason.filter(interview_id=interview.id).values_list(
        "reason", flat=True
    )
    assert reasons == [ExitReason.EVALUATION]
    # History, not a departure under way: no off-boarding or interview events.
    assert await OutboxEvent.filter(event_type__startswith="offboarding.").count() == 0
    assert await OutboxEvent.filter(event_type__startswith="exit_interview.").count() == 0
    [audit] = await AuditEvent.filter(action="roster.imported")
    assert (audit.changes["create"], audit.changes["exit_interviews"]) == (300, 271)


async def test_imported_reasons_count_in_exit_analytics(database_url):
    org = await make_org()
    rows = sample_rows()
    await run(org, as_csv(rows), dry_run=False)
    analytics = await exit_analytics(org.id, date(2000, 1, 1), date(2030, 12, 31))
    assert analytics.interviews == 271
    expected = Counter(exit_reasons(row[REASON])[0] for row in rows[1:] if row[REASON])
    assert {count.reason: count.count for count in analytics.reasons} == expected == {
        ExitReason.RELATIONSHIPS: 40, ExitReason.HEALTH: 33, ExitReason.RELOCATION: 32,
        ExitReason.STUDY: 31, ExitReason.PAY: 30, ExitReason.EVALUATION: 29,
        ExitReason.STARTING_A_BUSINESS: 29, ExitReason.CAREER_GROWTH: 24, ExitReason.FAMILY: 23,
    }  # fmt: skip
    assert analytics.primary_reasons == analytics.reasons  # one reason each in the sample
    assert sum(group.interviews for group in analytics.by_department) == 271
    assert (analytics.come_back_answers, analytics.escalated) == (0, 0)


async def test_remarks_become_the_alumni_profile_note(database_url):
    org = await make_org()
    rows = sample_rows()
    await run(org, as_csv(rows), dry_run=False)
    notes = Counter(
        await AlumniProfile.filter(organization_id=org.id).values_list("note", flat=True)
    )
    assert notes == Counter(row[NOTE] for row in rows[1:])
    assert notes == {
        "": 136,
        "また一緒に働きたいとのこと": 60,
        "連絡先変更あり": 53,
        "OB会幹事": 51,
    }


async def test_importing_again_records_nothing_again(database_url):
    org = await make_org()
    rows = sample_rows()
    await run(org, as_csv(rows), dry_run=False)
    interviews = sorted(await ExitInterview.all().values_list("id", "updated_at"))
    profiles = sorted(await AlumniProfile.all().values_list("id", "updated_at"))
    outbox = await OutboxEvent.all().count()

    summary, _ = await run(org, as_csv(rows), dry_run=False)
    assert summary.counts[Action.UNCHANGED] == 300 and summary.exit_interviews == 0
    assert sorted(await ExitInterview.all().values_list("id", "updated_at")) == interviews
    assert sorted(await AlumniProfile.all().values_list("id", "updated_at")) == profiles
    assert await Offboarding.all().count() == 271
    assert await ExitInterviewReason.all().count() == 271
    assert await OutboxEvent.all().count() == outbox


async def test_a_changed_reason_and_note_update_in_place(database_url):
    org = await make_org()
    rows = sample_rows()
    await run(org, as_csv(rows), dry_run=False)
    assert rows[1][0] == "E10000" and rows[2][0] == "E10001"
    rows[1][REASON], rows[1][NOTE] = "親の介護と転居", "幹事は退任"
    rows[2][REASON] = "キャリアアップ"  # E10001: only the reason changes
    outbox = await OutboxEvent.filter(event_type="person.updated").count()

    dry, planned = await run(org, as_csv(rows), dry_run=True)
    assert [(o.line, o.changed) for o in planned if o.action is Action.UPDATE] == [
        (2, ("note", "leave_reason")),
        (3, ("leave_reason",)),
    ]
    assert dry.exit_interviews == 2
    assert await ExitInterview.filter(free_text="親の介護と転居").count() == 0

    summary, outcomes = await run(org, as_csv(rows), dry_run=False)
    assert summary.counts[Action.UPDATE] == 2 and summary.exit_interviews == 2
    updated = {o.line: o.person_id for o in outcomes if o.action is Action.UPDATE}
    assert await Offboarding.filter(organization_id=org.id).count() == 271
    offboarding = await Offboarding.get(person_id=updated[2])
    interview = await ExitInterview.get(offboarding_id=offboarding.id)
    assert (interview.primary_reason, interview.free_text) == (ExitReason.FAMILY, "親の介護と転居")
    reasons = await ExitInterviewReason.filter(interview_id=interview.id).values_list(
        "reason", flat=True
    )
    assert sorted(reasons) == sorted([ExitReason.FAMILY, ExitReason.RELOCATION])
    assert (await AlumniProfile.get(person_id=updated[2])).note == "幹事は退任"
    other = await ExitInterview.get(offboarding__person_id=updated[3])
    assert (other.primary_reason, other.free_text) == (ExitReason.CAREER_GROWTH, "キャリアアップ")
    # The note is the person's profile; an exit interview alone does not change the person.
    events = await OutboxEvent.filter(event_type="person.updated").values_list("payload", flat=True)
    assert events[outbox:] == [{"person_id": str(updated[2])}]


async def test_answers_hr_recorded_since_are_kept(database_url):
    org = await make_org()
    rows = sample_rows()[:2]
    await run(org, as_csv(rows), dry_run=False)
    [offboarding] = await Offboarding.filter(organization_id=org.id)
    hr = Viewer(org.id, Role.HR, None)
    draft = InterviewDraft(reasons=["pay"], primary_reason="pay", free_text="面談で確認")
    await record_exit_interview(org, Actor.user("hr-user"), offboarding.id, draft, hr)

    rows[1][REASON] = "キャリアアップ"
    summary, [outcome] = await run(org, as_csv(rows), dry_run=False)
    assert (outcome.action, summary.exit_interviews) == (Action.UNCHANGED, 0)
    interview = await ExitInterview.get(offboarding_id=offboarding.id)
    assert (interview.primary_reason, interview.free_text) == (ExitReason.PAY, "面談で確認")


async def test_an_alumnus_already_in_kizuna_gets_the_reason_of_their_last_departure(
    database_url,
):
    org = await make_org()
    alumnus = await make_alumnus(org, employee_number="E10000", leave_date=date(2024, 7, 3))
    [period] = await EmploymentPeriod.filter(person_id=alumnus.id)
    rows = sample_rows()[:2]
    summary, [outcome] = await run(org, as_csv(rows), dry_run=False)
    assert (outcome.action, outcome.person_id) == (Action.UPDATE, alumnus.id)
    assert "leave_reason" in outcome.changed and summary.exit_interviews == 1
    [offboarding] = await Offboarding.filter(organization_id=org.id)
    assert (offboarding.employment_period_id, offboarding.leave_date) == (
        period.id, date(2024, 7, 3)
    )  # fmt: skip
    assert offboarding.source is OffboardingSource.IMPORT
    again, [outcome] = await run(org, as_csv(rows), dry_run=False)
    assert (outcome.action, again.exit_interviews) == (Action.UNCHANGED, 0)


async def test_a_refused_run_records_no_interview(database_url):
    org = await make_org()
    rows = sample_rows()
    rows[10][3] = "not-an-email"
    summary, _ = await run(org, as_csv(rows), dry_run=False)
    assert (summary.refused, summary.exit_interviews) == (True, 0)
    assert await Offboarding.all().count() == 0
    assert await ExitInterview.all().count() == 0


async def test_statements_per_chunk_do_not_grow_with_the_rows(database_url):
    """Creating, then changing every row's reason and note: the same statements for a chunk
    of 10 rows as for one of 120."""
    counts = {}
    for size in (10, 120):
        org = await make_org(f"org{size}", f"会社{size}")
        rows = [sample_rows()[0], *sample_rows()[1 : size + 1]]
        for row in rows[1:]:
            row[REASON], row[NOTE] = row[REASON] or "家庭の事情", row[NOTE] or "メモ"
        with count_statements() as created:
            await run(org, as_csv(rows), dry_run=False)
        for row in rows[1:]:
            row[REASON], row[NOTE] = "独立", "近況あり"
        with count_statements() as changed:
            summary, _ = await run(org, as_csv(rows), dry_run=False)
        assert summary.counts[Action.UPDATE] == summary.exit_interviews == size
        counts[size] = (created.count - _departments(rows), changed.count)
    assert counts[10] == counts[120]


def _departments(rows: list[list[str]]) -> int:
    """A new department is one insert of its own, the first time a roster names it."""
    return len({row[7] for row in rows[1:] if row[7]})
