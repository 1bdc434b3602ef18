"""HR mutations through the API: what they write, what they record, what they enqueue."""

from datetime import date, timedelta

import pytest

from domain.accounts.models import Membership, Role
from domain.audit.models import AuditEvent
from domain.common import clock
from domain.outbox.models import OutboxEvent
from domain.people.models import AlumniLabel, EmploymentPeriod, Person, PersonStatus
from resolvers import ids
from tests.factories import gql, make_alumnus, make_department, make_employee, make_member, make_org

PERSON_FIELDS = """
  id name nameKana personalEmail workEmail phone status createdBy updatedBy
  alumniProfile { currentCompany skills tags rehireEligibility directoryListed departedOn note }
  employments { hireDate leaveDate title employeeNumber department { name } manager { name } }
"""
CREATE = (
    "mutation($input: PersonCreateInput!) { personCreate(input: $input) {"
    f" person {{ {PERSON_FIELDS} }} errors {{ field code message }} }} }}"
)
UPDATE = (
    "mutation($input: PersonUpdateInput!) { personUpdate(input: $input) {"
    f" person {{ {PERSON_FIELDS} }} errors {{ field code message }} }} }}"
)
ARCHIVE = (
    "mutation($input: PersonArchiveInput!) { personArchive(input: $input) {"
    " person { id archivedAt } errors { field code message } } }"
)
DEPART = (
    "mutation($input: DepartureRecordInput!) { departureRecord(input: $input) {"
    " person { id status alumniProfile { departedOn rehireEligibility rehireNote } }"
    " errors { field code message } } }"
)


@pytest.fixture
async def hr(client):
    org = await make_org("acme")
    await make_org("other", "株式会社アザー")
    person = await make_employee(org, name="人事 担当")
    membership, token = await make_member(org, Role.HR, person)
    return {"org": org, "token": token, "user_id": str(membership.user_id)}


async def test_person_create_employee(client, hr):
    department = await make_department(hr["org"], "営業")
    manager = await make_employee(hr["org"], name="上司 太郎")
    body = await gql(
        client,
        CREATE,
        {
            "input": {
                "name": "  新人 花子 ",
                "nameKana": "しんじん はなこ",
                "workEmail": "Hanako.Shinjin@ACME.example",
                "phone": "０９０-１２３４-５６７８",
                "employment": {
                    "hireDate": "2025-04-01",
                    "title": "営業",
                    "employeeNumber": "Ｅ１２３",
                    "departmentId": ids.encode("Department", department.id),
                    "managerId": ids.encode("Person", manager.id),
                },
            }
        },
        hr["token"],
    )
    payload = body["data"]["personCreate"]
    assert payload["errors"] == []
    person = payload["person"]
    assert {k: person[k] for k in ("name", "nameKana", "workEmail", "phone", "status")} == {
        "name": "新人 花子",
        "nameKana": "シンジン ハナコ",
        "workEmail": "hanako.shinjin@acme.example",
        "phone": "+819012345678",
        "status": "EMPLOYEE",
    }
    assert person["alumniProfile"] is None
    assert person["employments"] == [
        {
            "hireDate": "2025-04-01",
            "leaveDate": None,
            "title": "営業",
            "employeeNumber": "E123",
            "department": {"name": "営業"},
            "manager": {"name": "上司 太郎"},
        }
    ]
    assert person["createdBy"] == person["updatedBy"] == f"user:{hr['user_id']}"
    key = ids.decode(person["id"], "Person")
    audit = await AuditEvent.filter(subject_id=key).values_list("action", "actor_id")
    assert audit == [("person.created", hr["user_id"])]
    outbox = await OutboxEvent.filter(organization_id=hr["org"].id).values_list(
        "event_type", "payload"
    )
    assert [row for row in outbox if row[1]["person_id"] == str(key)] == [
        ("person.created", {"person_id": str(key)})
    ]


async def test_person_create_past_leaver_arrives_as_alumnus(client, hr):
    body = await gql(
        client,
        CREATE,
        {
            "input": {
                "name": "元社員 次郎",
                "personalEmail": "jiro@example.com",
                "employment": {"hireDate": "2012-04-01", "leaveDate": "2019-03-31"},
                "alumniProfile": {
                    "currentCompany": "ミライ商事",
                    "skills": ["Python", " Python ", "ＡＷＳ"],
                    "tags": ["ブーメラン候補"],
                    "rehireEligibility": "CONDITIONAL",
                    "note": "旧姓は山田",
                    "directoryListed": True,
                },
            }
        },
        hr["token"],
    )
    person = body["data"]["personCreate"]["person"]
    assert person["status"] == "ALUMNUS"
    assert person["alumniProfile"] == {
        "currentCompany": "ミライ商事",
        "skills": ["Python", "AWS"],
        "tags": ["ブーメラン候補"],
        "rehireEligibility": "CONDITIONAL",
        "directoryListed": True,
        "departedOn": "2019-03-31",
        "note": "旧姓は山田",
    }


async def test_person_create_with_a_future_leave_date_stays_employee_until_then(client, hr):
    leave = clock.today_in("Asia/Tokyo") + timedelta(days=10)
    body = await gql(
        client,
        CREATE,
        {
            "input": {
                "name": "退職予定 三郎",
                "employment": {"hireDate": "2020-04-01", "leaveDate": leave.isoformat()},
            }
        },
        hr["token"],
    )
    person = body["data"]["personCreate"]["person"]
    assert person["status"] == "EMPLOYEE"
    assert person["alumniProfile"]["departedOn"] == leave.isoformat()
    due = await OutboxEvent.get(event_type="person.departure_effective")
    assert due.available_at == clock.start_of_day(leave, "Asia/Tokyo")


async def test_person_update_changes_only_what_is_given(client, hr):
    alumnus = await make_alumnus(
        hr["org"], name="更新 前", personal_email="before@example.jp", skills=["Go", "AWS"]
    )
    body = await gql(
        client,
        UPDATE,
        {
            "input": {
                "id": ids.encode("Person", alumnus.id),
                "personalEmail": None,
                "workEmail": "after@acme.example",
                "alumniProfile": {
                    "skills": ["Rust"],
                    "directoryListed": False,
                    "note": "連絡は夕方に",
                },
            }
        },
        hr["token"],
    )
    payload = body["data"]["personUpdate"]
    assert payload["errors"] == []
    person = payload["person"]
    assert person["name"] == "更新 前"
    assert person["personalEmail"] is None
    assert person["workEmail"] == "after@acme.example"
    assert person["alumniProfile"]["skills"] == ["Rust"]
    assert person["alumniProfile"]["tags"] == ["ブーメラン候補"]
    assert person["alumniProfile"]["directoryListed"] is False
    assert person["alumniProfile"]["note"] == "連絡は夕方に"
    assert await AlumniLabel.filter(person_id=alumnus.id, kind="skill").count() == 1
    audit = await AuditEvent.get(subject_id=alumnus.id, action="person.updated")
    assert audit.changes == {
        "fields": [
            "alumni_profile.directory_listed",
            "alumni_profile.note",
            "alumni_profile.skills",
            "personal_email",
            "work_email",
        ]
    }


async def test_person_update_profile_of_an_employee_is_refused(client, hr):
    employee = await make_employee(hr["org"])
    body = await gql(
        client,
        UPDATE,
        {"input": {"id": ids.encode("Person", employee.id), "alumniProfile": {"location": "大阪"}}},
        hr["token"],
    )
    assert body["data"]["personUpdate"] == {
        "person": None,
        "errors": [
            {
                "field": "alumniProfile",
                "code": "NOT_ALUMNUS",
                "message": "This person has no alumni profile yet.",
            }
        ],
    }


async def test_person_archive_hides_from_lists_but_hr_can_still_open_it(client, hr):
    alumnus = await make_alumnus(hr["org"], name="重複 登録")
    gid = ids.encode("Person", alumnus.id)
    body = await gql(client, ARCHIVE, {"input": {"id": gid}}, hr["token"])
    assert body["data"]["personArchive"]["errors"] == []
    assert body["data"]["personArchive"]["person"]["archivedAt"] is not None
    listed = await gql(client, "{ alumni(first: 100) { totalCount } }", token=hr["token"])
    assert listed["data"]["alumni"]["totalCount"] == 0
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on Person { name archivedAt } } }",
        {"id": gid},
        hr["token"],
    )
    assert node["data"]["node"]["name"] == "重複 登録"


async def test_departure_today_makes_an_alumnus_with_a_new_role(client, hr):
    leaver = await make_employee(hr["org"], name="退職 四郎")
    membership, _ = await make_member(hr["org"], Role.EMPLOYEE, leaver)
    today = clock.today_in("Asia/Tokyo")
    body = await gql(
        client,
        DEPART,
        {
            "input": {
                "personId": ids.encode("Person", leaver.id),
                "leaveDate": today.isoformat(),
                "rehireEligibility": "ELIGIBLE",
                "rehireNote": "いつでも歓迎",
            }
        },
        hr["token"],
    )
    payload = body["data"]["departureRecord"]
    assert payload["errors"] == []
    assert payload["person"]["status"] == "ALUMNUS"
    assert payload["person"]["alumniProfile"] == {
        "departedOn": today.isoformat(),
        "rehireEligibility": "ELIGIBLE",
        "rehireNote": "いつでも歓迎",
    }
    assert (await Membership.get(id=membership.id)).role == Role.ALUMNUS
    assert (await Person.get(id=leaver.id)).status == PersonStatus.ALUMNUS
    periods = await EmploymentPeriod.filter(person_id=leaver.id).values_list(
        "leave_date", flat=True
    )
    assert periods == [today]
    types = await OutboxEvent.filter(organization_id=hr["org"].id).order_by("created_at")
    assert [e.event_type for e in types][-1] == "person.departed"


async def test_department_create_and_list(client, hr):
    create = (
        "mutation($name: String!) { departmentCreate(input: {name: $name}) {"
        " department { id name } errors { field code message } } }"
    )
    for name in ("営業", "人事", "開発"):
        body = await gql(client, create, {"name": name}, hr["token"])
        assert body["data"]["departmentCreate"]["errors"] == []
    again = await gql(client, create, {"name": "営業"}, hr["token"])
    assert again["data"]["departmentCreate"] == {
        "department": None,
        "errors": [
            {
                "field": "name",
                "code": "DEPARTMENT_NAME_TAKEN",
                "message": "A department with this name already exists.",
            }
        ],
    }
    other_org = await make_org("third", "第三社")
    await make_department(other_org, "経理")
    first = await gql(
        client,
        "{ departments(first: 2) { edges { node { name } } pageInfo { hasNextPage endCursor } } }",
        token=hr["token"],
    )
    page = first["data"]["departments"]
    assert [e["node"]["name"] for e in page["edges"]] == ["人事", "営業"]
    rest = await gql(
        client,
        "query($after: String) { departments(first: 2, after: $after) { edges { node { name } } "
        "pageInfo { hasNextPage } } }",
        {"after": page["pageInfo"]["endCursor"]},
        hr["token"],
    )
    assert [e["node"]["name"] for e in rest["data"]["departments"]["edges"]] == ["開発"]
    assert rest["data"]["departments"]["pageInfo"]["hasNextPage"] is False


async def test_viewer_and_node(client, hr):
    viewer = await gql(
        client,
        "{ viewer { email role organization { name slug timeZone currency } person { name } } }",
        token=hr["token"],
    )
    assert viewer["data"]["viewer"]["role"] == "HR"
    assert viewer["data"]["viewer"]["organization"] == {
        "name": "株式会社アクメ",
        "slug": "acme",
        "timeZone": "Asia/Tokyo",
        "currency": "JPY",
    }
    assert viewer["data"]["viewer"]["person"] == {"name": "人事 担当"}
    assert viewer["data"]["viewer"]["email"].startswith("hr")
    department = await make_department(hr["org"], "法務")
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { id ... on Department { name } } }",
        {"id": ids.encode("Department", department.id)},
        hr["token"],
    )
    assert node["data"]["node"] == {"id": ids.encode("Department", department.id), "name": "法務"}


async def test_a_rehire_keeps_one_person_with_two_periods(client, hr):
    """The data model carries a rehire: a new period on the same person (issue 5 adds the flow)."""
    alumnus = await make_alumnus(hr["org"], name="出戻り 五郎", leave_date=date(2021, 3, 31))
    await EmploymentPeriod.create(
        organization_id=hr["org"].id,
        person_id=alumnus.id,
        hire_date=date(2024, 4, 1),
        title="リードエンジニア",
        created_by_kind="system",
        updated_by_kind="system",
    )
    body = await gql(
        client,
        "query($id: ID!) { node(id: $id) {"
        " ... on Person { employments { hireDate leaveDate } } } }",
        {"id": ids.encode("Person", alumnus.id)},
        hr["token"],
    )
    assert body["data"]["node"]["employments"] == [
        {"hireDate": "2010-03-31", "leaveDate": "2021-03-31"},
        {"hireDate": "2024-04-01", "leaveDate": None},
    ]
