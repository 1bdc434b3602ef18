"""Off-boarding services: who may start, the departure it records, the flip to alumnus on
the leave date through the real worker, cancelling, the checklist and the derived status."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from domain.accounts.models import Membership, Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor, ActorKind
from domain.common.errors import DomainError, DomainErrors
from domain.offboarding.error_codes import MESSAGES, OffboardingErrorCode
from domain.offboarding.interviews import InterviewDraft, validated
from domain.offboarding.models import ChecklistItem, Offboarding, OffboardingSource
from domain.offboarding.models import OffboardingStatus as Status
from domain.offboarding.services import (
    OffboardingAlreadyStarted,
    cancel_offboarding,
    check_off,
    start_offboarding,
)
from domain.offboarding.status import having_status, status_of
from domain.outbox.models import OutboxEvent
from domain.outbox.runner import run_until_idle
from domain.people.access import Viewer
from domain.people.models import AlumniProfile, EmploymentPeriod, Person, PersonStatus
from kizuna.worker import build_registry
from tests.factories import make_alumnus, make_employee, make_member, make_org

NOW = datetime(2030, 4, 10, 3, 0, tzinfo=UTC)  # 12:00 on 10 April in Tokyo
LEAVE = date(2030, 4, 30)
LEAVE_STARTS = datetime(2030, 4, 29, 15, 0, tzinfo=UTC)  # 2030-04-30 00:00 JST
HR_ACTOR = Actor(ActorKind.USER, "hr-user")


@pytest.fixture
async def team(database_url):
    """Org A: a manager, their report (who signs in as an employee), another manager, an
    executive, hr; org B exists beside it."""
    org = await make_org("acme")
    await make_org("other", "株式会社アザー")
    manager = await make_employee(org, name="上司")
    other_manager = await make_employee(org, name="別の上司")
    executive = await make_employee(org, name="役員")
    report = await make_employee(
        org, name="部下", manager_id=manager.id, hire_date=date(2020, 4, 1)
    )
    membership, _ = await make_member(org, Role.EMPLOYEE, report)
    await make_member(org, Role.EXECUTIVE, executive)

    def viewer(role: Role, person: Person | None = None) -> Viewer:
        return Viewer(org.id, role, None if person is None else person.id)

    return {
        "org": org,
        "report": report,
        "membership": membership,
        "manager": manager,
        "executive": executive,
        "hr": viewer(Role.HR),
        "as_manager": viewer(Role.MANAGER, manager),
        "as_other_manager": viewer(Role.MANAGER, other_manager),
        "as_executive": viewer(Role.EXECUTIVE, executive),
        "as_employee": viewer(Role.EMPLOYEE, report),
    }


async def counts() -> dict[str, int]:
    return {
        "offboarding": await Offboarding.all().count(),
        "open periods": await EmploymentPeriod.filter(leave_date=None).count(),
        "profiles": await AlumniProfile.all().count(),
        "outbox": await OutboxEvent.all().count(),
        "audit": await AuditEvent.all().count(),
    }


async def start(team, viewer_key="hr", leave=LEAVE, source=OffboardingSource.HR):
    return await start_offboarding(
        team["org"], HR_ACTOR, team["report"].id, leave, source, team[viewer_key]
    )


async def test_hr_starts_and_the_person_becomes_an_alumnus_on_the_leave_date(team):
    with time_machine.travel(NOW, tick=False) as traveller:
        offboarding = await start(team)
        assert (offboarding.leave_date, offboarding.source) == (LEAVE, OffboardingSource.HR)
        assert offboarding.created_by == HR_ACTOR
        period = await EmploymentPeriod.get(person_id=team["report"].id)
        assert (period.leave_date, offboarding.employment_period_id) == (LEAVE, period.id)
        events = (
            await OutboxEvent.filter(organization_id=team["org"].id)
            .exclude(event_type="person.created")
            .values_list("event_type", flat=True)
        )
        assert sorted(events) == [
            "offboarding.started",
            "person.departed",
            "person.departure_effective",
        ]
        audit = await AuditEvent.filter(subject_id=offboarding.id).values_list("action", "changes")
        assert audit == [("offboarding.started", {"leave_date": "2030-04-30", "source": "hr"})]

        await run_until_idle(build_registry(), "before")
        person = await Person.get(id=team["report"].id)
        assert person.status == PersonStatus.EMPLOYEE
        traveller.move_to(LEAVE_STARTS)
        assert await run_until_idle(build_registry(), "on-the-day") == 1
    person = await Person.get(id=team["report"].id)
    role = (await Membership.get(id=team["membership"].id)).role
    assert (person.status, role) == (PersonStatus.ALUMNUS, Role.ALUMNUS)


async def test_starting_twice_answers_the_standing_offboarding_and_writes_nothing(team):
    with time_machine.travel(NOW, tick=False):
        first = await start(team)
        before = await counts()
        with pytest.raises(OffboardingAlreadyStarted) as again:
            await start(
                team, "as_manager", leave=date(2030, 5, 31), source=OffboardingSource.MANAGER
            )
    assert again.value.offboarding.id == first.id
    assert again.value.code == "already_started"
    assert await counts() == before


async def test_the_current_manager_may_start(team):
    with time_machine.travel(NOW, tick=False):
        offboarding = await start(team, "as_manager", source=OffboardingSource.MANAGER)
    assert offboarding.source == OffboardingSource.MANAGER


@pytest.mark.parametrize(
    ("viewer_key", "source"),
    [
        ("as_other_manager", OffboardingSource.MANAGER),
        ("as_executive", OffboardingSource.HR),
        ("as_employee", OffboardingSource.MANAGER),
        ("as_manager", OffboardingSource.HR),  # a manager cannot pass as hr
        ("hr", OffboardingSource.HRIS),  # nor hr as an HR system
    ],
)
async def test_anyone_else_is_answered_not_found_and_nothing_is_written(team, viewer_key, source):
    before = await counts()
    with time_machine.travel(NOW, tick=False), pytest.raises(DomainError) as refused:
        await start(team, viewer_key, source=source)
    assert (refused.value.code, refused.value.field) == ("not_found", "person_id")
    assert await counts() == before


async def test_another_organizations_person_is_not_found(team):
    other = await make_org("third", "株式会社サード")
    stranger = await make_employee(other)
    with pytest.raises(DomainError) as refused:
        await start_offboarding(
            team["org"], HR_ACTOR, stranger.id, LEAVE, OffboardingSource.HR, team["hr"]
        )
    assert refused.value.code == "not_found"


async def test_a_leave_date_before_the_hire_date_is_refused(team):
    before = await counts()
    with pytest.raises(DomainError) as refused:
        await start(team, leave=date(2020, 3, 31))
    assert (refused.value.code, refused.value.field) == ("leave_before_hire", "leave_date")
    assert await counts() == before


async def test_an_alumnus_has_no_open_employment(team):
    alumnus = await make_alumnus(team["org"])
    with pytest.raises(DomainError) as refused:
        await start_offboarding(
            team["org"], HR_ACTOR, alumnus.id, LEAVE, OffboardingSource.HR, team["hr"]
        )
    assert refused.value.code == "not_employed"


async def test_cancelling_before_the_leave_date_undoes_the_departure(team):
    with time_machine.travel(NOW, tick=False) as traveller:
        offboarding = await start(team)
        cancelled = await cancel_offboarding(team["org"], HR_ACTOR, offboarding.id, team["hr"])
        assert status_of(cancelled, LEAVE) == Status.CANCELLED
        assert cancelled.cancelled_by == "user:hr-user"
        assert (await EmploymentPeriod.get(person_id=team["report"].id)).leave_date is None
        assert not await AlumniProfile.exists(person_id=team["report"].id)
        # The scheduled flip runs on the old leave date and finds nothing to do.
        traveller.move_to(LEAVE_STARTS)
        await run_until_idle(build_registry(), "w")
        assert (await Person.get(id=team["report"].id)).status == PersonStatus.EMPLOYEE
        # A new off-boarding may start for the same period.
        again = await start(team, leave=date(2030, 6, 30))
    assert again.id != offboarding.id
    assert again.employment_period_id == offboarding.employment_period_id


async def test_cancelling_a_rehires_departure_restores_the_earlier_one(team):
    rehired = await make_alumnus(team["org"], leave_date=date(2020, 3, 31))
    await EmploymentPeriod.create(
        organization_id=team["org"].id,
        person_id=rehired.id,
        hire_date=date(2024, 4, 1),
        created_by_kind=ActorKind.SYSTEM,
        updated_by_kind=ActorKind.SYSTEM,
    )
    with time_machine.travel(NOW, tick=False):
        offboarding = await start_offboarding(
            team["org"], HR_ACTOR, rehired.id, LEAVE, OffboardingSource.HR, team["hr"]
        )
        assert (await AlumniProfile.get(person_id=rehired.id)).departed_on == LEAVE
        await cancel_offboarding(team["org"], HR_ACTOR, offboarding.id, team["hr"])
    assert (await AlumniProfile.get(person_id=rehired.id)).departed_on == date(2020, 3, 31)


async def test_cancelling_on_the_leave_date_is_refused(team):
    with time_machine.travel(NOW, tick=False) as traveller:
        offboarding = await start(team)
        traveller.move_to(LEAVE_STARTS)
        before = await counts()
        with pytest.raises(DomainError) as refused:
            await cancel_offboarding(team["org"], HR_ACTOR, offboarding.id, team["hr"])
    assert refused.value.code == "leave_date_passed"
    assert await counts() == before


async def test_other_managers_and_executives_cannot_cancel(team):
    with time_machine.travel(NOW, tick=False):
        offboarding = await start(team)
        for viewer_key in ("as_other_manager", "as_executive"):
            with pytest.raises(DomainError) as refused:
                await cancel_offboarding(team["org"], HR_ACTOR, offboarding.id, team[viewer_key])
            assert refused.value.code == "not_found"
        cancelled = await cancel_offboarding(
            team["org"], HR_ACTOR, offboarding.id, team["as_manager"]
        )
    assert cancelled.cancelled_at == NOW


async def test_the_status_completes_when_every_item_is_done_and_the_leave_date_came(team):
    org = team["org"]
    with time_machine.travel(NOW, tick=False) as traveller:
        offboarding = await start(team)
        await check_off(
            org, HR_ACTOR, offboarding.id, ChecklistItem.POSITIVE_MESSAGE, team["as_manager"]
        )
        await check_off(org, HR_ACTOR, offboarding.id, ChecklistItem.CONSENT_ASKED, team["hr"])
        done = await check_off(
            org, HR_ACTOR, offboarding.id, ChecklistItem.COMMUNITY_INVITATION, team["hr"]
        )
        assert done.positive_message_sender_id == team["manager"].id
        assert done.consent_asked_at == NOW
        assert done.consent_asked_recorded_by == "user:hr-user"
        assert status_of(done, LEAVE - timedelta(days=1)) == Status.OPEN
        assert status_of(done, LEAVE) == Status.COMPLETED
        for today, expected in (
            (LEAVE - timedelta(days=1), Status.OPEN),
            (LEAVE, Status.COMPLETED),
        ):
            for status in Status:
                found = await Offboarding.filter(having_status(status, today)).count()
                assert found == (1 if status == expected else 0), (today, status)
        traveller.shift(timedelta(minutes=1))
        with pytest.raises(DomainError) as again:
            await check_off(org, HR_ACTOR, offboarding.id, ChecklistItem.CONSENT_ASKED, team["hr"])
    assert (again.value.code, again.value.field) == ("already_done", "item")


@pytest.mark.parametrize(
    ("viewer_key", "sender_key", "code"),
    [
        ("hr", None, "sender_required"),  # hr records on someone's behalf: say whose
        ("hr", "report", "sender_not_allowed"),
        ("as_other_manager", None, "not_found"),  # not their report
        ("as_employee", None, "not_found"),
    ],
)
async def test_the_positive_message_comes_from_the_manager_or_an_executive(
    team, viewer_key, sender_key, code
):
    with time_machine.travel(NOW, tick=False):
        offboarding = await start(team)
        before = await counts()
        with pytest.raises(DomainError) as refused:
            await check_off(
                team["org"],
                HR_ACTOR,
                offboarding.id,
                ChecklistItem.POSITIVE_MESSAGE,
                team[viewer_key],
                None if sender_key is None else team[sender_key].id,
            )
    assert refused.value.code == code
    assert await counts() == before
    assert (await Offboarding.get(id=offboarding.id)).positive_message_sent_at is None


@pytest.mark.parametrize("sender_key", ["executive", "manager"])
async def test_hr_records_a_positive_message_from_an_executive_or_the_manager(team, sender_key):
    with time_machine.travel(NOW, tick=False):
        offboarding = await start(team)
        done = await check_off(
            team["org"],
            HR_ACTOR,
            offboarding.id,
            ChecklistItem.POSITIVE_MESSAGE,
            team["hr"],
            team[sender_key].id,
        )
    assert done.positive_message_sender_id == team[sender_key].id


def test_an_interview_draft_reports_every_problem_at_once():
    with pytest.raises(DomainErrors) as refused:
        validated(
            InterviewDraft(
                reasons=["pay", "boredom"],
                primary_reason="family",
                free_text="x" * 4001,
                come_back_likelihood=11,
            )
        )
    assert [(e.code, e.field) for e in refused.value.errors] == [
        ("invalid_reason", "reasons"),
        ("primary_reason_not_given", "primary_reason"),
        ("too_long", "free_text"),
        ("out_of_range", "come_back_likelihood"),
    ]


def test_an_interview_draft_needs_a_reason_and_keeps_each_once():
    with pytest.raises(DomainErrors) as refused:
        validated(InterviewDraft(reasons=[], primary_reason="pay", come_back_likelihood=-1))
    assert [(e.code, e.field) for e in refused.value.errors] == [
        ("reasons_required", "reasons"),
        ("out_of_range", "come_back_likelihood"),
    ]
    answers = validated(InterviewDraft(reasons=["pay", "study", "pay"], primary_reason="study"))
    assert (answers.reasons, answers.primary_reason) == (["pay", "study"], "study")


def test_every_error_code_has_a_message():
    assert set(MESSAGES) == set(OffboardingErrorCode)
    assert all(message.endswith(".") for message in MESSAGES.values())
