"""personErase: the personal data goes, the counts stay, and nothing reaches the person."""

from dataclasses import replace

import pytest

from domain.accounts.models import Membership, Role, User
from domain.accounts.services import add_member
from domain.audit.models import AuditEvent
from domain.common.errors import DomainError
from domain.consent.models import ConsentRecord
from domain.consent.services import record_consent
from domain.identity.models import MagicLink, Session
from domain.newsletters.models import NewsletterDelivery
from domain.offboarding.interviews import InterviewDraft, record_exit_interview
from domain.outbox.models import OutboxEvent
from domain.outbox.runner import run_until_idle
from domain.people.access import Viewer
from domain.people.models import AlumniLabel, AlumniProfile, EmploymentPeriod, Person
from domain.privacy import erasure
from domain.privacy.coverage import Parts
from domain.privacy.services import erase_person
from domain.referrals.models import Referral, ReferralClaim
from domain.touchpoints.models import Touchpoint
from kizuna.worker import build_registry
from resolvers import ids
from tests.api.privacy_world import O_VALUES, S_VALUES, all_rows, build_world, occurrences
from tests.factories import SEED, gql, make_app_token

ERASE = """
mutation($input: PersonEraseInput!) {
  personErase(input: $input) {
    erasure { personId erasedAt accountDeleted sessionsEnded }
    errors { field code message }
  }
}
"""
ANALYTICS = """{ exitAnalytics(from: "2025-01-01", to: "2025-12-31") {
  interviews reasons { reason count share } primaryReasons { reason count share }
  byDepartment { department { name } interviews reasons { reason count } }
  byYear { year interviews } byTenure { tenure interviews }
  comeBackAnswers comeBackAverage comeBackDistribution escalatedCount
  escalatedFeedback(first: 10) { totalCount }
} }"""
NUDGES = "{ nudges(first: 50) { edges { node { person { id } } } } }"
ALUMNI = "{ alumni(first: 100) { edges { node { id } } } }"
SEND = """mutation { newsletterSend(input: {subject: "秋号", body: "秋の交流会です。"}) {
  newsletter { recipientCount } errors { code } } }"""
VIEWER = "{ viewer { role } }"


@pytest.fixture
async def world(client):
    return await build_world()


async def erase(client, world, who: str = "hr", whom: str = "s", confirm: bool = True) -> dict:
    variables = {"input": {"personId": world.gid(whom), "confirm": confirm}}
    return await gql(client, ERASE, variables, world.tokens[who])


async def listed(client, world, query: str, path: str) -> set[str]:
    """The person ids a list shows hr (a nudge holds its person)."""
    body = await gql(client, query, token=world.tokens["hr"])
    edges = body["data"][path]["edges"]
    return {
        edge["node"]["person"]["id"] if "person" in edge["node"] else edge["node"]["id"]
        for edge in edges
    }


async def test_erasure_removes_every_personal_value_and_keeps_the_counts(
    client, world, settings, inbox
):
    handler, port = inbox
    registry = build_registry(replace(settings, smtp_url=f"smtp://127.0.0.1:{port}"))
    await gql(client, SEND, token=world.tokens["hr"])
    await run_until_idle(registry, "worker")
    assert sorted(m["To"] for m in handler.messages) == [O_VALUES[1], "taro.private@example.jp"]
    await gql(client, SEND, token=world.tokens["hr"])  # queued now, delivered after erasure
    analytics = await gql(client, ANALYTICS, token=world.tokens["hr"])
    assert analytics["data"]["exitAnalytics"]["interviews"] == 1
    assert await listed(client, world, NUDGES, "nudges") == {world.gid("s"), world.gid("o")}
    assert occurrences(await all_rows(), S_VALUES).keys() == set(S_VALUES)  # the scan sees

    body = await erase(client, world)

    payload = body["data"]["personErase"]
    assert payload["errors"] == []
    assert payload["erasure"] | {"erasedAt": None} == {
        "personId": world.gid("s"),
        "erasedAt": None,
        "accountDeleted": True,
        "sessionsEnded": 2,  # the operator token's and the one-time link's
    }
    rows = await all_rows()
    assert occurrences(rows, S_VALUES) == {}
    assert occurrences(rows, O_VALUES) == {
        O_VALUES[0]: ["person"],
        O_VALUES[1]: ["person"],
    }  # the control: another alumnus is untouched
    assert await gql(client, ANALYTICS, token=world.tokens["hr"]) == analytics
    assert await listed(client, world, NUDGES, "nudges") == {world.gid("o")}
    assert world.gid("s") not in await listed(client, world, ALUMNI, "alumni")

    handler.messages.clear()
    await run_until_idle(registry, "worker")
    assert [m["To"] for m in handler.messages] == [O_VALUES[1]]
    statuses = await NewsletterDelivery.filter(person_id=world.s.id).order_by("created_at")
    assert [(d.status, d.reason) for d in statuses] == [
        ("sent", ""),
        ("skipped_no_consent", "No newsletter consent by email when it was sent."),
    ]
    body = await gql(client, SEND, token=world.tokens["hr"])
    assert body["data"]["newsletterSend"]["newsletter"]["recipientCount"] == 1


async def test_what_an_erased_person_keeps(client, world):
    await erase(client, world)
    person = await Person.get(id=world.s.id)
    assert (person.name, person.name_kana, person.personal_email, person.phone) == (
        "削除済み",
        "削除済み",
        None,
        None,
    )
    assert person.status == "alumnus"
    assert person.erased_at is not None and person.archived_at == person.erased_at
    [period] = await EmploymentPeriod.filter(person_id=person.id)
    assert (str(period.hire_date), str(period.leave_date), period.title, period.manager_id) == (
        "2018-04-01",
        "2025-03-31",
        "",
        None,
    )
    assert period.department_id is not None
    profile = await AlumniProfile.get(person_id=person.id)
    assert (profile.current_company, profile.rehire_eligibility, profile.directory_listed) == (
        "",
        "eligible",
        False,
    )
    assert await AlumniLabel.filter(person_id=person.id).count() == 0
    [touchpoint] = await Touchpoint.filter(person_id=person.id)
    assert (touchpoint.kind, touchpoint.note) == ("coffee", "")
    consents = await ConsentRecord.filter(person_id=person.id).order_by("recorded_at")
    assert [(c.purpose, c.decision, c.note) for c in consents] == [
        ("community", "granted", ""),
        ("newsletter", "granted", ""),
    ]
    [referral] = await Referral.filter(organization_id=world.org.id)
    referrer_id = world.memberships["employee"].person_id
    assert (
        referral.candidate_name,
        referral.candidate_name_kana,
        referral.candidate_email,
        referral.candidate_phone,
        referral.note,
        referral.resume_url,
        referral.stage,
        referral.referrer_id,
    ) == ("削除済み", "削除済み", None, None, "", "", "submitted", referrer_id)
    assert await ReferralClaim.filter(referral_id=referral.id).count() == 0
    assert await User.filter(email="taro.private@example.jp").count() == 0
    assert await Membership.filter(person_id=person.id).count() == 0
    assert await Session.filter(user_id=world.memberships["s"].user_id).count() == 0
    assert await MagicLink.all().count() == 0
    body = await gql(client, VIEWER, token=world.tokens["s"])
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


async def test_erasure_is_audited_once_without_personal_data(client, world):
    await erase(client, world)
    [event] = await AuditEvent.filter(action="person.erased")
    assert (event.subject_type, event.subject_id) == ("person", world.s.id)
    assert (event.actor_kind, event.actor_id) == ("user", str(world.memberships["hr"].user_id))
    assert event.changes == {"account_deleted": True, "sessions_ended": 2}
    about = await AuditEvent.filter(subject_id=world.s.id).exclude(action="person.erased")
    assert about and {tuple(e.changes.items()) for e in about} == {(("erased", True),)}
    [announced] = await OutboxEvent.filter(event_type="person.erased")
    assert announced.payload == {"person_id": str(world.s.id)}


async def test_erasing_again_changes_nothing_and_says_so(client, world):
    first = (await erase(client, world))["data"]["personErase"]["erasure"]
    before = await all_rows()
    body = await erase(client, world)
    assert body["data"]["personErase"] == {
        "erasure": {
            "personId": world.gid("s"),
            "erasedAt": first["erasedAt"],
            "accountDeleted": False,
            "sessionsEnded": 0,
        },
        "errors": [
            {
                "field": "personId",
                "code": "ALREADY_ERASED",
                "message": "This person was already erased; nothing was changed.",
            }
        ],
    }
    assert await all_rows() == before


@pytest.mark.parametrize(
    ("who", "whom", "field", "code", "confirm"),
    [
        ("hr", "b", "personId", "NOT_FOUND", True),  # another organization's person
        ("other_hr", "s", "personId", "NOT_FOUND", True),
        ("hr", "s", "confirm", "CONFIRMATION_REQUIRED", False),
    ],
)
async def test_refusals_write_nothing(client, world, who, whom, field, code, confirm):
    before = await all_rows()
    body = await erase(client, world, who, whom, confirm)
    [error] = body["data"]["personErase"]["errors"]
    assert (body["data"]["personErase"]["erasure"], error["field"], error["code"]) == (
        None,
        field,
        code,
    )
    assert await all_rows() == before


async def test_a_current_employee_is_not_erased(client, world):
    manager = await Person.get(id=world.memberships["manager"].person_id)
    before = await all_rows()
    variables = {"input": {"personId": ids.encode("Person", manager.id), "confirm": True}}
    body = await gql(client, ERASE, variables, world.tokens["hr"])
    assert [e["code"] for e in body["data"]["personErase"]["errors"]] == ["STILL_EMPLOYED"]
    assert await all_rows() == before


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("executive", "FORBIDDEN"),
        ("manager", "FORBIDDEN"),
        ("employee", "FORBIDDEN"),
        ("s", "FORBIDDEN"),  # not even themself: erasure is asked of hr
        ("anonymous", "UNAUTHENTICATED"),
        ("app", "FORBIDDEN"),
    ],
)
async def test_only_hr_erases(client, world, who, code):
    if who == "app":
        world.tokens["app"] = await make_app_token(world.org, ["alumni:write"])
    before = await all_rows()
    body = await erase(client, world, who)
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["personErase"], code)
    ]
    assert await all_rows() == before


async def test_a_fault_mid_erasure_leaves_nothing_half_written(client, world, monkeypatch):
    """Every real step runs and writes; the last one raises: all of it is rolled back."""

    async def fail(subject, done):
        raise RuntimeError("disk full")

    steps = Parts(erasure.STEPS)
    steps.add("fails")(fail)
    monkeypatch.setattr("domain.privacy.services.STEPS", steps)
    before = await all_rows()
    with pytest.raises(RuntimeError, match="disk full"):
        await erase_person(world.org, SEED, world.s.id, confirm=True)
    assert await all_rows() == before


async def test_an_account_another_organization_uses_stays_there(client, world):
    other_membership = await add_member(
        world.other.id, "taro.private@example.jp", Role.ALUMNUS, SEED, person_id=world.b.id
    )
    body = await erase(client, world)
    assert body["data"]["personErase"]["erasure"]["accountDeleted"] is False
    user = await User.get(id=other_membership.user_id)
    assert user.email == "taro.private@example.jp"  # the other organization's account
    assert await Membership.filter(user_id=user.id).count() == 1
    assert await Session.filter(user_id=user.id, organization_id=world.org.id).count() == 0


async def test_nothing_personal_is_written_to_an_erased_person_again(client, world):
    await erase(client, world)
    hr = Viewer(world.org.id, Role.HR, None)
    draft = InterviewDraft(reasons=["pay"], primary_reason="pay", free_text="新しい声")
    with pytest.raises(DomainError) as refused:
        await record_exit_interview(world.org, SEED, world.offboarding.id, draft, hr)
    assert refused.value.code == "archived"
    with pytest.raises(DomainError) as refused:
        await record_consent(
            world.org, SEED, world.s, "newsletter", "email", "granted", "import", "メモ"
        )
    assert refused.value.code == "not_found"
