"""Touchpoints move the last touchpoint only forward; nudges are chosen in the database."""

import asyncio
from datetime import datetime, timedelta
from uuid import uuid4

import pytest

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common import clock
from domain.common.errors import DomainError, DomainErrors
from domain.common.paging import Position
from domain.consent.models import ConsentChannel, ConsentDecision, ConsentPurpose, ConsentSource
from domain.consent.services import record_consent
from domain.people.access import Viewer
from domain.people.models import AlumniProfile, RehireEligibility
from domain.touchpoints.models import Touchpoint, TouchpointKind
from domain.touchpoints.queries import nudge_candidates, nudges_page
from domain.touchpoints.services import log_touchpoint
from tests.factories import SEED, make_alumnus, make_employee, make_org


def hr_viewer(org) -> Viewer:
    return Viewer(organization_id=org.id, role=Role.HR, person_id=None)


async def last_touchpoint(person) -> datetime | None:
    return (await AlumniProfile.get(person_id=person.id)).last_touchpoint_at


async def test_a_backdated_touchpoint_does_not_move_the_last_one_back(database_url):
    org = await make_org()
    alumnus = await make_alumnus(org)
    recent = clock.now() - timedelta(days=2)
    await log_touchpoint(org, hr_viewer(org), SEED, alumnus.id, "coffee", recent, "近況")
    await log_touchpoint(
        org, hr_viewer(org), SEED, alumnus.id, TouchpointKind.CALL, recent - timedelta(days=30)
    )
    assert await last_touchpoint(alumnus) == recent
    assert await Touchpoint.filter(person_id=alumnus.id).count() == 2
    actions = await AuditEvent.filter(
        subject_id=alumnus.id, action="touchpoint.logged"
    ).values_list("changes", flat=True)
    assert sorted(change["last_touchpoint_moved"] for change in actions) == [False, True]


async def test_two_touchpoints_at_once_end_at_the_later(database_url):
    org = await make_org()
    alumnus = await make_alumnus(org)
    later = clock.now() - timedelta(hours=1)
    earlier = later - timedelta(days=3)
    for _ in range(3):
        await asyncio.gather(
            log_touchpoint(org, hr_viewer(org), SEED, alumnus.id, "message", later),
            log_touchpoint(org, hr_viewer(org), SEED, alumnus.id, "meeting", earlier),
        )
        assert await last_touchpoint(alumnus) == later


async def test_another_organizations_person_is_not_found_and_nothing_is_written(database_url):
    org, other = await make_org(), await make_org("other", "株式会社アザー")
    stranger = await make_alumnus(other)
    employee = await make_employee(org)
    for person in (stranger, employee):  # another org's alumnus; not an alumnus at all
        with pytest.raises(DomainError) as refused:
            await log_touchpoint(org, hr_viewer(org), SEED, person.id, "call", clock.now())
        assert (refused.value.code, refused.value.field) == ("not_found", "person_id")
    assert await Touchpoint.all().count() == 0
    assert await AuditEvent.filter(action="touchpoint.logged").count() == 0
    assert await last_touchpoint(stranger) is None


async def test_managers_log_only_for_their_former_reports(database_url):
    org = await make_org()
    manager = await make_employee(org)
    report = await make_alumnus(org, manager_id=manager.id)
    someone_else = await make_alumnus(org)
    viewer = Viewer(organization_id=org.id, role=Role.MANAGER, person_id=manager.id)
    await log_touchpoint(org, viewer, SEED, report.id, "coffee", clock.now())
    with pytest.raises(DomainError) as refused:
        await log_touchpoint(org, viewer, SEED, someone_else.id, "coffee", clock.now())
    assert refused.value.code == "not_found"
    assert await Touchpoint.all().values_list("person_id", flat=True) == [report.id]


async def test_bad_input_is_refused_field_by_field(database_url):
    org = await make_org()
    alumnus = await make_alumnus(org)
    with pytest.raises(DomainErrors) as refused:
        await log_touchpoint(
            org,
            hr_viewer(org),
            SEED,
            alumnus.id,
            "fax",
            clock.now() + timedelta(minutes=10),
            "あ" * 2001,
        )
    assert [(e.field, e.code) for e in refused.value.errors] == [
        ("kind", "invalid"),
        ("happened_at", "in_the_future"),
        ("note", "too_long"),
    ]
    # A device clock a little ahead is still now; exactly 2000 characters fit.
    await log_touchpoint(
        org,
        hr_viewer(org),
        SEED,
        alumnus.id,
        "call",
        clock.now() + timedelta(minutes=2),
        "あ" * 2000,
    )
    assert await Touchpoint.all().count() == 1


async def consent(org, person, decision=ConsentDecision.GRANTED, channel=ConsentChannel.EMAIL):
    await record_consent(
        org, SEED, person, ConsentPurpose.COMMUNITY, channel, decision, ConsentSource.IMPORT
    )


async def test_nudges_are_chosen_and_ordered_in_the_database(database_url):
    org = await make_org()
    other = await make_org("other", "株式会社アザー")
    now = clock.now()
    hr = hr_viewer(org)

    async def alumnus(name, touched_days_ago=None, **overrides):
        person = await make_alumnus(org, name=name, **overrides)
        await consent(org, person)
        if touched_days_ago is not None:
            await log_touchpoint(
                org, hr, SEED, person.id, "coffee", now - timedelta(days=touched_days_ago)
            )
        return person

    never_a = await alumnus("一度もない A")
    never_b = await alumnus("一度もない B")
    old = await alumnus("二年前", 730)
    conditional = await alumnus("百日前", 100, rehire_eligibility=RehireEligibility.CONDITIONAL)
    await alumnus("先月", 30)  # recent: excluded
    await alumnus("対象外", rehire_eligibility=RehireEligibility.NOT_ELIGIBLE)
    await make_alumnus(org, name="同意なし")  # never asked
    withdrawn = await alumnus("撤回")
    await consent(org, withdrawn, ConsentDecision.WITHDRAWN)
    phone_only = await make_alumnus(org, name="電話だけ")
    await consent(org, phone_only, channel=ConsentChannel.PHONE)
    regranted = await alumnus("再同意")
    await consent(org, regranted, ConsentDecision.WITHDRAWN)
    await consent(org, regranted, ConsentDecision.GRANTED)
    stranger = await make_alumnus(other, name="他社")
    await consent(other, stranger)

    nudges, more = await nudges_page(hr, 90, 100, None)
    never = sorted([never_a, never_b, regranted], key=lambda p: p.id)
    assert [n.profile.person_id for n in nudges] == [*(p.id for p in never), old.id, conditional.id]
    assert not more
    assert [n.days_since_last_touchpoint for n in nudges] == [None, None, None, 730, 100]
    assert [n.last_touchpoint_kind for n in nudges] == [None, None, None, "coffee", "coffee"]

    # Pages continue by keyset across the never-contacted boundary.
    seen, after = [], None
    while True:
        page, more = await nudges_page(hr, 90, 2, after)
        seen += [n.profile.person_id for n in page]
        if not more:
            break
        after = Position(page[-1].profile.last_touchpoint_at, page[-1].profile.person_id)
    assert seen == [n.profile.person_id for n in nudges]

    # A shorter silence brings in last month's touchpoint.
    assert len((await nudges_page(hr, 29, 100, None))[0]) == 6


async def test_a_manager_is_nudged_only_about_former_reports(database_url):
    org = await make_org()
    manager = await make_employee(org)
    report = await make_alumnus(org, manager_id=manager.id, directory_listed=True)
    await consent(org, report)
    listed = await make_alumnus(org, directory_listed=True)
    await consent(org, listed)
    viewer = Viewer(organization_id=org.id, role=Role.MANAGER, person_id=manager.id)
    nudges, _ = await nudges_page(viewer, 90, 100, None)
    assert [n.profile.person_id for n in nudges] == [report.id]
    nobody = Viewer(organization_id=org.id, role=Role.MANAGER, person_id=None)
    assert (await nudges_page(nobody, 90, 100, None))[0] == []


def test_days_out_of_range_are_refused():
    viewer = Viewer(organization_id=uuid4(), role=Role.HR, person_id=None)
    for days in (0, 3651):
        with pytest.raises(ValueError):
            nudge_candidates(viewer, days)
