"""Exit analytics on a seeded set, number by number, and who may read them.

Seeded (leave dates 2024-01-01 … 2025-12-31 are in the range):
  P1 エンジニアリング, 2024-06-01 → 2025-03-31 (0 years): PAY*, CAREER_GROWTH; 3; escalated
  P2 エンジニアリング, 2022-04-01 → 2025-04-01 (3 years exactly): CAREER_GROWTH*; 8
  P3 営業, 2015-04-02 → 2025-04-01 (a day short of 10 years): FAMILY*, RELOCATION; no
     score; escalated
  P4 no department, 2010-01-01 → 2024-12-31 (14 years): CAREER_GROWTH, PAY, STUDY*; 10
  P5 営業, 2023-01-10 → 2024-01-10 (1 year exactly): RELATIONSHIPS*; 0
Not counted: a departure before the range, a cancelled off-boarding, an off-boarding without
an interview, and another organization's interview. (* = primary reason)
"""

from datetime import UTC, date, datetime

import pytest
import time_machine

from domain.accounts.models import Role
from domain.common.actors import Actor
from domain.offboarding.interviews import InterviewDraft, record_exit_interview
from domain.offboarding.models import OffboardingSource
from domain.offboarding.services import cancel_offboarding, start_offboarding
from domain.people.access import Viewer
from tests.factories import (
    gql,
    make_app_token,
    make_department,
    make_employee,
    make_member,
    make_org,
)

SEEDED_AT = datetime(2024, 1, 5, 0, 0, tzinfo=UTC)
HR = Actor.user("seed-hr")
COUNTS = """
  interviews
  reasons { reason count share }
  primaryReasons { reason count share }
  byDepartment { department { name } interviews reasons { reason count share } }
  byYear { year interviews reasons { reason count share } }
  byTenure { tenure interviews reasons { reason count share } }
  comeBackAnswers comeBackAverage comeBackDistribution escalatedCount
"""
ANALYTICS = f'{{ exitAnalytics(from: "2024-01-01", to: "2025-12-31") {{ {COUNTS} }} }}'
ESCALATED = """
{ exitAnalytics(from: "2024-01-01", to: "2025-12-31") {
    escalatedFeedback(first: 10) { totalCount edges { node {
      leaveDate person { name } exitInterview { primaryReason freeText } } } }
} }
"""


def count(reason: str, n: int, of: int) -> dict:
    return {"reason": reason, "count": n, "share": n / of}


async def offboard(org, person, leave: date, **answers) -> object:
    viewer = Viewer(org.id, Role.HR, None)
    offboarding = await start_offboarding(org, HR, person.id, leave, OffboardingSource.HR, viewer)
    if answers:
        draft = InterviewDraft(**answers)
        await record_exit_interview(org, HR, offboarding.id, draft, viewer)
    return offboarding


@pytest.fixture
async def seeded(client):
    org = await make_org("acme")
    other = await make_org("other", "株式会社アザー")
    with time_machine.travel(SEEDED_AT, tick=False):
        eng = await make_department(org, "エンジニアリング")
        sales = await make_department(org, "営業")

        async def person(hired: date, department=None):
            department_id = None if department is None else department.id
            return await make_employee(org, hire_date=hired, department_id=department_id)

        await offboard(
            org,
            await person(date(2024, 6, 1), eng),
            date(2025, 3, 31),
            reasons=["pay", "career_growth"],
            primary_reason="pay",
            free_text="給与が相場より低い",
            come_back_likelihood=3,
            feedback_escalated=True,
        )
        await offboard(
            org,
            await person(date(2022, 4, 1), eng),
            date(2025, 4, 1),
            reasons=["career_growth"],
            primary_reason="career_growth",
            come_back_likelihood=8,
        )
        await offboard(
            org,
            await person(date(2015, 4, 2), sales),
            date(2025, 4, 1),
            reasons=["family", "relocation"],
            primary_reason="family",
            free_text="家族の転勤で大阪へ",
            feedback_escalated=True,
        )
        await offboard(
            org,
            await person(date(2010, 1, 1)),
            date(2024, 12, 31),
            reasons=["career_growth", "pay", "study"],
            primary_reason="study",
            come_back_likelihood=10,
        )
        await offboard(
            org,
            await person(date(2023, 1, 10), sales),
            date(2024, 1, 10),
            reasons=["relationships"],
            primary_reason="relationships",
            come_back_likelihood=0,
        )
        # Not counted:
        await offboard(
            org,
            await person(date(2020, 4, 1), eng),
            date(2023, 12, 31),
            reasons=["health"],
            primary_reason="health",
            come_back_likelihood=5,
            feedback_escalated=True,
        )
        cancelled = await offboard(
            org,
            await person(date(2020, 4, 1), eng),
            date(2025, 6, 30),
            reasons=["evaluation"],
            primary_reason="evaluation",
            come_back_likelihood=1,
            feedback_escalated=True,
        )
        await cancel_offboarding(org, HR, cancelled.id, Viewer(org.id, Role.HR, None))
        await offboard(org, await person(date(2020, 4, 1), sales), date(2025, 5, 31))
        theirs = await make_employee(other, hire_date=date(2020, 4, 1))
        await offboard(
            other,
            theirs,
            date(2025, 1, 31),
            reasons=["other"],
            primary_reason="other",
            come_back_likelihood=2,
            feedback_escalated=True,
        )
    tokens = {}
    for role in (Role.HR, Role.EXECUTIVE, Role.MANAGER, Role.EMPLOYEE, Role.ALUMNUS):
        _, tokens[role.value] = await make_member(org, role)
    return {"org": org, "tokens": tokens}


@pytest.mark.parametrize("role", ["hr", "executive"])
async def test_the_numbers_are_exact(client, seeded, role):
    body = await gql(client, ANALYTICS, token=seeded["tokens"][role])
    assert "errors" not in body, body
    assert body["data"]["exitAnalytics"] == {
        "interviews": 5,
        "reasons": [
            count("CAREER_GROWTH", 3, 5),
            count("PAY", 2, 5),
            count("RELATIONSHIPS", 1, 5),
            count("FAMILY", 1, 5),
            count("RELOCATION", 1, 5),
            count("STUDY", 1, 5),
        ],
        "primaryReasons": [
            count(reason, 1, 5)
            for reason in ("CAREER_GROWTH", "PAY", "RELATIONSHIPS", "FAMILY", "STUDY")
        ],
        "byDepartment": [
            {
                "department": {"name": "エンジニアリング"},
                "interviews": 2,
                "reasons": [count("CAREER_GROWTH", 2, 2), count("PAY", 1, 2)],
            },
            {
                "department": {"name": "営業"},
                "interviews": 2,
                "reasons": [
                    count("RELATIONSHIPS", 1, 2),
                    count("FAMILY", 1, 2),
                    count("RELOCATION", 1, 2),
                ],
            },
            {
                "department": None,
                "interviews": 1,
                "reasons": [
                    count("CAREER_GROWTH", 1, 1),
                    count("PAY", 1, 1),
                    count("STUDY", 1, 1),
                ],
            },
        ],
        "byYear": [
            {
                "year": 2024,
                "interviews": 2,
                "reasons": [
                    count("CAREER_GROWTH", 1, 2),
                    count("PAY", 1, 2),
                    count("RELATIONSHIPS", 1, 2),
                    count("STUDY", 1, 2),
                ],
            },
            {
                "year": 2025,
                "interviews": 3,
                "reasons": [
                    count("CAREER_GROWTH", 2, 3),
                    count("PAY", 1, 3),
                    count("FAMILY", 1, 3),
                    count("RELOCATION", 1, 3),
                ],
            },
        ],
        "byTenure": [
            {
                "tenure": "UNDER_ONE_YEAR",
                "interviews": 1,
                "reasons": [count("CAREER_GROWTH", 1, 1), count("PAY", 1, 1)],
            },
            {
                "tenure": "ONE_TO_THREE_YEARS",
                "interviews": 1,
                "reasons": [count("RELATIONSHIPS", 1, 1)],
            },
            {
                "tenure": "THREE_TO_FIVE_YEARS",
                "interviews": 1,
                "reasons": [count("CAREER_GROWTH", 1, 1)],
            },
            {
                "tenure": "FIVE_TO_TEN_YEARS",
                "interviews": 1,
                "reasons": [count("FAMILY", 1, 1), count("RELOCATION", 1, 1)],
            },
            {
                "tenure": "TEN_YEARS_OR_MORE",
                "interviews": 1,
                "reasons": [
                    count("CAREER_GROWTH", 1, 1),
                    count("PAY", 1, 1),
                    count("STUDY", 1, 1),
                ],
            },
        ],
        "comeBackAnswers": 4,
        "comeBackAverage": 5.25,
        "comeBackDistribution": [1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1],
        "escalatedCount": 2,
    }


async def test_an_empty_range_counts_nothing(client, seeded):
    query = f'{{ exitAnalytics(from: "2026-01-01", to: "2026-01-01") {{ {COUNTS} }} }}'
    body = await gql(client, query, token=seeded["tokens"]["hr"])
    analytics = body["data"]["exitAnalytics"]
    assert (analytics["interviews"], analytics["reasons"], analytics["byYear"]) == (0, [], [])
    assert [band["interviews"] for band in analytics["byTenure"]] == [0] * 5
    assert (analytics["comeBackAverage"], analytics["comeBackDistribution"]) == (None, [0] * 11)


@pytest.mark.parametrize("role", ["hr", "executive"])
async def test_escalated_feedback_lists_the_words_for_hr_and_executives(client, seeded, role):
    body = await gql(client, ESCALATED, token=seeded["tokens"][role])
    feedback = body["data"]["exitAnalytics"]["escalatedFeedback"]
    assert feedback["totalCount"] == 2
    assert [
        (
            edge["node"]["leaveDate"],
            edge["node"]["exitInterview"]["primaryReason"],
            edge["node"]["exitInterview"]["freeText"],
        )
        for edge in feedback["edges"]
    ] == [
        ("2025-04-01", "FAMILY", "家族の転勤で大阪へ"),
        ("2025-03-31", "PAY", "給与が相場より低い"),
    ]


@pytest.mark.parametrize("role", ["manager", "employee", "alumnus"])
async def test_other_roles_read_no_analytics(client, seeded, role):
    body = await gql(client, ANALYTICS, token=seeded["tokens"][role])
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["exitAnalytics"], "FORBIDDEN")
    ]


async def test_a_partner_app_reads_counts_but_never_individual_answers(client, seeded):
    app = await make_app_token(seeded["org"], ["analytics:read", "alumni:read"])
    counts = await gql(client, ANALYTICS, token=app)
    assert counts["data"]["exitAnalytics"]["interviews"] == 5
    words = await gql(client, ESCALATED, token=app)
    assert words["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in words["errors"]] == [
        (["exitAnalytics", "escalatedFeedback"], "FORBIDDEN")
    ]
    without_scope = await make_app_token(seeded["org"], ["alumni:read"])
    refused = await gql(client, ANALYTICS, token=without_scope)
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]


async def test_a_range_that_ends_before_it_starts_is_refused(client, seeded):
    query = '{ exitAnalytics(from: "2025-01-01", to: "2024-12-31") { interviews } }'
    body = await gql(client, query, token=seeded["tokens"]["hr"])
    assert [(e["extensions"]["code"], e["message"]) for e in body["errors"]] == [
        ("BAD_USER_INPUT", "`to` must not be before `from`.")
    ]
