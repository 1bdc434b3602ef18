"""A roster's 退職理由 as an imported exit interview of the person's last departure.

The reasons are the words HR rosters use, found in the text (after NFKC, so width does not
matter), in the order they appear; the first is the primary reason. Text naming none of them
is OTHER. The text itself is kept as the interview's free text, so nothing HR wrote is lost
to the mapping, and a re-import compares it to tell whether the reason changed.

The off-boarding is history, not a departure to work through: source IMPORT, no checklist,
completed once its leave date has come (domain.offboarding.status), and no outbox events.
"""

import unicodedata
from collections.abc import Iterable
from uuid import UUID

from domain.common import clock
from domain.common.actors import Actor, ActorKind
from domain.common.bulk import insert_rows, update_rows
from domain.common.ids import ordered_id
from domain.offboarding.models import (
    ExitInterview,
    ExitInterviewReason,
    ExitReason,
    Offboarding,
    OffboardingSource,
)
from domain.roster.planning import LeaveReason

WORDS: dict[ExitReason, tuple[str, ...]] = {
    ExitReason.CAREER_GROWTH: ("キャリア", "転職", "スキルアップ"),
    ExitReason.PAY: ("給与", "給料", "年収", "待遇"),
    ExitReason.RELATIONSHIPS: ("人間関係",),
    ExitReason.EVALUATION: ("評価",),
    ExitReason.FAMILY: ("家庭", "家族", "介護", "結婚", "出産", "育児"),
    ExitReason.RELOCATION: ("転居", "引越", "引っ越", "移住"),
    ExitReason.HEALTH: ("体調", "健康", "病気", "療養"),
    ExitReason.STARTING_A_BUSINESS: ("起業", "独立"),
    ExitReason.STUDY: ("進学", "留学", "学業"),
}

OTHER_WORD = "その他"  # names none of the reasons: OTHER


def exit_reasons(text: str) -> list[ExitReason]:
    """The reasons `text` names, first-named first; [OTHER] when it names none."""
    text = unicodedata.normalize("NFKC", text)
    first_seen: dict[ExitReason, int] = {}
    for reason, words in WORDS.items():
        places = [at for word in words if (at := text.find(word)) >= 0]
        if places:
            first_seen[reason] = min(places)
    return sorted(first_seen, key=first_seen.__getitem__) or [ExitReason.OTHER]


async def record_leave_reasons(
    organization_id: UUID, actor: Actor, leave_reasons: list[tuple[UUID | str, LeaveReason]]
) -> None:
    """Imported off-boardings with their exit interviews, and the import's earlier
    interviews answered again: a fixed number of statements, whatever their number."""
    org, now = str(organization_id), clock.now()
    # Two rows naming one person: the later one's reason stands, as for their other values.
    latest = {reason.interview_id or reason.period_id: (person, reason)
              for person, reason in leave_reasons}  # fmt: skip
    stamp = {"updated_by_kind": actor.kind, "updated_by_id": actor.id}
    created = {**stamp, "created_by_kind": actor.kind, "created_by_id": actor.id}
    offboardings, interviews, replaced, reasons = [], [], [], []
    for person_id, leave_reason in latest.values():
        given = exit_reasons(leave_reason.text)
        answers = {
            **stamp,
            "primary_reason": given[0],
            "free_text": leave_reason.text,
            "recorded_at": now,
            "recorded_by": actor.label,
        }
        interview_id = leave_reason.interview_id
        if interview_id is None:
            offboarding_id, interview_id = ordered_id(), ordered_id()
            offboardings.append(
                {
                    **created,
                    "id": offboarding_id,
                    "organization_id": org,
                    "person_id": person_id,
                    "employment_period_id": leave_reason.period_id,
                    "leave_date": leave_reason.leave_date,
                    "source": OffboardingSource.IMPORT,
                    "standing_period_id": leave_reason.period_id,
                }
            )
            interviews.append(
                {**created, **answers, "id": interview_id, "organization_id": org,
                 "offboarding_id": offboarding_id}
            )  # fmt: skip
        else:
            replaced.append({**answers, "id": interview_id})
        reasons.extend(
            {"id": ordered_id(), "organization_id": org, "interview_id": interview_id,
             "reason": reason}
            for reason in given
        )  # fmt: skip
    await insert_rows(Offboarding, offboardings)
    await insert_rows(ExitInterview, interviews)
    await update_rows(ExitInterview, "id", replaced)
    if replaced:
        await ExitInterviewReason.filter(
            interview_id__in=[answers["id"] for answers in replaced]
        ).delete()
    await insert_rows(ExitInterviewReason, reasons)


def reason_words(reasons: Iterable[ExitReason]) -> str:
    """Reasons recorded in Kizuna as the words exit_reasons reads back as the same reasons in
    the same order: [PAY, HEALTH] is 「給与、体調」. OTHER is a word only alone: next to
    other reasons, the roster has no way to say it."""
    return "、".join(WORDS[reason][0] for reason in reasons if reason in WORDS) or OTHER_WORD


async def leave_reason_texts(period_ids: list[UUID]) -> dict[UUID, str]:
    """The 退職理由 of each of these employment periods that has a standing off-boarding
    with an exit interview: the text an import recorded, or the reasons hr recorded as
    words (the primary first). Three queries, whatever the number of periods."""
    standing = dict(
        await Offboarding.filter(standing_period_id__in=period_ids).values_list(
            "id", "standing_period_id"
        )
    )
    interviews = await ExitInterview.filter(offboarding_id__in=list(standing)).values_list(
        "id", "offboarding_id", "free_text", "updated_by_kind", "primary_reason"
    )
    # Whether an import recorded the interview last, as the importer tells it.
    recorded = [row for row in interviews if row[3] != ActorKind.IMPORT]
    given: dict[UUID, set[ExitReason]] = {}
    for interview_id, reason in await ExitInterviewReason.filter(
        interview_id__in=[row[0] for row in recorded]
    ).values_list("interview_id", "reason"):
        given.setdefault(interview_id, set()).add(ExitReason(reason))
    texts = {}
    for interview_id, offboarding_id, free_text, updated_by, primary in interviews:
        if updated_by == ActorKind.IMPORT:
            texts[standing[offboarding_id]] = free_text
        else:
            primary = ExitReason(primary)
            rest = [reason for reason in ExitReason if reason in given.get(interview_id, ())]
            ordered = [primary, *(reason for reason in rest if reason is not primary)]
            texts[standing[offboarding_id]] = reason_words(ordered)
    return texts
