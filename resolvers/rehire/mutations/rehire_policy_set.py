from typing import Any

from domain.rehire.models import RehirePolicy, RehireStage, ReturnTitle, SalaryBasis, TenureRule
from domain.rehire.policy import PolicyDraft, set_policy
from resolvers.context import Context
from resolvers.mutations import FieldError, run


async def rehire_policy_set(
    context: Context, data: Any
) -> tuple[RehirePolicy | None, list[FieldError]]:
    principal = context.require_member()
    draft = PolicyDraft(
        salary_basis=SalaryBasis(data.salary_basis),
        title_basis=ReturnTitle(data.title_basis),
        tenure_rule=TenureRule(data.tenure_rule),
        salary_note=data.salary_note,
        title_note=data.title_note,
        tenure_within_years=data.tenure_within_years,
        skipped_steps=[RehireStage(step) for step in data.skipped_steps],
    )
    return await run(set_policy(principal.organization_id, context.actor, draft))
