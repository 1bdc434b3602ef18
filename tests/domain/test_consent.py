"""The consent ledger and the gate, through the domain services against a real database."""

import asyncio
from datetime import UTC, datetime

import pytest
import time_machine

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor, ActorKind
from domain.common.errors import DomainError, DomainErrors
from domain.consent.gate import may_contact
from domain.consent.models import (
    AppendOnly,
    ConsentChannel,
    ConsentDecision,
    ConsentPurpose,
    ConsentRecord,
    ConsentSource,
)
from domain.consent.services import (
    consent_history,
    current_consents,
    record_consent,
    record_consent_as,
)
from domain.outbox.models import OutboxEvent
from domain.people.access import Viewer
from domain.people.models import AlumniProfile
from domain.people.services import archive_person, record_departure, update_person
from tests.factories import make_alumnus, make_employee, make_org

NEWSLETTER, EMAIL = ConsentPurpose.NEWSLETTER, ConsentChannel.EMAIL
GRANTED, WITHDRAWN = ConsentDecision.GRANTED, ConsentDecision.WITHDRAWN
HR_USER = Actor.user("5f0c7d3e-0000-4000-8000-000000000001")
IMPORT = Actor(ActorKind.IMPORT, "roster.xlsx")


async def written() -> dict[str, int]:
    return {
        "consent_record": await ConsentRecord.all().count(),
        "audit_event": await AuditEvent.filter(action__startswith="consent.").count(),
        "outbox_event": await OutboxEvent.filter(event_type="consent.changed").count(),
    }


@pytest.fixture
async def acme(database_url):
    org = await make_org("acme")
    other = await make_org("other", "株式会社アザー")
    alumnus = await make_alumnus(org, directory_listed=False)
    return org, other, alumnus


async def test_the_ledger_keeps_every_change_and_the_latest_is_current(acme):
    org, _, alumnus = acme
    first = await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    second = await record_consent(
        org, HR_USER, alumnus.id, "newsletter", "email", "withdrawn", "hr_on_persons_word", "電話"
    )
    third = await record_consent(
        org, Actor.user(alumnus.id), alumnus, NEWSLETTER, EMAIL, GRANTED, "self_service"
    )

    assert len({first.id, second.id, third.id}) == 3
    history = await consent_history(org.id, alumnus.id).order_by("-recorded_at", "-id")
    assert [(r.decision, r.source, r.note, r.recorded_by) for r in history] == [
        (GRANTED, ConsentSource.SELF_SERVICE, "", Actor.user(alumnus.id)),
        (WITHDRAWN, ConsentSource.HR_ON_PERSONS_WORD, "電話", HR_USER),
        (GRANTED, ConsentSource.IMPORT, "", IMPORT),
    ]
    assert history[0].recorded_at > history[1].recorded_at > history[2].recorded_at
    [current] = await current_consents(org.id, alumnus.id)
    assert (current.id, current.granted) == (third.id, True)
    audit = await AuditEvent.filter(subject_id=alumnus.id, action__startswith="consent.")
    assert sorted((a.action, a.changes["record_id"], a.actor_kind) for a in audit) == sorted(
        [
            ("consent.granted", str(first.id), ActorKind.IMPORT),
            ("consent.withdrawn", str(second.id), ActorKind.USER),
            ("consent.granted", str(third.id), ActorKind.USER),
        ]
    )
    changed = await OutboxEvent.filter(event_type="consent.changed").values_list(
        "payload", flat=True
    )
    assert sorted(p["record_id"] for p in changed) == sorted(
        str(r.id) for r in (first, second, third)
    )


async def test_recording_the_current_decision_again_writes_nothing(acme):
    org, _, alumnus = acme
    first = await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    before = await written()
    again = await record_consent(
        org, HR_USER, alumnus, NEWSLETTER, EMAIL, GRANTED, "offboarding_form", "再インポート"
    )
    assert again.id == first.id
    assert again.source == ConsentSource.IMPORT
    assert await written() == before


async def test_withdrawing_what_was_never_asked_is_recorded(acme):
    """Not asked and refused both mean no, but a refusal is a fact worth keeping."""
    org, _, alumnus = acme
    record = await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, WITHDRAWN, "import")
    assert [r.id for r in await current_consents(org.id, alumnus.id)] == [record.id]


async def test_the_gate(acme):
    org, other, alumnus = acme
    asked = [(p, c) for p in ConsentPurpose if p != "directory_listing" for c in ConsentChannel]
    for purpose, channel in asked:  # never asked: no
        assert not await may_contact(org.id, alumnus.id, purpose, channel)

    await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    allowed = {
        (p, c) for p, c in asked if await may_contact(org.id, alumnus.id, p, c)
    }  # only exactly that purpose on exactly that channel
    assert allowed == {(NEWSLETTER, EMAIL)}
    assert not await may_contact(other.id, alumnus.id, NEWSLETTER, EMAIL)

    await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, WITHDRAWN, "import")
    assert not await may_contact(org.id, alumnus.id, NEWSLETTER, EMAIL)

    await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    assert await may_contact(org.id, alumnus.id, NEWSLETTER, EMAIL)
    await archive_person(org, HR_USER, alumnus.id)  # a hidden duplicate is never contacted
    assert not await may_contact(org.id, alumnus.id, NEWSLETTER, EMAIL)

    with pytest.raises(ValueError, match="not a purpose of contacting"):
        await may_contact(org.id, alumnus.id, ConsentPurpose.DIRECTORY_LISTING, EMAIL)


async def test_the_gate_is_one_query(acme):
    from kizuna.diagnostics import count_statements

    org, _, alumnus = acme
    await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    with count_statements() as counter:
        assert await may_contact(org.id, alumnus.id, NEWSLETTER, EMAIL)
    assert counter.count == 1


async def test_the_latest_decision_wins_even_when_the_clock_stands_still(acme):
    org, _, alumnus = acme
    with time_machine.travel(datetime(2030, 4, 1, 9, 0, tzinfo=UTC), tick=False):
        await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
        await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, WITHDRAWN, "import")
    assert not await may_contact(org.id, alumnus.id, NEWSLETTER, EMAIL)
    [current] = await current_consents(org.id, alumnus.id)
    assert current.decision == WITHDRAWN


async def test_another_organizations_person_is_not_found_and_nothing_is_written(acme):
    _, other, alumnus = acme
    before = await written()
    with pytest.raises(DomainError) as refused:
        await record_consent(other, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    assert (refused.value.code, refused.value.field) == ("not_found", "person_id")
    assert await written() == before


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            ("gossip", "email", "granted", "import", None),
            [("invalid", "purpose")],
        ),
        (
            ("newsletter", "pigeon", "maybe", "rumour", None),
            [("invalid", "channel"), ("invalid", "decision"), ("invalid", "source")],
        ),
        (("newsletter", None, "granted", "import", None), [("channel_required", "channel")]),
        (
            ("directory_listing", "email", "granted", "import", None),
            [("channel_not_applicable", "channel")],
        ),
        (("newsletter", "email", "granted", "import", "x" * 1001), [("too_long", "note")]),
        (("newsletter", "email", "granted", "import", "a\x00b"), [("invalid", "note")]),
        (
            ("community", None, "granted", "import", "x" * 1001),
            [("channel_required", "channel"), ("too_long", "note")],
        ),
    ],
)
async def test_bad_values_are_refused_all_at_once_and_nothing_is_written(acme, values, expected):
    org, _, alumnus = acme
    purpose, channel, decision, source, note = values
    before = await written()
    with pytest.raises(DomainErrors) as refused:
        await record_consent(org, IMPORT, alumnus, purpose, channel, decision, source, note)
    assert [(e.code, e.field) for e in refused.value.errors] == expected
    assert await written() == before


async def test_a_note_of_exactly_the_limit_is_kept(acme):
    org, _, alumnus = acme
    note = "あ" * 1000
    record = await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import", note)
    assert (await ConsentRecord.get(id=record.id)).note == note


async def test_ledger_rows_cannot_be_changed_or_deleted(acme):
    org, _, alumnus = acme
    record = await record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
    record.decision = WITHDRAWN
    with pytest.raises(AppendOnly):
        await record.save()
    with pytest.raises(AppendOnly):
        await record.delete()
    assert (await ConsentRecord.get(id=record.id)).decision == GRANTED


async def test_two_identical_decisions_at_once_write_one_row(acme):
    org, _, alumnus = acme
    results = await asyncio.gather(
        *(
            record_consent(org, IMPORT, alumnus, NEWSLETTER, EMAIL, GRANTED, "import")
            for _ in range(5)
        )
    )
    assert len({r.id for r in results}) == 1
    assert await ConsentRecord.filter(person_id=alumnus.id).count() == 1


# --- directory listing follows the ledger ---------------------------------------------------


async def listed(person) -> bool:
    return (await AlumniProfile.get(person_id=person.id)).directory_listed


async def test_directory_listing_consent_sets_the_profile_flag(acme):
    org, _, alumnus = acme
    directory = ConsentPurpose.DIRECTORY_LISTING
    assert not await listed(alumnus)
    await record_consent(org, HR_USER, alumnus, directory, None, GRANTED, "offboarding_form")
    assert await listed(alumnus)
    await record_consent(org, HR_USER, alumnus, directory, None, WITHDRAWN, "hr_on_persons_word")
    assert not await listed(alumnus)


async def test_the_directory_listed_field_is_recorded_in_the_ledger(acme):
    org, _, _ = acme
    alumnus = await make_alumnus(org, directory_listed=True)  # a seed: source import
    [granted] = await current_consents(org.id, alumnus.id)
    assert (granted.purpose, granted.channel, granted.decision, granted.source) == (
        ConsentPurpose.DIRECTORY_LISTING,
        None,
        GRANTED,
        ConsentSource.IMPORT,
    )
    await update_person(org, HR_USER, alumnus.id, {}, {"directory_listed": False})
    history = await consent_history(org.id, alumnus.id).order_by("-recorded_at")
    assert [(r.decision, r.source) for r in history] == [
        (WITHDRAWN, ConsentSource.HR_ON_PERSONS_WORD),
        (GRANTED, ConsentSource.IMPORT),
    ]
    assert not await listed(alumnus)
    # A new profile that is not listed was not asked: nothing recorded.
    unlisted = await make_alumnus(org, directory_listed=False)
    assert await current_consents(org.id, unlisted.id) == []


async def test_a_profile_made_at_departure_starts_from_the_ledger(acme):
    org, _, _ = acme
    employee = await make_employee(org)
    await record_consent(
        org, HR_USER, employee, ConsentPurpose.DIRECTORY_LISTING, None, GRANTED, "offboarding_form"
    )
    await record_departure(org, HR_USER, employee.id, datetime(2024, 3, 31).date())
    assert await listed(employee)


# --- who may record what ---------------------------------------------------------------------


def viewer(org, role: Role, person=None) -> Viewer:
    return Viewer(
        organization_id=org.id, role=role, person_id=None if person is None else person.id
    )


async def test_an_alumnus_records_their_own_consent_as_self_service(acme):
    org, _, alumnus = acme
    me = viewer(org, Role.ALUMNUS, alumnus)
    record = await record_consent_as(
        org, me, Actor.user(alumnus.id), None, NEWSLETTER, EMAIL, GRANTED, None
    )
    assert (record.person_id, record.source) == (alumnus.id, ConsentSource.SELF_SERVICE)
    again = await record_consent_as(
        org, me, Actor.user(alumnus.id), alumnus.id, NEWSLETTER, EMAIL, WITHDRAWN, "self_service"
    )
    assert again.decision == WITHDRAWN


@pytest.mark.parametrize(
    ("role", "actor", "own", "source", "code"),
    [
        (Role.ALUMNUS, HR_USER, False, None, "not_found"),  # someone else: does not exist
        (Role.EXECUTIVE, HR_USER, False, "hr_on_persons_word", "not_found"),
        (Role.MANAGER, HR_USER, False, "hr_on_persons_word", "not_found"),
        (Role.ALUMNUS, HR_USER, True, "import", "invalid_source"),
        (Role.ALUMNUS, HR_USER, True, "hr_on_persons_word", "invalid_source"),
        (Role.HR, HR_USER, False, None, "invalid_source"),
        (Role.HR, HR_USER, False, "self_service", "invalid_source"),
        (Role.HR, HR_USER, False, "import", "invalid_source"),
        (Role.HR, HR_USER, False, "hris", "invalid_source"),
        (Role.HR, HR_USER, True, "hr_on_persons_word", "invalid_source"),  # own: self-service
    ],
)
async def test_refused_callers_and_sources_write_nothing(acme, role, actor, own, source, code):
    org, _, alumnus = acme
    other = await make_alumnus(org, directory_listed=False)
    caller = viewer(org, role, alumnus)
    before = await written()
    with pytest.raises(DomainError) as refused:
        await record_consent_as(
            org, caller, actor, alumnus.id if own else other.id, NEWSLETTER, EMAIL, GRANTED, source
        )
    assert refused.value.code == code
    assert await written() == before


@pytest.mark.parametrize(
    ("actor", "source"),
    [
        (HR_USER, "hr_on_persons_word"),
        (HR_USER, "offboarding_form"),
        (Actor(ActorKind.API_CLIENT, "app"), "hris"),
    ],
)
async def test_hr_records_someone_elses_consent(acme, actor, source):
    org, _, alumnus = acme
    hr = await make_employee(org)
    record = await record_consent_as(
        org, viewer(org, Role.HR, hr), actor, alumnus.id, NEWSLETTER, EMAIL, GRANTED, source
    )
    assert (record.person_id, record.source, record.recorded_by) == (alumnus.id, source, actor)
