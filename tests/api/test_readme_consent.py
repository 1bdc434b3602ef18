"""The GraphQL examples of the README's Consent section run as written, each by the caller
the text names (the placeholder person id replaced by a real one)."""

from domain.accounts.models import Role
from domain.consent.models import ConsentRecord
from resolvers import ids
from tests.factories import gql, make_alumnus, make_employee, make_member, make_org
from tests.readme import PLACEHOLDER, examples, operations

EXAMPLES = examples("Consent")


async def test_the_consent_examples_run_as_written(client):
    org = await make_org("demo")
    _, hr = await make_member(org, Role.HR, await make_employee(org))
    alumnus = await make_alumnus(org, name="卒業 花子")
    _, alumnus_token = await make_member(org, Role.ALUMNUS, alumnus)
    person_id = ids.encode("Person", alumnus.id)
    assert len(EXAMPLES) == 3, "the section's examples: alumnus, hr, newsletters"

    callers = [alumnus_token, hr, hr]
    for example, token in zip(EXAMPLES, callers, strict=True):
        for operation in operations(example.replace(PLACEHOLDER, person_id)):
            body = await gql(client, operation, token=token)
            assert "errors" not in body, (operation, body)
            for payload in body["data"].values():
                if isinstance(payload, dict) and "errors" in payload:
                    assert payload["errors"] == [], (operation, payload)

    history = await ConsentRecord.filter(purpose="newsletter").order_by("recorded_at")
    assert [(r.decision, r.source) for r in history] == [
        ("granted", "self_service"),
        ("withdrawn", "hr_on_persons_word"),
    ]
