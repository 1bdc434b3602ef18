"""rosterImport over GraphQL multipart requests, as a frontend uploads HR's file."""

import json

import httpx
import pytest

from domain.accounts.models import Role
from domain.people.models import Person
from domain.roster.reading import MAX_BYTES
from kizuna.app import MAX_MULTIPART_BYTES
from resolvers import ids
from tests.domain.roster_samples import sample
from tests.factories import gql, make_app_token, make_member, make_org

IMPORT = """
mutation Import($input: RosterImportInput!) {
  rosterImport(input: $input) {
    report {
      dryRun applied created updated unchanged rejected departmentsCreated exitInterviews headerLine
      ignoredColumns rowsTruncated
      rows { line action personId changedFields
             problems { line column code message } warnings { line column code message } }
    }
    errors { field code message }
  }
}
"""


async def upload(
    client: httpx.AsyncClient,
    token: str | None,
    content: bytes,
    filename: str = "roster.xlsx",
    **options,
) -> httpx.Response:
    """A GraphQL multipart request (operations, map, then the file)."""
    operations = {"query": IMPORT, "variables": {"input": {"file": None, **options}}}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": (filename, content, "application/octet-stream")},
        headers=headers,
    )


@pytest.fixture
async def hr(client) -> tuple:
    org = await make_org()
    _, token = await make_member(org, Role.HR)
    return org, token


async def test_a_dry_run_reports_every_row_and_writes_nothing(client, hr):
    org, token = hr
    response = await upload(client, token, sample("roster.xlsx").read_bytes(), dryRun=True)
    report = response.json()["data"]["rosterImport"]["report"]
    assert response.json()["data"]["rosterImport"]["errors"] == []
    assert (report["dryRun"], report["applied"], report["created"], report["rejected"]) == (
        True, False, 300, 0
    )  # fmt: skip
    assert (report["headerLine"], report["ignoredColumns"], report["rowsTruncated"]) == (
        1, [], False
    )  # fmt: skip
    assert [row["line"] for row in report["rows"]] == list(range(2, 302))
    assert {row["action"] for row in report["rows"]} == {"CREATE"}
    assert all(row["personId"] is None for row in report["rows"])
    warned = [row for row in report["rows"] if row["warnings"]]
    assert [row["line"] for row in warned] == [35, 61, 128, 186, 265]
    assert warned[0]["warnings"] == [
        {
            "line": 35,
            "column": "入社日",
            "code": "DATE_OUTSIDE_ERA",
            "message": "入社日: '令和1年3月3日' is before 令和 began on 2019-05-01; "
            "read as 2019-03-03.",
        }
    ]
    assert await Person.filter(organization_id=org.id).count() == 0


async def test_import_then_import_again(client, hr):
    org, token = hr
    first = await upload(client, token, sample("roster.xlsx").read_bytes(), dryRun=False)
    report = first.json()["data"]["rosterImport"]["report"]
    assert (report["applied"], report["created"]) == (True, 300)
    assert all(row["personId"] for row in report["rows"])
    assert await Person.filter(organization_id=org.id).count() == 300

    again = await upload(
        client, token, sample("roster.sjis.csv").read_bytes(), "名簿.csv", dryRun=False
    )
    report = again.json()["data"]["rosterImport"]["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 300)
    assert report["departmentsCreated"] == []


IMPORTED = """
query Imported($id: ID!) {
  node(id: $id) { ... on Person {
    alumniProfile { note }
    offboarding { source status leaveDate checklist { item doneAt }
                  exitInterview { reasons primaryReason freeText comeBackLikelihood } }
  } }
  exitAnalytics(from: "2000-01-01", to: "2030-12-31") { interviews primaryReasons { reason count } }
}
"""


async def test_what_the_roster_says_of_a_departure_reads_back_through_the_api(client, hr):
    org, token = hr
    first = await upload(client, token, sample("roster.xlsx").read_bytes(), dryRun=False)
    report = first.json()["data"]["rosterImport"]["report"]
    assert (report["created"], report["exitInterviews"]) == (300, 271)
    person = await Person.get(organization_id=org.id, name="高橋 結衣", phone="+819029319117")
    body = await gql(client, IMPORTED, {"id": ids.encode("Person", person.id)}, token)
    assert "errors" not in body, body
    node = body["data"]["node"]
    assert node["alumniProfile"] == {"note": "OB会幹事"}
    assert node["offboarding"] == {
        "source": "IMPORT",
        "status": "COMPLETED",
        "leaveDate": "2024-07-03",
        "checklist": [
            {"item": item, "doneAt": None}
            for item in ("POSITIVE_MESSAGE", "COMMUNITY_INVITATION", "CONSENT_ASKED")
        ],
        "exitInterview": {
            "reasons": ["EVALUATION"],
            "primaryReason": "EVALUATION",
            "freeText": "評価への不満",
            "comeBackLikelihood": None,
        },
    }
    analytics = body["data"]["exitAnalytics"]
    assert analytics["interviews"] == 271
    assert analytics["primaryReasons"][0] == {"reason": "RELATIONSHIPS", "count": 40}

    again = await upload(client, token, sample("roster.utf8.csv").read_bytes(), "r.csv",
                         dryRun=True)  # fmt: skip
    report = again.json()["data"]["rosterImport"]["report"]
    assert (report["unchanged"], report["exitInterviews"]) == (300, 0)


async def test_a_rejected_row_is_listed_and_nothing_imported(client, hr):
    org, token = hr
    lines = sample("roster.utf8.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace("hina.yamada1@example.jp", "hina@@example")
    content = "\n".join(lines).encode()
    body = (await upload(client, token, content, "r.csv", dryRun=False)).json()
    report = body["data"]["rosterImport"]["report"]
    assert (report["applied"], report["rejected"], report["created"]) == (False, 1, 299)
    [rejected] = [row for row in report["rows"] if row["action"] == "REJECT"]
    assert rejected["line"] == 3
    assert [(p["column"], p["code"]) for p in rejected["problems"]] == [
        ("メールアドレス", "INVALID_EMAIL")
    ]
    assert await Person.filter(organization_id=org.id).count() == 0

    skipped = await upload(client, token, content, "r.csv", dryRun=False, skipRejected=True)
    assert skipped.json()["data"]["rosterImport"]["report"]["applied"] is True
    assert await Person.filter(organization_id=org.id).count() == 299


async def test_columns_can_be_mapped_and_ignored(client, hr):
    _, token = hr
    content = (
        "社員番号,氏名,個人アドレス,入社日,退職日,旧姓\nA1,山田 太郎,taro@example.jp,2010-04-01,"
        "2020-03-31,佐藤\n"
    ).encode()
    columns = [{"header": "個人アドレス", "field": "EMAIL"}, {"header": "旧姓", "field": None}]
    body = (await upload(client, token, content, "r.csv", dryRun=True, columns=columns)).json()
    report = body["data"]["rosterImport"]["report"]
    assert (report["created"], report["ignoredColumns"]) == (1, ["旧姓"])
    unmapped = (await upload(client, token, content, "r.csv", dryRun=True)).json()
    assert unmapped["data"]["rosterImport"]["report"]["ignoredColumns"] == ["個人アドレス", "旧姓"]


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "EMPTY_FILE", "The file is empty."),
        (b"PK\x03\x04broken", "CORRUPT_XLSX", "The Excel file is damaged and cannot be read."),
        (
            "名前,趣味\n山田,釣り\n".encode(),
            "NO_HEADER",
            "No header row in the first 20 rows: the header must name at least 3 known columns",
        ),
    ],
)
async def test_a_file_that_cannot_be_read_is_a_payload_error(client, hr, content, code, message):
    org, token = hr
    body = (await upload(client, token, content, "x.xlsx", dryRun=False)).json()
    assert body["data"]["rosterImport"]["report"] is None
    [error] = body["data"]["rosterImport"]["errors"]
    assert (error["field"], error["code"]) == ("file", code)
    assert error["message"].startswith(message)
    assert await Person.filter(organization_id=org.id).count() == 0


async def test_a_file_that_breaks_after_rows_were_written_is_a_payload_error(client, hr):
    """The upload is parsed in another process while its first chunks are written: a line
    that does not decode after six chunks (past the 64 KB the encoding is told from) refuses
    the file, and what was written is undone."""
    org, token = hr
    lines = [f"E{n:05d},高橋 結衣,yui{n}@example.jp,2024-03-31\r\n" for n in range(3000)]
    content = ("社員番号,氏名,メールアドレス,退職日\r\n" + "".join(lines)).encode()
    content += b"E99999,\x82\xa0\xff,bad@example.jp,2024-03-31\r\n"
    body = (await upload(client, token, content, "roster.csv", dryRun=False)).json()
    assert body["data"]["rosterImport"] == {
        "report": None,
        "errors": [
            {
                "field": "file",
                "code": "UNKNOWN_ENCODING",
                "message": "Line 3002 is not valid UTF-8 although the lines before it are: "
                "save the whole file in one encoding, UTF-8 or Shift_JIS.",
            }
        ],
    }
    assert await Person.filter(organization_id=org.id).count() == 0


async def test_a_file_over_50_mb_is_refused(client, hr):
    _, token = hr
    body = (await upload(client, token, b"a" * (MAX_BYTES + 1), "big.csv", dryRun=True)).json()
    [error] = body["data"]["rosterImport"]["errors"]
    assert error["code"] == "TOO_LARGE"
    too_big = await upload(client, token, b"a" * (MAX_MULTIPART_BYTES + 1), "huge.csv", dryRun=True)
    assert too_big.status_code == 413


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.MANAGER, Role.EMPLOYEE, Role.ALUMNUS])
async def test_only_hr_imports(client, role):
    org = await make_org()
    _, token = await make_member(org, role)
    body = (await upload(client, token, sample("roster.xlsx").read_bytes(), dryRun=True)).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_anonymous_and_apps_without_write_scope_cannot_import(client):
    org = await make_org()
    anonymous = (await upload(client, None, b"x", dryRun=True)).json()
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    reader = await make_app_token(org, ["alumni:read"])
    refused = (await upload(client, reader, b"x", dryRun=True)).json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await Person.filter(organization_id=org.id).count() == 0
