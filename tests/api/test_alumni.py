"""The `alumni` connection: filters, orderings, pagination, and constant SQL per page."""

from datetime import date

import pytest

from domain.accounts.models import Role
from domain.people.models import RehireEligibility
from kizuna.diagnostics import count_statements
from resolvers import ids
from tests.factories import gql, make_alumnus, make_department, make_employee, make_member, make_org

PAGE = """
query Page($first: Int!, $after: String, $filter: AlumniFilterInput, $order: AlumniOrderInput) {
  alumni(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name } }
  }
}
"""


@pytest.fixture
async def roster(client):
    """Org A with five alumni of known traits; org B with one alumnus who must never show."""
    org = await make_org("acme")
    other = await make_org("other", "株式会社アザー")
    sales = await make_department(org, "営業")
    eng = await make_department(org, "エンジニアリング")
    hr = await make_employee(org, department_id=eng.id)
    _, token = await make_member(org, Role.HR, hr)
    people = {
        "yamada": await make_alumnus(
            org,
            name="山田 太郎",
            name_kana="やまだ たろう",
            personal_email="taro@example.jp",
            current_company="株式会社サクラソフト",
            skills=["Python", "AWS"],
            tags=["ブーメラン候補"],
            department_id=eng.id,
            leave_date=date(2016, 3, 31),
        ),
        "ito": await make_alumnus(
            org,
            name="伊藤 花子",
            name_kana="ｲﾄｳ ﾊﾅｺ",
            current_company="ミライ商事",
            skills=["法人営業"],
            tags=[],
            department_id=sales.id,
            leave_date=date(2020, 9, 30),
            rehire_eligibility=RehireEligibility.CONDITIONAL,
        ),
        "kato": await make_alumnus(
            org,
            name="加藤 健",
            name_kana="カトウ ケン",
            skills=["Python"],
            tags=["イベント参加"],
            department_id=eng.id,
            leave_date=date(2023, 1, 15),
            directory_listed=False,
        ),
        "suzuki": await make_alumnus(
            org,
            name="鈴木 一郎",
            name_kana="スズキ イチロウ",
            skills=["Go"],
            department_id=sales.id,
            leave_date=date(2024, 6, 30),
            rehire_eligibility=RehireEligibility.NOT_ELIGIBLE,
        ),
        "abe": await make_alumnus(
            org, name="阿部 真", name_kana="アベ マコト", skills=[], leave_date=date(2025, 12, 31)
        ),
    }
    await make_employee(org, name="現役 社員")  # an employee is not an alumnus
    await make_alumnus(other, name="山田 別人", name_kana="ヤマダ ベツジン", skills=["Python"])
    return {"org": org, "token": token, "people": people, "sales": sales, "eng": eng}


def gid(person) -> str:
    return ids.encode("Person", person.id)


async def names(client, token, **variables) -> list[str]:
    variables.setdefault("first", 100)
    body = await gql(client, PAGE, variables, token)
    assert "errors" not in body, body
    return [edge["node"]["name"] for edge in body["data"]["alumni"]["edges"]]


async def test_default_order_is_by_kana_and_excludes_employees_and_other_orgs(client, roster):
    assert await names(client, roster["token"]) == [
        "阿部 真",
        "伊藤 花子",
        "加藤 健",
        "鈴木 一郎",
        "山田 太郎",
    ]


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"search": "やまだ"}, ["山田 太郎"]),  # hiragana finds katakana
        ({"search": "ｽｽﾞｷ"}, ["鈴木 一郎"]),  # half-width finds full-width
        ({"search": "サクラ"}, ["山田 太郎"]),  # current company
        ({"search": "TARO@EXAMPLE"}, ["山田 太郎"]),  # email, for hr
        ({"skills": ["Python"]}, ["加藤 健", "山田 太郎"]),
        ({"skills": ["Python", "AWS"]}, ["山田 太郎"]),  # every skill given
        ({"tags": ["イベント参加"]}, ["加藤 健"]),
        (
            {"departedFrom": "2020-01-01", "departedTo": "2024-06-30"},
            ["伊藤 花子", "加藤 健", "鈴木 一郎"],
        ),
        ({"rehireEligibility": ["CONDITIONAL", "NOT_ELIGIBLE"]}, ["伊藤 花子", "鈴木 一郎"]),
        ({"directoryListed": False}, ["加藤 健"]),
        ({"search": "存在しない"}, []),
    ],
)
async def test_filters(client, roster, filter, expected):
    assert await names(client, roster["token"], filter=filter) == expected


async def test_department_filter(client, roster):
    sales = ids.encode("Department", roster["sales"].id)
    assert await names(client, roster["token"], filter={"departmentIds": [sales]}) == [
        "伊藤 花子",
        "鈴木 一郎",
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ({"field": "DEPARTED_ON"}, ["山田 太郎", "伊藤 花子", "加藤 健", "鈴木 一郎", "阿部 真"]),
        (
            {"field": "DEPARTED_ON", "descending": True},
            ["阿部 真", "鈴木 一郎", "加藤 健", "伊藤 花子", "山田 太郎"],
        ),
        (
            {"field": "NAME_KANA", "descending": True},
            ["山田 太郎", "鈴木 一郎", "加藤 健", "伊藤 花子", "阿部 真"],
        ),
    ],
)
async def test_orderings(client, roster, order, expected):
    assert await names(client, roster["token"], order=order) == expected


@pytest.mark.parametrize("order", [None, {"field": "DEPARTED_ON", "descending": True}])
async def test_pages_walk_the_whole_list_once(client, roster, order):
    seen, after, pages = [], None, 0
    while True:
        body = await gql(
            client, PAGE, {"first": 2, "after": after, "order": order}, roster["token"]
        )
        connection = body["data"]["alumni"]
        assert connection["totalCount"] == 5
        seen += [edge["node"]["name"] for edge in connection["edges"]]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == await names(client, roster["token"], order=order)


async def test_a_page_after_the_last_is_empty(client, roster):
    body = await gql(client, PAGE, {"first": 5}, roster["token"])
    end = body["data"]["alumni"]["pageInfo"]["endCursor"]
    body = await gql(client, PAGE, {"first": 5, "after": end}, roster["token"])
    assert body["data"]["alumni"]["edges"] == []
    assert body["data"]["alumni"]["pageInfo"] == {"hasNextPage": False, "endCursor": None}


FULL_PAGE = """
query Full($first: Int!) {
  alumni(first: $first) {
    edges { node {
      id name nameKana personalEmail
      departments { name }
      alumniProfile { currentCompany skills tags departedOn }
      employments { hireDate leaveDate title department { name } }
    } }
  }
}
"""


async def test_sql_statements_do_not_grow_with_the_page(client):
    org = await make_org("bulk")
    eng = await make_department(org)
    hr = await make_employee(org)
    _, token = await make_member(org, Role.HR, hr)
    for n in range(100):
        await make_alumnus(
            org, name=f"卒業生 {n:03d}", skills=["Python", "Go"], department_id=eng.id
        )
    counts = {}
    for first in (10, 100):
        with count_statements() as counter:
            body = await gql(client, FULL_PAGE, {"first": first}, token)
        assert len(body["data"]["alumni"]["edges"]) == first
        counts[first] = counter.count
    # token → membership, the page, employment periods with departments, skills and tags
    assert counts == {10: 4, 100: 4}


async def test_departments_page_sql_does_not_grow_with_the_page(client):
    org = await make_org("many")
    hr = await make_employee(org)
    _, token = await make_member(org, Role.HR, hr)
    for n in range(100):
        await make_department(org, f"部署 {n:03d}")
    query = "query($first: Int!) { departments(first: $first) { edges { node { id name } } } }"
    counts = {}
    for first in (10, 100):
        with count_statements() as counter:
            body = await gql(client, query, {"first": first}, token)
        assert len(body["data"]["departments"]["edges"]) == first
        counts[first] = counter.count
    assert counts == {10: 2, 100: 2}  # token → membership, the page


EMPLOYEES = """
query($search: String, $departmentIds: [ID!]) {
  employees(first: 100, search: $search, departmentIds: $departmentIds) {
    totalCount edges { node { name workEmail } }
  }
}
"""


async def test_employees_for_hr_and_for_a_manager(client):
    org = await make_org("staff")
    other = await make_org("elsewhere", "他社")
    sales = await make_department(org, "営業")
    boss = await make_employee(org, name="上司 一郎", name_kana="ジョウシ イチロウ")
    _, manager_token = await make_member(org, Role.MANAGER, boss)
    hr = await make_employee(org, name="人事 花子", name_kana="ジンジ ハナコ")
    _, hr_token = await make_member(org, Role.HR, hr)
    await make_employee(
        org, name="部下 次郎", name_kana="ブカ ジロウ", manager_id=boss.id, department_id=sales.id
    )
    await make_alumnus(org, name="元部下 三郎", manager_id=boss.id)  # left: not an employee
    await make_employee(other, name="他社 社員", name_kana="タシャ シャイン")

    async def listed(token, **variables):
        body = await gql(client, EMPLOYEES, variables, token)
        return [edge["node"]["name"] for edge in body["data"]["employees"]["edges"]]

    assert await listed(hr_token) == ["上司 一郎", "人事 花子", "部下 次郎"]
    assert await listed(hr_token, search="じんじ") == ["人事 花子"]
    assert await listed(hr_token, departmentIds=[ids.encode("Department", sales.id)]) == [
        "部下 次郎"
    ]
    assert await listed(manager_token) == ["部下 次郎"]
    _, employee_token = await make_member(org, Role.EMPLOYEE, hr)
    refused = await gql(client, EMPLOYEES, {}, employee_token)
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_cursor_continues_only_its_own_list(client):
    org = await make_org("cursors")
    hr = await make_employee(org, name="人事", name_kana="ジンジ")
    _, token = await make_member(org, Role.HR, hr)
    await make_department(org, "営業")
    await make_alumnus(org)
    departments = await gql(
        client, "{ departments(first: 1) { pageInfo { endCursor } } }", token=token
    )
    end = departments["data"]["departments"]["pageInfo"]["endCursor"]
    for listing in ("employees", "alumni"):
        body = await gql(
            client,
            f"query($after: String) {{ {listing}(first: 1, after: $after) {{ totalCount }} }}",
            {"after": end},
            token,
        )
        assert body["data"] is None
        assert body["errors"][0]["message"] == "`after` is not a cursor from this list."
