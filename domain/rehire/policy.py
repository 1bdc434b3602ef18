"""The organization's rehire policy: written by hr, shown to alumni, kept in versions.

Setting the policy adds a version; earlier versions stay, and each application keeps the
one it was made under (its skipped steps and its tenure rule), so changing the policy
changes the terms of new applications only.
"""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain.audit.services import record as audit
from domain.common.actors import Actor
from domain.common.errors import DomainError, DomainErrors
from domain.people import tenure
from domain.people.models import EmploymentPeriod
from domain.rehire.error_codes import MESSAGES, RehireErrorCode
from domain.rehire.models import RehirePolicy, RehireStage, ReturnTitle, SalaryBasis, TenureRule
from domain.rehire.transitions import SELECTION_STEPS, SKIPPABLE

NOTE_LIMIT = 2000
YEARS = range(1, 31)


@dataclass(frozen=True)
class PolicyDraft:
    salary_basis: SalaryBasis
    title_basis: ReturnTitle
    tenure_rule: TenureRule
    salary_note: str = ""
    title_note: str = ""
    tenure_within_years: int | None = None
    skipped_steps: list[RehireStage] = field(default_factory=list)


def _problem(code: RehireErrorCode, field_name: str, detail: str = "") -> DomainError:
    return DomainError(code, f"{MESSAGES[code]} {detail}".strip(), field_name)


def _problems(draft: PolicyDraft) -> list[DomainError]:
    problems = [
        _problem(RehireErrorCode.TOO_LONG, name, f"At most {NOTE_LIMIT} characters.")
        for name in ("salary_note", "title_note")
        if len(getattr(draft, name).strip()) > NOTE_LIMIT
    ]
    within = draft.tenure_rule == TenureRule.CARRIED_OVER_WITHIN_YEARS
    if within and draft.tenure_within_years is None:
        problems.append(
            _problem(RehireErrorCode.REQUIRED, "tenure_within_years", "Give the years.")
        )
    elif within and draft.tenure_within_years not in YEARS:
        problems.append(
            _problem(RehireErrorCode.OUT_OF_RANGE, "tenure_within_years", "From 1 to 30 years.")
        )
    elif not within and draft.tenure_within_years is not None:
        problems.append(
            _problem(
                RehireErrorCode.INVALID,
                "tenure_within_years",
                "Years go with CARRIED_OVER_WITHIN_YEARS only.",
            )
        )
    if not set(draft.skipped_steps) <= SKIPPABLE:
        problems.append(_problem(RehireErrorCode.NOT_SKIPPABLE, "skipped_steps"))
    return problems


async def current_policy(organization_id: UUID) -> RehirePolicy | None:
    return await RehirePolicy.filter(organization_id=organization_id).order_by("-version").first()


async def set_policy(organization_id: UUID, actor: Actor, draft: PolicyDraft) -> RehirePolicy:
    problems = _problems(draft)
    if problems:
        raise DomainErrors(problems)
    skipped = [step.value for step in SELECTION_STEPS if step in set(draft.skipped_steps)]
    try:
        async with in_transaction():
            latest = await current_policy(organization_id)
            policy = RehirePolicy(
                organization_id=organization_id,
                version=1 if latest is None else latest.version + 1,
                salary_basis=draft.salary_basis,
                salary_note=draft.salary_note.strip(),
                title_basis=draft.title_basis,
                title_note=draft.title_note.strip(),
                tenure_rule=draft.tenure_rule,
                tenure_within_years=draft.tenure_within_years,
                skipped_steps=skipped,
            )
            policy.stamp(actor, created=True)
            await policy.save()
            await audit(
                organization_id,
                actor,
                "rehire_policy.changed",
                "organization",
                organization_id,
                {
                    "version": policy.version,
                    "tenure_rule": policy.tenure_rule.value,
                    "skipped_steps": skipped,
                },
            )
    except IntegrityError:  # another version was saved at the same moment
        code = RehireErrorCode.POLICY_CHANGED_MEANWHILE
        raise DomainError(code, MESSAGES[code]) from None
    return policy


def tenure_counted_from(
    policy: RehirePolicy, earlier: list[EmploymentPeriod], hire_date: date
) -> date | None:
    """Where the new period's tenure counts from under `policy`; None: its hire date.
    `earlier` are the person's closed periods."""
    closed = [p for p in earlier if p.leave_date is not None]
    if policy.tenure_rule == TenureRule.RESET or not closed:
        return None
    if policy.tenure_rule == TenureRule.CARRIED_OVER_WITHIN_YEARS:
        last_leave = max(p.leave_date for p in closed)  # type: ignore[type-var]
        assert policy.tenure_within_years is not None
        if not tenure.within_years(last_leave, hire_date, policy.tenure_within_years):
            return None
    return tenure.counted_from(
        hire_date,
        [tenure.worked(p.hire_date, p.leave_date) for p in closed],  # type: ignore[arg-type]
    )
