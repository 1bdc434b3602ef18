"""The GraphQL example of the README's rehire section runs as written, by hr, and answers
the steps its comment says."""

import re

from domain.accounts.models import Role
from domain.rehire.models import RehirePolicy
from tests.factories import gql, make_employee, make_member, make_org
from tests.readme import examples, operations

EXAMPLES = examples("Coming back (rehire)")


async def test_the_rehire_policy_example_runs_as_written(client):
    org = await make_org("demo")
    _, hr = await make_member(org, Role.HR, await make_employee(org))
    [example] = EXAMPLES
    [operation] = operations(example)
    body = await gql(client, operation, token=hr)
    assert "errors" not in body, body
    answer = body["data"]["rehirePolicySet"]
    # The steps the example's comment promises, e.g. `# [APPLIED, SCREENING, …]`.
    [promised] = re.findall(r"# \[(.*?)\]", example)
    assert answer == {
        "policy": {"version": 1, "steps": promised.split(", ")},
        "errors": [],
    }
    policy = await RehirePolicy.get(organization_id=org.id)
    assert (policy.tenure_within_years, policy.salary_note) == (
        3,
        "退職時の等級に、他社での経験1年につき1号俸を加算",
    )
