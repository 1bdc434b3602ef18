"""personDataExport: everything held about a person, for hr, executives and the person."""

import pytest

from domain.audit.models import AuditEvent
from domain.identity.models import MagicLink, RefreshToken
from domain.people.models import Person
from resolvers import ids
from tests.api.privacy_world import (
    ADDRESS,
    LEFT_ON,
    O_VALUES,
    S_CANDIDATE,
    S_PROFILE,
    S_TEXT,
    build_world,
)
from tests.api.privacy_world import dumped as json_text
from tests.factories import gql, make_app_token

EXPORT = "query($id: ID!) { personDataExport(personId: $id) }"


@pytest.fixture
async def world(client):
    return await build_world()


async def export(client, world, who: str, whom: str = "s") -> dict:
    return await gql(client, EXPORT, {"id": world.gid(whom)}, world.tokens[who])


async def test_hr_gets_every_kind_of_data_held_about_the_person(client, world):
    body = await export(client, world, "hr")
    assert "errors" not in body, body
    held = body["data"]["personDataExport"]
    assert (held["formatVersion"], held["organization"]) == (
        1,
        {"name": "株式会社アクメ", "slug": "acme"},
    )
    assert held["exportedAt"].endswith("+00:00")
    person = held["person"]
    assert {k: person[k] for k in ("name", "nameKana", "personalEmail", "workEmail", "phone")} == {
        "name": "消去 太郎",
        "nameKana": "ショウキョ タロウ",
        "personalEmail": "taro.private@example.jp",
        "workEmail": "taro.work@acme.example",
        "phone": "+819055550101",
    }
    assert (person["status"], person["erasedAt"]) == ("alumnus", None)
    assert held["employmentPeriods"] == [
        {
            "hireDate": "2018-04-01",
            "leaveDate": LEFT_ON.isoformat(),
            "department": "エンジニアリング",
            "title": S_TEXT["title"],
            "manager": "上司 一郎",
            "employeeNumber": S_TEXT["employee_number"],
        }
    ]
    assert held["employeeNumbers"] == [S_TEXT["employee_number"]]
    profile = held["alumniProfile"]
    texts = ("currentCompany", "currentTitle", "location", "rehireNote", "note")
    assert {k: profile[k] for k in texts} == {
        "currentCompany": S_PROFILE["current_company"],
        "currentTitle": S_PROFILE["current_title"],
        "location": S_PROFILE["location"],
        "rehireNote": S_PROFILE["rehire_note"],
        "note": S_PROFILE["note"],
    }
    assert (profile["departedOn"], profile["rehireEligibility"]) == ("2025-03-31", "eligible")
    assert held["labels"] == {"skills": S_PROFILE["skills"], "tags": S_PROFILE["tags"]}
    [account] = held["accounts"]
    assert (account["email"], account["role"], account["passwordSet"]) == (
        "taro.private@example.jp",
        "alumnus",
        False,
    )
    methods = sorted(session["method"] for session in held["sessions"])
    assert methods == ["magic_link", "operator"]
    magic = next(s for s in held["sessions"] if s["method"] == "magic_link")
    assert magic["clientAddress"] == ADDRESS
    assert [sorted(t) for t in magic["refreshTokens"]] == [["createdAt", "expiresAt", "usedAt"]]
    [link] = held["magicLinks"]
    assert link["requestedFrom"] == ADDRESS and link["usedAt"] is not None
    assert held["appAuthorizations"] == []
    assert [
        (c["purpose"], c["channel"], c["decision"], c["source"], c["note"])
        for c in held["consents"]
    ] == [
        ("community", "email", "granted", "import", S_TEXT["consent_note"]),
        ("newsletter", "email", "granted", "offboarding_form", S_TEXT["consent_note"]),
    ]
    assert held["newsletterDeliveries"] == []
    [touchpoint] = held["touchpoints"]
    assert (touchpoint["kind"], touchpoint["note"]) == ("coffee", S_TEXT["touchpoint_note"])
    [offboarding] = held["offboardings"]
    assert (offboarding["leaveDate"], offboarding["source"], offboarding["status"]) == (
        "2025-03-31",
        "hr",
        "open",  # two checklist items are not done
    )
    assert offboarding["communityInvitationSentAt"] is not None
    assert offboarding["exitInterview"] | {"recordedAt": None} == {
        "reasons": ["career_growth", "pay"],
        "primaryReason": "career_growth",
        "freeText": S_TEXT["free_text"],
        "comeBackLikelihood": 7,
        "feedbackEscalated": True,
        "recordedAt": None,
    }
    assert offboarding["hrisReports"] == []
    assert held["hrisEmployeeIds"] == [{"provider": "hibob", "employeeId": S_TEXT["hris_id"]}]
    actions = [event["action"] for event in held["auditEvents"]]
    for action in (
        "person.created",
        "person.hris_id_changed",
        "offboarding.started",
        "exit_interview.recorded",
        "person.updated",
        "consent.granted",
        "touchpoint.logged",
        "membership.created",
        "session.started",
    ):
        assert action in actions, action
    assert "person.exported" not in actions  # the export's own row is written after it


async def test_the_export_holds_nothing_of_others_and_no_secrets(client, world):
    body = await export(client, world, "hr")
    text = json_text(body["data"]["personDataExport"])
    for value in [*O_VALUES, "他社 次郎", "jiro@beta.example", "人事 花子"]:
        assert value not in text, value
    secrets = [link.token_hash for link in await MagicLink.all()]
    secrets += [token.token_hash for token in await RefreshToken.all()]
    assert secrets and not [secret for secret in secrets if secret in text]
    for key in ("passwordHash", "tokenHash", "codeHash", "secretHash", "codeChallenge"):
        assert key not in text


@pytest.mark.parametrize(("who", "own"), [("hr", False), ("executive", False), ("s", True)])
async def test_the_export_is_audited_without_personal_data(client, world, who, own):
    body = await export(client, world, who)
    assert body["data"]["personDataExport"]["person"]["name"] == "消去 太郎"
    [event] = await AuditEvent.filter(action="person.exported")
    actor = ("user", str(world.memberships[who].user_id))
    assert (event.subject_type, event.subject_id) == ("person", world.s.id)
    assert (event.actor_kind, event.actor_id) == actor
    assert event.changes == {"format_version": 1, "own": own}


async def test_an_employee_exports_their_own_data(client, world):
    employee = world.memberships["employee"]
    own_id = ids.encode("Person", employee.person_id)
    body = await gql(client, EXPORT, {"id": own_id}, world.tokens["employee"])
    held = body["data"]["personDataExport"]
    assert held["person"]["id"] == str(employee.person_id)
    assert [account["role"] for account in held["accounts"]] == ["employee"]


@pytest.mark.parametrize(
    ("who", "whom", "code"),
    [
        ("manager", "s", "FORBIDDEN"),  # their former report: still not theirs to export
        ("employee", "s", "FORBIDDEN"),
        ("o", "s", "FORBIDDEN"),  # another alumnus
        ("s", "o", "FORBIDDEN"),
        ("s", "b", "FORBIDDEN"),  # the same answer whether or not the id exists here
        ("other_hr", "s", "NOT_FOUND"),
        ("hr", "b", "NOT_FOUND"),
        ("anonymous", "s", "UNAUTHENTICATED"),
    ],
)
async def test_who_may_not_export_gets_an_error_and_nothing_is_audited(
    client, world, who, whom, code
):
    body = await export(client, world, who, whom)
    assert body["data"] is None, body
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["personDataExport"], code)
    ]
    assert await AuditEvent.filter(action="person.exported").count() == 0


@pytest.mark.parametrize("scopes", [["alumni:read"], ["alumni:read", "alumni:write"]])
async def test_partner_apps_never_export(client, world, scopes):
    token = await make_app_token(world.org, scopes, world.memberships["hr"])
    body = await gql(client, EXPORT, {"id": world.gid("s")}, token)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await AuditEvent.filter(action="person.exported").count() == 0


async def test_a_referral_naming_them_as_candidate_is_theirs_without_the_referrer(client, world):
    held = (await export(client, world, "s"))["data"]["personDataExport"]
    [referred] = held["referredAsCandidate"]
    assert referred | {"submittedAt": None, "stages": None} == {
        "opening": "バックエンドエンジニア",
        "name": S_CANDIDATE["name"],
        "nameKana": S_CANDIDATE["name_kana"],
        "email": "taro.private@example.jp",  # matched as stored: normalised
        "phone": "+819055550101",
        "resumeUrl": S_CANDIDATE["resume_url"],
        "note": S_CANDIDATE["note"],
        "stage": "submitted",
        "rejectionReason": "",
        "submittedAt": None,
        "stages": None,
    }
    assert referred["stages"] == [{"stage": "submitted", "at": referred["submittedAt"]}]
    referrer = await Person.get(id=world.memberships["employee"].person_id)
    text = json_text(held)
    for value in (referrer.name, str(referrer.id), S_CANDIDATE["relationship"]):
        assert value not in text, value
    assert held["referralsMade"] == []
    others = (await export(client, world, "hr", "o"))["data"]["personDataExport"]
    assert others["referredAsCandidate"] == []
