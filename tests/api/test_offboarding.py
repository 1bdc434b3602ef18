"""Off-boarding through the API: the whole flow, who may start and see what, the exit
interview kept to hr and executives, and bad input that writes nothing."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from auth.tokens import operator_token
from domain.accounts.models import Membership, Role
from domain.audit.models import AuditEvent
from domain.offboarding.models import ExitInterview, ExitInterviewReason, Offboarding
from domain.outbox.models import OutboxEvent
from domain.outbox.runner import run_until_idle
from domain.people.models import AlumniProfile, EmploymentPeriod
from kizuna.diagnostics import count_statements
from kizuna.worker import build_registry
from resolvers import ids
from tests.conftest import SECRET
from tests.factories import (
    gql,
    make_alumnus,
    make_app_token,
    make_department,
    make_employee,
    make_member,
    make_org,
)

NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
LEAVE = date(2030, 4, 30)
LEAVE_STARTS = datetime(2030, 4, 29, 15, 0, tzinfo=UTC)  # 2030-04-30 00:00 in Tokyo
DAYS = 60 * 24

OFFBOARDING = """
  id leaveDate source status startedBy cancelledAt person { name status }
  checklist { item doneAt recordedBy sentBy { name } }
"""
START = (
    "mutation($input: OffboardingStartInput!) { offboardingStart(input: $input) {"
    f" offboarding {{ {OFFBOARDING} }} errors {{ field code message }} }} }}"
)
CHECK = (
    "mutation($input: OffboardingChecklistUpdateInput!) {"
    " offboardingChecklistUpdate(input: $input) {"
    f" offboarding {{ {OFFBOARDING} }} errors {{ field code message }} }} }}"
)
CANCEL = (
    "mutation($input: OffboardingCancelInput!) { offboardingCancel(input: $input) {"
    f" offboarding {{ {OFFBOARDING} }} errors {{ field code message }} }} }}"
)
INTERVIEW = """
  reasons primaryReason freeText comeBackLikelihood feedbackEscalated recordedBy
"""
RECORD = (
    "mutation($input: ExitInterviewRecordInput!) { exitInterviewRecord(input: $input) {"
    f" exitInterview {{ {INTERVIEW} }} errors {{ field code message }} }} }}"
)
PERSON_OFFBOARDING = (
    "query($id: ID!) { node(id: $id) { ... on Person { offboarding {"
    f" {OFFBOARDING} exitInterview {{ {INTERVIEW} }} }} }} }} }}"
)
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Offboarding {{ {OFFBOARDING} }} }} }}"
NODE_INTERVIEW = (
    "query($id: ID!) { node(id: $id) { ... on Offboarding { leaveDate"
    f" exitInterview {{ {INTERVIEW} }} }} }} }}"
)
LIST = """
query($status: OffboardingStatus) {
  offboardings(first: 10, status: $status) { totalCount edges { node { person { name } } } }
}
"""
ANSWERS = {
    "reasons": ["PAY", "CAREER_GROWTH", "PAY"],
    "primaryReason": "CAREER_GROWTH",
    "freeText": "評価制度に納得できなかった",
    "comeBackLikelihood": 7,
    "feedbackEscalated": True,
}


@pytest.fixture
async def world(client):
    """Org A: hr, an executive, a manager with their report 部下 (an employee who signs in),
    another manager, an alumnus; org B: its own hr and employee."""
    with time_machine.travel(NOW, tick=False):
        org = await make_org("acme")
        other = await make_org("other", "株式会社アザー")
        eng = await make_department(org, "エンジニアリング")
        manager = await make_employee(org, name="上司")
        report = await make_employee(
            org,
            name="部下",
            manager_id=manager.id,
            department_id=eng.id,
            hire_date=date(2020, 4, 1),
        )
        people = {
            "hr": await make_employee(org, name="人事"),
            "executive": await make_employee(org, name="役員"),
            "manager": manager,
            "other_manager": await make_employee(org, name="別の上司"),
            "employee": report,
            "alumnus": await make_alumnus(org, name="卒業生"),
            "other_hr": await make_employee(other, name="他社 人事"),
        }
        stranger = await make_employee(other, name="他社 社員")
        memberships = {}
        for key, role in (
            ("hr", Role.HR),
            ("executive", Role.EXECUTIVE),
            ("manager", Role.MANAGER),
            ("other_manager", Role.MANAGER),
            ("employee", Role.EMPLOYEE),
            ("alumnus", Role.ALUMNUS),
            ("other_hr", Role.HR),
        ):
            target = other if key == "other_hr" else org
            memberships[key], _ = await make_member(target, role, people[key])
        tokens = {
            key: await operator_token(SECRET, membership, minutes=60 * DAYS)
            for key, membership in memberships.items()
        }
    return {
        "org": org,
        "people": people,
        "tokens": tokens,
        "memberships": memberships,
        "report": ids.encode("Person", report.id),
        "stranger": ids.encode("Person", stranger.id),
        "manager": ids.encode("Person", manager.id),
        "executive": ids.encode("Person", people["executive"].id),
    }


async def state() -> dict[str, int]:
    """Everything an off-boarding mutation writes, counted."""
    return {
        "offboarding": await Offboarding.all().count(),
        "cancelled": await Offboarding.filter(cancelled_at__not_isnull=True).count(),
        "items done": await Offboarding.filter(consent_asked_at__not_isnull=True).count()
        + await Offboarding.filter(positive_message_sent_at__not_isnull=True).count()
        + await Offboarding.filter(community_invitation_sent_at__not_isnull=True).count(),
        "exit_interview": await ExitInterview.all().count(),
        "exit_interview_reason": await ExitInterviewReason.all().count(),
        "open periods": await EmploymentPeriod.filter(leave_date=None).count(),
        "alumni_profile": await AlumniProfile.all().count(),
        "outbox_event": await OutboxEvent.all().count(),
        "audit_event": await AuditEvent.all().count(),
    }


async def start(client, world, token_key="hr", person=None, leave=LEAVE):
    body = await gql(
        client,
        START,
        {"input": {"personId": person or world["report"], "leaveDate": leave.isoformat()}},
        world["tokens"][token_key],
    )
    return body["data"]["offboardingStart"]


async def check(client, world, offboarding_id, item, token_key="hr", sent_by=None):
    given = {"id": offboarding_id, "item": item}
    if sent_by is not None:
        given["sentById"] = sent_by
    body = await gql(client, CHECK, {"input": given}, world["tokens"][token_key])
    return body["data"]["offboardingChecklistUpdate"]


async def record(client, world, offboarding_id, token_key="hr", **answers):
    given = {"offboardingId": offboarding_id, **ANSWERS, **answers}
    body = await gql(client, RECORD, {"input": given}, world["tokens"][token_key])
    return body["data"]["exitInterviewRecord"]


def user(world, key):
    return f"user:{world['memberships'][key].user_id}"


async def test_the_whole_flow_ends_with_an_alumnus_on_the_leave_date(client, world):
    with time_machine.travel(NOW, tick=False) as traveller:
        started = await start(client, world)
        assert started["errors"] == []
        offboarding = started["offboarding"]
        assert {k: offboarding[k] for k in ("leaveDate", "source", "status", "startedBy")} == {
            "leaveDate": "2030-04-30",
            "source": "HR",
            "status": "OPEN",
            "startedBy": user(world, "hr"),
        }
        assert offboarding["person"] == {"name": "部下", "status": "EMPLOYEE"}
        assert [entry["item"] for entry in offboarding["checklist"]] == [
            "POSITIVE_MESSAGE",
            "COMMUNITY_INVITATION",
            "CONSENT_ASKED",
        ]
        assert all(entry["doneAt"] is None for entry in offboarding["checklist"])
        gid = offboarding["id"]

        # The manager sends the positive message and records it; hr records the rest.
        traveller.shift(timedelta(hours=1))
        done = await check(client, world, gid, "POSITIVE_MESSAGE", "manager")
        assert done["errors"] == []
        assert done["offboarding"]["checklist"][0] == {
            "item": "POSITIVE_MESSAGE",
            "doneAt": "2030-04-10T04:00:00+00:00",
            "recordedBy": user(world, "manager"),
            "sentBy": {"name": "上司"},
        }
        await check(client, world, gid, "COMMUNITY_INVITATION")
        done = await check(client, world, gid, "CONSENT_ASKED")
        assert [entry["recordedBy"] for entry in done["offboarding"]["checklist"]] == [
            user(world, "manager"),
            user(world, "hr"),
            user(world, "hr"),
        ]
        assert done["offboarding"]["status"] == "OPEN"  # the leave date has not come

        recorded = await record(client, world, gid)
        assert recorded == {
            "exitInterview": {
                "reasons": ["CAREER_GROWTH", "PAY"],
                "primaryReason": "CAREER_GROWTH",
                "freeText": "評価制度に納得できなかった",
                "comeBackLikelihood": 7,
                "feedbackEscalated": True,
                "recordedBy": user(world, "hr"),
            },
            "errors": [],
        }

        traveller.move_to(LEAVE_STARTS)
        await run_until_idle(build_registry(), "worker")
        body = await gql(client, PERSON_OFFBOARDING, {"id": world["report"]}, world["tokens"]["hr"])
    read = body["data"]["node"]["offboarding"]
    assert read["status"] == "COMPLETED"
    assert read["person"] == {"name": "部下", "status": "ALUMNUS"}
    assert read["exitInterview"]["primaryReason"] == "CAREER_GROWTH"
    membership = await Membership.get(id=world["memberships"]["employee"].id)
    assert membership.role == Role.ALUMNUS
    actions = await AuditEvent.filter(subject_id=ids.decode(gid, "Offboarding")).values_list(
        "action", flat=True
    )
    assert sorted(actions) == [
        "exit_interview.recorded",
        "offboarding.checklist_updated",
        "offboarding.checklist_updated",
        "offboarding.checklist_updated",
        "offboarding.started",
    ]


async def test_starting_twice_answers_the_standing_offboarding(client, world):
    with time_machine.travel(NOW, tick=False):
        first = await start(client, world)
        before = await state()
        again = await start(client, world, "manager", leave=date(2030, 5, 31))
    assert again["offboarding"]["id"] == first["offboarding"]["id"]
    assert again["offboarding"]["leaveDate"] == "2030-04-30"
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("personId", "ALREADY_STARTED")]
    assert await state() == before


async def test_the_persons_manager_may_start_but_not_another_manager(client, world):
    with time_machine.travel(NOW, tick=False):
        before = await state()
        refused = await start(client, world, "other_manager")
        assert refused == {
            "offboarding": None,
            "errors": [
                {
                    "field": "personId",
                    "code": "NOT_FOUND",
                    "message": "No such off-boarding or person that you may act on.",
                }
            ],
        }
        assert await state() == before
        started = await start(client, world, "manager")
    assert started["errors"] == []
    assert started["offboarding"]["source"] == "MANAGER"


@pytest.mark.parametrize(
    ("token_key", "code"),
    [
        ("executive", "FORBIDDEN"),
        ("employee", "FORBIDDEN"),
        ("alumnus", "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ],
)
async def test_others_cannot_start_and_nothing_is_written(client, world, token_key, code):
    before = await state()
    token = None if token_key is None else world["tokens"][token_key]
    variables = {"input": {"personId": world["report"], "leaveDate": "2030-04-30"}}
    body = await gql(client, START, variables, token)
    assert body["data"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["offboardingStart"], code)
    ]
    assert await state() == before


async def test_an_app_needs_alumni_write_to_start(client, world):
    read_only = await make_app_token(world["org"], ["alumni:read"])
    body = await gql(
        client,
        START,
        {"input": {"personId": world["report"], "leaveDate": "2030-04-30"}},
        read_only,
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await Offboarding.all().count() == 0


async def started_with_interview(client, world) -> str:
    started = await start(client, world)
    gid = started["offboarding"]["id"]
    assert (await record(client, world, gid))["errors"] == []
    return gid


@pytest.mark.parametrize("token_key", ["hr", "executive"])
async def test_hr_and_executives_read_the_exit_interview(client, world, token_key):
    with time_machine.travel(NOW, tick=False):
        gid = await started_with_interview(client, world)
        body = await gql(client, NODE_INTERVIEW, {"id": gid}, world["tokens"][token_key])
    assert "errors" not in body, body
    assert body["data"]["node"]["exitInterview"]["freeText"] == "評価制度に納得できなかった"


async def test_the_manager_sees_status_and_checklist_but_not_the_exit_interview(client, world):
    with time_machine.travel(NOW, tick=False):
        await started_with_interview(client, world)
        body = await gql(
            client, PERSON_OFFBOARDING, {"id": world["report"]}, world["tokens"]["manager"]
        )
    read = body["data"]["node"]["offboarding"]
    assert read["status"] == "OPEN"
    assert len(read["checklist"]) == 3
    assert read["exitInterview"] is None
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["node", "offboarding", "exitInterview"], "FORBIDDEN")
    ]


async def test_another_manager_sees_no_offboarding_of_someone_elses_report(client, world):
    with time_machine.travel(NOW, tick=False):
        gid = await started_with_interview(client, world)
        body = await gql(client, NODE, {"id": gid}, world["tokens"]["other_manager"])
        listed = await gql(client, LIST, token=world["tokens"]["other_manager"])
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]
    assert listed["data"]["offboardings"] == {"totalCount": 0, "edges": []}


async def test_the_person_themself_cannot_read_their_offboarding(client, world):
    with time_machine.travel(NOW, tick=False):
        gid = await started_with_interview(client, world)
        own = await gql(
            client, PERSON_OFFBOARDING, {"id": world["report"]}, world["tokens"]["employee"]
        )
        node = await gql(client, NODE_INTERVIEW, {"id": gid}, world["tokens"]["employee"])
        listed = await gql(client, LIST, token=world["tokens"]["employee"])
    assert own["data"]["node"] == {"offboarding": None}
    assert [(e["path"], e["extensions"]["code"]) for e in own["errors"]] == [
        (["node", "offboarding"], "FORBIDDEN")
    ]
    assert [e["extensions"]["code"] for e in node["errors"]] == ["NOT_FOUND"]
    assert [e["extensions"]["code"] for e in listed["errors"]] == ["FORBIDDEN"]


@pytest.mark.parametrize("token_key", ["alumnus", "other_hr"])
async def test_alumni_and_other_organizations_find_nothing(client, world, token_key):
    with time_machine.travel(NOW, tick=False):
        gid = await started_with_interview(client, world)
        body = await gql(client, NODE_INTERVIEW, {"id": gid}, world["tokens"][token_key])
    assert body["data"] == {"node": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["NOT_FOUND"]


async def test_a_partner_app_never_reads_the_exit_interview(client, world):
    with time_machine.travel(NOW, tick=False):
        gid = await started_with_interview(client, world)
        app = await make_app_token(world["org"], ["alumni:read", "analytics:read"])
        body = await gql(client, NODE_INTERVIEW, {"id": gid}, app)
    assert body["data"]["node"] == {"leaveDate": "2030-04-30", "exitInterview": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_offboardings_lists_by_status(client, world):
    with time_machine.travel(NOW, tick=False):
        started = await start(client, world)
        colleague = await make_employee(world["org"], name="同僚", hire_date=date(2021, 4, 1))
        other = await start(client, world, person=ids.encode("Person", colleague.id))
        gid = other["offboarding"]["id"]
        cancelled = await gql(client, CANCEL, {"input": {"id": gid}}, world["tokens"]["hr"])
        assert cancelled["data"]["offboardingCancel"]["offboarding"]["status"] == "CANCELLED"
        results = {}
        for status in ("OPEN", "COMPLETED", "CANCELLED", None):
            body = await gql(client, LIST, {"status": status}, world["tokens"]["hr"])
            page = body["data"]["offboardings"]
            # Both leave on the same day, so their order is the id's: compare them sorted.
            results[status] = (
                page["totalCount"],
                sorted(e["node"]["person"]["name"] for e in page["edges"]),
            )
        manager = await gql(client, LIST, token=world["tokens"]["manager"])
    assert started["errors"] == []
    assert results == {
        "OPEN": (1, ["部下"]),
        "COMPLETED": (0, []),
        "CANCELLED": (1, ["同僚"]),
        None: (2, ["同僚", "部下"]),
    }
    assert manager["data"]["offboardings"]["totalCount"] == 1


async def test_cancelling_through_the_api_keeps_an_employee(client, world):
    with time_machine.travel(NOW, tick=False) as traveller:
        gid = (await start(client, world))["offboarding"]["id"]
        body = await gql(client, CANCEL, {"input": {"id": gid}}, world["tokens"]["manager"])
        payload = body["data"]["offboardingCancel"]
        assert payload["errors"] == []
        assert payload["offboarding"]["cancelledAt"] == "2030-04-10T03:00:00+00:00"
        before = await state()
        again = await gql(client, CANCEL, {"input": {"id": gid}}, world["tokens"]["hr"])
        assert [e["code"] for e in again["data"]["offboardingCancel"]["errors"]] == ["CANCELLED"]
        refused = await check(client, world, gid, "CONSENT_ASKED")
        assert [e["code"] for e in refused["errors"]] == ["CANCELLED"]
        assert await state() == before
        traveller.move_to(LEAVE_STARTS + timedelta(days=1))
        await run_until_idle(build_registry(), "worker")
    period = await EmploymentPeriod.get(person_id=world["people"]["employee"].id)
    assert period.leave_date is None
    membership = await Membership.get(id=world["memberships"]["employee"].id)
    assert membership.role == Role.EMPLOYEE


# --- bad input: a payload error each, and nothing written ---------------------------------


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        ({"comeBackLikelihood": 11}, [("comeBackLikelihood", "OUT_OF_RANGE")]),
        ({"comeBackLikelihood": -1}, [("comeBackLikelihood", "OUT_OF_RANGE")]),
        ({"primaryReason": "HEALTH"}, [("primaryReason", "PRIMARY_REASON_NOT_GIVEN")]),
        ({"reasons": [], "primaryReason": "PAY"}, [("reasons", "REASONS_REQUIRED")]),
        ({"freeText": "あ" * 4001}, [("freeText", "TOO_LONG")]),
        ({"freeText": "NUL\x00"}, [("freeText", "INVALID")]),
        (
            {"comeBackLikelihood": 11, "primaryReason": "STUDY"},
            [
                ("primaryReason", "PRIMARY_REASON_NOT_GIVEN"),
                ("comeBackLikelihood", "OUT_OF_RANGE"),
            ],
        ),
    ],
)
async def test_bad_exit_interviews_are_refused(client, world, answers, errors):
    with time_machine.travel(NOW, tick=False):
        gid = (await start(client, world))["offboarding"]["id"]
        before = await state()
        refused = await record(client, world, gid, **answers)
    assert refused["exitInterview"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == errors
    assert all(e["message"] for e in refused["errors"])
    assert await state() == before


async def test_an_unknown_reason_is_refused_before_anything_runs(client, world):
    with time_machine.travel(NOW, tick=False):
        gid = (await start(client, world))["offboarding"]["id"]
        before = await state()
        body = await gql(
            client,
            RECORD,
            {"input": {"offboardingId": gid, **ANSWERS, "reasons": ["PAY", "BOREDOM"]}},
            world["tokens"]["hr"],
        )
    assert body["data"] is None
    [error] = body["errors"]
    assert "BOREDOM" in error["message"]
    assert await state() == before


async def test_recording_again_replaces_the_answers(client, world):
    with time_machine.travel(NOW, tick=False):
        gid = await started_with_interview(client, world)
        again = await record(
            client, world, gid, "executive", reasons=["HEALTH"], primaryReason="HEALTH"
        )
    assert again["exitInterview"]["reasons"] == ["HEALTH"]
    assert again["exitInterview"]["recordedBy"] == user(world, "executive")
    assert await ExitInterview.all().count() == 1
    assert await ExitInterviewReason.all().values_list("reason", flat=True) == ["health"]


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"leaveDate": "2020-03-31"}, ("leaveDate", "LEAVE_BEFORE_HIRE")),
        ({"personId": "stranger"}, ("personId", "NOT_FOUND")),
        ({"personId": "manager-as-department"}, ("personId", "NOT_FOUND")),
        ({"personId": "not an id"}, ("personId", "NOT_FOUND")),
    ],
)
async def test_bad_starts_are_refused(client, world, given, error):
    values = {"personId": world["report"], "leaveDate": "2030-04-30", **given}
    if values["personId"] == "stranger":
        values["personId"] = world["stranger"]
    elif values["personId"] == "manager-as-department":
        values["personId"] = ids.encode("Department", world["people"]["manager"].id)
    before = await state()
    body = await gql(client, START, {"input": values}, world["tokens"]["hr"])
    payload = body["data"]["offboardingStart"]
    assert payload["offboarding"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [error]
    assert await state() == before


async def test_another_organizations_offboarding_is_not_found_by_any_mutation(client, world):
    other = world["memberships"]["other_hr"]
    with time_machine.travel(NOW, tick=False):
        body = await gql(
            client,
            START,
            {"input": {"personId": world["stranger"], "leaveDate": "2030-04-30"}},
            world["tokens"]["other_hr"],
        )
        theirs = body["data"]["offboardingStart"]["offboarding"]["id"]
        before = await state()
        checked = await check(client, world, theirs, "CONSENT_ASKED")
        cancelled = await gql(client, CANCEL, {"input": {"id": theirs}}, world["tokens"]["hr"])
        recorded = await record(client, world, theirs)
    assert [(e["field"], e["code"]) for e in checked["errors"]] == [("id", "NOT_FOUND")]
    errors = cancelled["data"]["offboardingCancel"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("id", "NOT_FOUND")]
    assert [(e["field"], e["code"]) for e in recorded["errors"]] == [("offboardingId", "NOT_FOUND")]
    assert await state() == before
    assert other.organization_id != world["org"].id


@pytest.mark.parametrize(
    ("token_key", "sent_by", "error"),
    [
        ("hr", None, ("sentById", "SENDER_REQUIRED")),
        ("hr", "report", ("sentById", "SENDER_NOT_ALLOWED")),
        ("hr", "stranger", ("sentById", "NOT_FOUND")),
        ("other_manager", None, ("id", "NOT_FOUND")),
    ],
)
async def test_the_positive_message_needs_the_manager_or_an_executive(
    client, world, token_key, sent_by, error
):
    with time_machine.travel(NOW, tick=False):
        gid = (await start(client, world))["offboarding"]["id"]
        before = await state()
        refused = await check(
            client,
            world,
            gid,
            "POSITIVE_MESSAGE",
            token_key,
            None if sent_by is None else world[sent_by],
        )
        assert [(e["field"], e["code"]) for e in refused["errors"]] == [error]
        assert await state() == before
        done = await check(client, world, gid, "POSITIVE_MESSAGE", "hr", world["executive"])
    assert done["offboarding"]["checklist"][0]["sentBy"] == {"name": "役員"}


FULL_PAGE = """
query($first: Int!) {
  offboardings(first: $first) { edges { node {
    id leaveDate status person { name }
    checklist { item doneAt sentBy { name } }
    exitInterview { reasons primaryReason freeText }
  } } }
}
"""


async def test_sql_statements_do_not_grow_with_the_page(client, world):
    with time_machine.travel(NOW, tick=False):
        for n in range(30):
            person = await make_employee(world["org"], name=f"退職者 {n:02d}")
            gid = ids.encode("Person", person.id)
            offboarding = (await start(client, world, person=gid))["offboarding"]["id"]
            await check(client, world, offboarding, "POSITIVE_MESSAGE", "executive")
            await record(client, world, offboarding)
        counts = {}
        for first in (5, 30):
            with count_statements() as counter:
                body = await gql(client, FULL_PAGE, {"first": first}, world["tokens"]["hr"])
            edges = body["data"]["offboardings"]["edges"]
            assert len(edges) == first
            assert edges[0]["node"]["checklist"][0]["sentBy"] == {"name": "役員"}
            assert edges[0]["node"]["exitInterview"]["reasons"] == ["CAREER_GROWTH", "PAY"]
            counts[first] = counter.count
    # token → membership, the page, the people (departing and senders), interviews, reasons
    assert counts == {5: 5, 30: 5}
