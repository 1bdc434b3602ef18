"""GET /export/alumni.csv and .xlsx: what the caller may see, in the import's own format."""

import csv
import io

import openpyxl
import pytest

from domain.accounts.models import Role
from domain.common.actors import Actor
from domain.roster import parse_roster, read_table
from domain.roster.importing import Action, import_roster
from resolvers.roster.export import COLUMNS
from tests.domain.roster_samples import sample
from tests.factories import make_alumnus, make_app_token, make_employee, make_member, make_org


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
        "2015-06-05", "2024-07-03", "経理部", "課長", "株式会社サンプル商事",
        "Python、データ分析、英語", "不可",
    ]  # fmt: skip

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
