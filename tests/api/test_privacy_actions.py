"""What a former hr user did to other people is the others' data: their export says only
that they acted and when, and erasing them keeps the others' audit details."""

from domain.accounts.models import Role
from domain.audit.models import AuditEvent
from domain.common.actors import Actor
from domain.consent.services import record_consent
from domain.hris.models import HrisProvider
from domain.hris.services import set_employee_id
from domain.privacy.services import erase_person
from resolvers import ids
from tests.api.privacy_world import dumped
from tests.factories import SEED, gql, make_alumnus, make_member, make_org

EXPORT = "query($id: ID!) { personDataExport(personId: $id) }"
OTHERS_HRIS_ID = "HB-OTHER-4242"
OTHERS_NOTE = "本人の電話で確認した他人の同意"


async def _former_hr_acted_on_another():
    org = await make_org()
    former = await make_alumnus(org, name="元人事 一子")
    membership, token = await make_member(org, Role.HR, former)
    other = await make_alumnus(org, name="他人 三郎")
    acting = Actor.user(membership.user_id)
    await set_employee_id(org.id, acting, other.id, HrisProvider.HIBOB, OTHERS_HRIS_ID)
    await record_consent(
        org, acting, other, "newsletter", "email", "granted", "offboarding_form", OTHERS_NOTE
    )
    return org, former, other, token


async def test_the_export_lists_actions_on_others_without_their_details(client):
    _, former, other, token = await _former_hr_acted_on_another()
    body = await gql(client, EXPORT, {"id": ids.encode("Person", former.id)}, token)
    held = body["data"]["personDataExport"]
    assert [(a["action"], sorted(a)) for a in held["actionsTaken"]] == [
        ("person.hris_id_changed", ["action", "createdAt"]),
        ("consent.granted", ["action", "createdAt"]),
    ]
    text = dumped(held)
    for value in (str(other.id), OTHERS_HRIS_ID, OTHERS_NOTE, "他人 三郎"):
        assert value not in text, value


async def test_erasing_them_keeps_the_audit_details_about_others(client):
    org, former, other, _ = await _former_hr_acted_on_another()
    about_other = AuditEvent.filter(subject_id=other.id).order_by("created_at")
    before = [(e.action, e.changes) for e in await about_other]
    assert len(before) >= 2 and any(OTHERS_HRIS_ID in dumped(c) for _, c in before)

    await erase_person(org, SEED, former.id, confirm=True)

    assert [(e.action, e.changes) for e in await about_other] == before
    about_them = AuditEvent.filter(subject_id=former.id).exclude(action="person.erased")
    assert {dumped(e.changes) for e in await about_them} == {'{"erased": true}'}
