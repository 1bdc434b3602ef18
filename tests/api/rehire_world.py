"""Shared data of the rehire API tests: the referral tests' two organizations, roles and
openings, plus alumni who come back (one marked not eligible, one conditional), and helpers
that set the policy, apply and move applications through the API."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auth.tokens import operator_token
from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.organizations.models import Organization
from domain.outbox.models import OutboxEvent
from domain.people.models import EmploymentPeriod, RehireEligibility
from domain.rehire.models import RehireApplication, RehirePolicy, RehireStageChange
from tests.api.referrals_world import TOKEN_MINUTES, World, build_world
from tests.conftest import SECRET
from tests.factories import gql, make_alumnus, make_member

APPLICATION = """
  id stage steps motivation currentSituation desiredStartOn startDate
  opening { title } policy { version tenureRule tenureWithinYears skippedSteps }
"""
POLICY = (
    "version salaryBasis salaryNote titleBasis titleNote tenureRule tenureWithinYears "
    "skippedSteps steps"
)
POLICY_SET = (
    "mutation($input: RehirePolicySetInput!) { rehirePolicySet(input: $input) {"
    f" policy {{ {POLICY} }} errors {{ field code message }} }} }}"
)
CREATE = (
    "mutation($input: RehireApplicationCreateInput!) { rehireApplicationCreate(input: $input) {"
    f" application {{ {APPLICATION} }} errors {{ field code message }} }} }}"
)
STAGE_SET = (
    "mutation($input: RehireApplicationStageSetInput!) {"
    " rehireApplicationStageSet(input: $input) {"
    f" application {{ {APPLICATION} }} errors {{ field code message }} }} }}"
)
WITHDRAW = (
    "mutation($input: RehireApplicationWithdrawInput!) {"
    " rehireApplicationWithdraw(input: $input) {"
    " application { id stage } errors { field code message } } }"
)
POLICY_INPUT = {
    "salaryBasis": "PREVIOUS_GRADE_PLUS_EXPERIENCE",
    "salaryNote": "退職時の等級に、他社での経験年数を1年につき1号俸加算します。",
    "titleBasis": "EVALUATED",
    "titleNote": "退職時の役職を下限に、オファー時に決めます。",
    "tenureRule": "CARRIED_OVER",
    "skippedSteps": ["APTITUDE_TEST", "FIRST_INTERVIEW"],
}
# The returners worked 2015-04-01 … 2023-03-31: eight years.
RETURNER_HIRED, RETURNER_LEFT = date(2015, 4, 1), date(2023, 3, 31)


@dataclass
class RehireWorld:
    base: World
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def client(self) -> Any:
        return self.base.client

    async def set_policy(self, who: str = "hr", **changes: Any) -> dict[str, Any]:
        values = {**POLICY_INPUT, **changes}
        return await gql(self.client, POLICY_SET, {"input": values}, self.tokens[who])

    async def apply(self, who: str = "returner", opening: str = "open", **fields: Any) -> dict:
        values = {
            "openingId": self.base.openings.get(opening, opening),
            "motivation": "新しい経験を活かしてチームに戻りたい。",
            "currentSituation": "他社でテックリード",
            **fields,
        }
        return await gql(self.client, CREATE, {"input": values}, self.tokens[who])

    async def move(self, who: str, application_id: str, stage: str, **fields: Any) -> dict:
        variables = {"input": {"id": application_id, "stage": stage, **fields}}
        return await gql(self.client, STAGE_SET, variables, self.tokens[who])


async def build_rehire_world(client) -> RehireWorld:
    base = await build_world(client)
    org = await Organization.get(id=base.people["hr"].organization_id)
    world = RehireWorld(base=base, tokens=dict(base.tokens))
    for key, eligibility, note in (
        ("returner", RehireEligibility.ELIGIBLE, ""),
        ("ineligible", RehireEligibility.NOT_ELIGIBLE, "競合への情報持ち出しの疑い"),
        ("conditional", RehireEligibility.CONDITIONAL, "管理職以外なら可"),
    ):
        person = await make_alumnus(
            org,
            name=f"出戻り {key}",
            hire_date=RETURNER_HIRED,
            leave_date=RETURNER_LEFT,
            rehire_eligibility=eligibility,
            rehire_note=note,
        )
        base.people[key] = person
        membership, _ = await make_member(org, Role.ALUMNUS, person)
        world.tokens[key] = await operator_token(SECRET, membership, minutes=TOKEN_MINUTES)
    return world


async def written() -> dict[str, int]:
    """Everything rehire mutations write, counted."""
    return {
        "policies": await RehirePolicy.all().count(),
        "applications": await RehireApplication.all().count(),
        "history": await RehireStageChange.all().count(),
        "periods": await EmploymentPeriod.all().count(),
        "audit": await AuditEvent.filter(action__startswith="rehire").count(),
        "outbox": await OutboxEvent.filter(event_type__startswith="rehire.").count(),
    }
