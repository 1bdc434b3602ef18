"""Shared data of the referral API tests: two organizations, every role, openings in every
state, and helpers to refer and move referrals through the API."""

from dataclasses import dataclass
from typing import Any

from auth.tokens import operator_token
from domain.accounts.models import Role
from domain.jobs.models import JobOpening
from domain.outbox.models import OutboxEvent
from domain.referrals.models import Referral, ReferralClaim, ReferralStageChange
from resolvers import ids
from tests.conftest import SECRET
from tests.factories import gql, make_alumnus, make_department, make_employee, make_member, make_org

REFERRAL = """
  id stage source expired candidateName candidateEmail candidatePhone
  opening { title } referrer { name }
"""
CREATE = (
    "mutation($input: ReferralCreateInput!) { referralCreate(input: $input) {"
    f" referral {{ {REFERRAL} }} errors {{ field code message }} }} }}"
)
STAGE_SET = (
    "mutation($input: ReferralStageSetInput!) { referralStageSet(input: $input) {"
    f" referral {{ {REFERRAL} }} errors {{ field code message }} }} }}"
)
WITHDRAW = (
    "mutation($input: ReferralWithdrawInput!) { referralWithdraw(input: $input) {"
    " referral { id stage } errors { field code message } } }"
)
OPENING_CREATE = (
    "mutation($input: JobOpeningCreateInput!) { jobOpeningCreate(input: $input) {"
    " jobOpening { id title status visibleToAlumni acceptingReferrals hiringManager { name } }"
    " errors { field code message } } }"
)
OPENING_STATUS = (
    "mutation($input: JobOpeningStatusSetInput!) { jobOpeningStatusSet(input: $input) {"
    " jobOpening { id status } errors { field code message } } }"
)
TOKEN_MINUTES = 60 * 24 * 365  # tests travel months ahead
ROLES = {
    "hr": Role.HR,
    "executive": Role.EXECUTIVE,
    "manager": Role.MANAGER,  # the hiring manager of the openings
    "team_manager": Role.MANAGER,  # manages `employee`
    "employee": Role.EMPLOYEE,
    "alumnus": Role.ALUMNUS,
    "other_hr": Role.HR,  # organization B
}


@dataclass
class World:
    tokens: dict[str, str]
    openings: dict[str, str]  # name → global id
    people: dict[str, Any]
    other_opening: str  # organization B's open opening

    async def refer(self, who: str, opening: str = "open", **candidate: Any) -> dict[str, Any]:
        values = {
            "openingId": self.openings.get(opening, opening),
            "candidateName": "候補 太郎",
            "candidateNameKana": "こうほ たろう",
            "candidateEmail": "taro@example.com",
            "candidateConsentsToContact": True,
            "relationship": "前職の同僚",
        }
        values.update(candidate)
        return await gql(self.client, CREATE, {"input": values}, self.tokens[who])

    async def move(self, who: str, referral_id: str, stage: str, reason: str = "") -> dict:
        variables = {"input": {"id": referral_id, "stage": stage, "rejectionReason": reason}}
        return await gql(self.client, STAGE_SET, variables, self.tokens[who])

    client: Any = None


async def build_world(client) -> World:
    org, other = await make_org("acme"), await make_org("beta", "株式会社ベータ")
    eng = await make_department(org, "エンジニアリング")
    people = {
        "hr": await make_employee(org, name="人事"),
        "executive": await make_employee(org, name="役員"),
        "manager": await make_employee(org, name="採用責任者", phone="090-1111-0001"),
        "team_manager": await make_employee(org, name="上司"),
    }
    people["employee"] = await make_employee(
        org, name="社員", manager_id=people["team_manager"].id, personal_email="me@example.jp"
    )
    people["alumnus"] = await make_alumnus(org, name="卒業生")
    people["other_hr"] = await make_employee(other, name="他社 人事")
    tokens = {}
    for key, role in ROLES.items():
        membership, _ = await make_member(other if key == "other_hr" else org, role, people[key])
        tokens[key] = await operator_token(SECRET, membership, minutes=TOKEN_MINUTES)
    world = World(tokens=tokens, openings={}, people=people, other_opening="", client=client)
    manager_id = ids.encode("Person", people["manager"].id)
    for name, status, alumni, accepting in (
        ("open", "OPEN", True, True),
        ("staff_only", "OPEN", False, True),
        ("paused", "PAUSED", True, True),
        ("closed", "CLOSED", True, True),
        ("draft", None, True, True),
        ("no_referrals", "OPEN", True, False),
    ):
        created = await gql(
            client,
            OPENING_CREATE,
            {
                "input": {
                    "title": f"エンジニア ({name})",
                    "employmentType": "FULL_TIME",
                    "departmentId": ids.encode("Department", eng.id),
                    "hiringManagerId": manager_id,
                    "visibleToAlumni": alumni,
                    "acceptingReferrals": accepting,
                }
            },
            tokens["hr"],
        )
        opening_id = created["data"]["jobOpeningCreate"]["jobOpening"]["id"]
        steps = {"OPEN": ["OPEN"], "PAUSED": ["OPEN", "PAUSED"], "CLOSED": ["OPEN", "CLOSED"]}
        for step in steps.get(status, []):
            await gql(
                client, OPENING_STATUS, {"input": {"id": opening_id, "status": step}}, tokens["hr"]
            )
        world.openings[name] = opening_id
    other_opening = await gql(
        client,
        OPENING_CREATE,
        {"input": {"title": "他社の求人", "employmentType": "CONTRACT", "visibleToAlumni": True}},
        tokens["other_hr"],
    )
    world.other_opening = other_opening["data"]["jobOpeningCreate"]["jobOpening"]["id"]
    await gql(
        client,
        OPENING_STATUS,
        {"input": {"id": world.other_opening, "status": "OPEN"}},
        tokens["other_hr"],
    )
    return world


async def written() -> dict[str, int]:
    """Everything referral mutations write, counted."""
    return {
        "openings": await JobOpening.all().count(),
        "referrals": await Referral.all().count(),
        "history": await ReferralStageChange.all().count(),
        "claims": await ReferralClaim.all().count(),
        "outbox": await OutboxEvent.filter(event_type__startswith="referral.").count(),
    }
