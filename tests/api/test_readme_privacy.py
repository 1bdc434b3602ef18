"""The GraphQL examples of the README's Privacy rights section run as written, each by the
caller the text names (the placeholder person id replaced by the alumnus's)."""

from domain.accounts.models import Role
from domain.people.models import Person
from resolvers import ids
from tests.factories import gql, make_alumnus, make_employee, make_member, make_org
from tests.readme import PLACEHOLDER, examples, operations

EXAMPLES = examples("Privacy rights")


async def test_the_privacy_examples_run_as_written(client):
    org = await make_org("demo")
    _, hr = await make_member(org, Role.HR, await make_employee(org))
    alumnus = await make_alumnus(org, name="卒業 花子")
    _, alumnus_token = await make_member(org, Role.ALUMNUS, alumnus)
    person_id = ids.encode("Person", alumnus.id)
    assert len(EXAMPLES) == 3, "the section's examples: hr exports, alumnus exports, hr erases"

    answers = []
    for example, token in zip(EXAMPLES, [hr, alumnus_token, hr], strict=True):
        for operation in operations(example.replace(PLACEHOLDER, person_id)):
            body = await gql(client, operation, token=token)
            assert "errors" not in body, (operation, body)
            answers.append(body["data"])
    exported = [a["personDataExport"] for a in answers if "personDataExport" in a]
    assert [held["person"]["name"] for held in exported] == ["卒業 花子", "卒業 花子"]
    assert answers[1] == {"viewer": {"person": {"id": person_id}}}
    assert answers[-1]["personErase"]["errors"] == []
    assert (await Person.get(id=alumnus.id)).name == "削除済み"
