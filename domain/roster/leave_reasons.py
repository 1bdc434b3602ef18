"""A roster's 退職理由 as an imported exit interview of the person's last departure.

The reasons are the words HR rosters use, found in the text (after NFKC, so width does not
matter), in the order they appear; the first is the primary reason. Text naming none of them
is OTHER. The text itself is kept as the interview's free text, so nothing HR wrote is lost
to the mapping, and a re-import compares it to tell whether the reason changed.

The off-boarding is history, not a departure to work through: source IMPORT, no checklist,
completed once its leave date has come (domain.offboarding.status), and no outbox events.
"""

import unicodedata
from uuid import UUID

from domain.common import clock
from domain.common.actors import Actor
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
