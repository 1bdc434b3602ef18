"""GET /export/alumni.csv and .xlsx: what the caller may see, in the import's own format."""

import csv
import io
from datetime import date

import openpyxl
import pytest

from domain.accounts.models import Role
from domain.common.actors import Actor
from domain.offboarding.interviews import InterviewDraft, record_exit_interview
from domain.offboarding.models import (
    ExitInterview,
    ExitInterviewReason,
    ExitReason,
    OffboardingSource,
)
from domain.offboarding.services import start_offboarding
from domain.people.access import Viewer
from domain.people.models import AlumniProfile
from domain.roster import parse_roster, read_table
from domain.roster.importing import Action, import_roster
from resolvers.roster.export import COLUMNS
from tests.domain.roster_samples import sample
from tests.factories import make_alumnus, make_app_token, make_employee, make_member, make_org

REASON, NOTE = COLUMNS.index("退職理由"), COLUMNS.index("備考")


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


async def test_hr_exports_everyone_and_the_file_imports_back_unchanged(client):
    org = await make_org()
    other = await make_org("other", "別会社")
    await make_alumnus(other, name="別会社 の人")
    with read_table(sample("roster.xlsx")) as table:
        await import_roster(org, Actor.system("tests"), parse_roster(table), dry_run=False)
    _, token = await make_member(org, Role.HR)
    headers = {"Authorization": f"Bearer {token}"}

    response = await client.get("/export/alumni.csv", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    rows = read_csv(response.content)
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 301
    by_number = {row[0]: row for row in rows[1:]}
    assert "別会社 の人" not in {row[1] for row in rows}
    assert by_number["E10000"] == [
        "E10000", "高橋 結衣", "タカハシ ユイ", "yui.takahashi0@example.jp", "+819029319117",
        "2015-06-05", "2024-07-03", "経理部", "課長", "評価への不満", "株式会社サンプル商事",
        "Python、データ分析、英語", "不可", "OB会幹事",
    ]  # fmt: skip
    assert sum(1 for row in rows[1:] if row[REASON]) == 271
    assert sum(1 for row in rows[1:] if row[NOTE]) == 164

    xlsx = await client.get("/export/alumni.xlsx", headers=headers)
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    cells = [[value or "" for value in row] for row in sheet.iter_rows(values_only=True)]
    assert cells == rows

    for content, name in ((response.content, "alumni.csv"), (xlsx.content, "alumni.xlsx")):
        with read_table(content, name) as table:
            summary = await import_roster(
                org, Actor.system("tests"), parse_roster(table), dry_run=True
            )
        assert summary.counts[Action.UNCHANGED] == 300, name
        assert summary.counts[Action.CREATE] == summary.counts[Action.REJECT] == 0

    # Into another organization, the file makes the same roster: every column round-trips.
    copy = await make_org("copy", "写し")
    with read_table(response.content, "alumni.csv") as table:
        summary = await import_roster(
            copy, Actor.system("tests"), parse_roster(table), dry_run=False
        )
    assert (summary.counts[Action.CREATE], summary.exit_interviews) == (300, 271)
    _, copy_token = await make_member(copy, Role.HR)
    again = await client.get(
        "/export/alumni.csv", headers={"Authorization": f"Bearer {copy_token}"}
    )
    assert sorted(read_csv(again.content)) == sorted(rows)


async def test_a_manager_sees_former_reports_in_full_and_others_as_the_directory(client):
    org = await make_org()
    manager = await make_employee(org, name="上司 一郎")
    _, token = await make_member(org, Role.MANAGER, manager)
    report = await make_alumnus(
        org, name="部下 花子", manager_id=manager.id, directory_listed=False,
        personal_email="hanako@example.jp", employee_number="R1",
    )  # fmt: skip
    await make_alumnus(org, name="名簿 太郎", personal_email="taro@example.jp")
    await make_alumnus(org, name="非掲載 次郎", directory_listed=False)
    response = await client.get("/export/alumni.csv", headers={"Authorization": f"Bearer {token}"})
    rows = {row[1]: row for row in read_csv(response.content)[1:]}
    assert set(rows) == {"部下 花子", "名簿 太郎"}
    assert rows["部下 花子"][0] == "R1" and rows["部下 花子"][3] == "hanako@example.jp"
    directory = dict(zip(COLUMNS, rows["名簿 太郎"], strict=True))
    assert {column for column, value in directory.items() if value} == {
        "氏名", "フリガナ", "現在の勤務先", "スキル",
    }  # fmt: skip
    assert report.id  # the report is the one listed in full


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.ALUMNUS])
async def test_employees_and_alumni_cannot_export(client, role):
    org = await make_org()
    _, token = await make_member(org, role)
    response = await client.get("/export/alumni.csv", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"


async def test_anonymous_and_apps_without_the_read_scope_cannot_export(client):
    org = await make_org()
    anonymous = await client.get("/export/alumni.xlsx")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "UNAUTHENTICATED"
    token = await make_app_token(org, ["referrals:read"])
    refused = await client.get("/export/alumni.csv", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403


async def offboarded_with_interview(org, **overrides):
    """An employee hr off-boarded on 2023-03-31 and interviewed: health first, then pay."""
    person = await make_employee(org, hire_date=date(2018, 4, 1), **overrides)
    hr = Viewer(org.id, Role.HR, None)
    offboarding = await start_offboarding(
        org, Actor.system("tests"), person.id, date(2023, 3, 31), OffboardingSource.HR, hr
    )
    draft = InterviewDraft(
        reasons=["pay", "health"], primary_reason="health", free_text="自由記述は出さない"
    )
    await record_exit_interview(org, Actor.system("tests"), offboarding.id, draft, hr)
    await AlumniProfile.filter(person_id=person.id).update(note="OB会幹事")
    return person


async def test_interviews_recorded_in_kizuna_export_as_reason_words_that_import_back(client):
    org = await make_org()
    await offboarded_with_interview(org, name="面談 済子", employee_number="K1")
    _, token = await make_member(org, Role.HR)
    response = await client.get("/export/alumni.csv", headers={"Authorization": f"Bearer {token}"})
    (row,) = read_csv(response.content)[1:]
    assert (row[0], row[REASON], row[NOTE]) == ("K1", "体調、給与", "OB会幹事")

    with read_table(response.content, "alumni.csv") as table:
        summary = await import_roster(org, Actor.system("tests"), parse_roster(table), dry_run=True)
    assert summary.counts[Action.UNCHANGED] == 1
    copy = await make_org("copy", "写し")
    with read_table(response.content, "alumni.csv") as table:
        await import_roster(copy, Actor.system("tests"), parse_roster(table), dry_run=False)
    interview = await ExitInterview.get(organization_id=copy.id)
    reasons = await ExitInterviewReason.filter(interview_id=interview.id).values_list(
        "reason", flat=True
    )
    assert (interview.primary_reason, set(reasons), interview.free_text) == (
        ExitReason.HEALTH, {ExitReason.PAY, ExitReason.HEALTH}, "体調、給与",
    )  # fmt: skip


async def test_leave_reasons_and_notes_reach_only_those_who_may_read_them(client):
    org = await make_org()
    manager = await make_employee(org, name="上司 一郎")
    await offboarded_with_interview(org, name="部下 花子", manager_id=manager.id)
    await offboarded_with_interview(org, name="他部署 次郎")
    hr_rows = await _export(client, org, (await make_member(org, Role.HR))[1])
    executive = await _export(client, org, (await make_member(org, Role.EXECUTIVE))[1])
    _, manager_token = await make_member(org, Role.MANAGER, manager)
    managed = await _export(client, org, manager_token)
    app = await _export(client, org, await make_app_token(org, ["alumni:read"]))

    both = {"部下 花子": ("体調、給与", "OB会幹事"), "他部署 次郎": ("体調、給与", "OB会幹事")}
    assert hr_rows == executive == both
    # Their manager reads the remark about their report, never an exit interview; the
    # other alumnus is not in the directory (unlisted off-boarded employees): not exported.
    assert managed == {"部下 花子": ("", "OB会幹事")}
    # A partner app acts as hr, but exit interviews are for first-party sessions only.
    assert app == {"部下 花子": ("", "OB会幹事"), "他部署 次郎": ("", "OB会幹事")}


async def _export(client, org, token) -> dict[str, tuple[str, str]]:
    response = await client.get("/export/alumni.csv", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return {row[1]: (row[REASON], row[NOTE]) for row in read_csv(response.content)[1:]}
