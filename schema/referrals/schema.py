"""Query and mutation fields of referrals, their rules and the funnel."""

from datetime import date, datetime
from typing import Annotated

import strawberry

from auth.scopes import Scope
from domain.referrals.models import ReferralStage as ReferralStageValue
from resolvers.errors import BadUserInput
from resolvers.referrals import queries
from resolvers.referrals.mutations.referral_create import referral_create
from resolvers.referrals.mutations.referral_settings_set import referral_settings_set
from resolvers.referrals.mutations.referral_stage_set import referral_stage_set
from resolvers.referrals.mutations.referral_withdraw import referral_withdraw
from schema.common.pagination import DEFAULT_PAGE_SIZE, check_first, decode_cursor
from schema.common.permissions import (
    HR,
    HR_OR_EXECUTIVE,
    HR_OR_MANAGER,
    SIGNED_IN,
    guarded,
    guarded_mutation,
)
from schema.jobs.pipeline_arguments import pipeline_arguments
from schema.people.types import Info
from schema.referrals.enums import ReferralStage
from schema.referrals.errors import as_referral_errors
from schema.referrals.funnel import ReferralFunnel
from schema.referrals.inputs import (
    ReferralCreateInput,
    ReferralSettingsSetInput,
    ReferralStageSetInput,
    ReferralWithdrawInput,
)
from schema.referrals.payloads import (
    ReferralCreatePayload,
    ReferralSettings,
    ReferralSettingsSetPayload,
    ReferralStageSetPayload,
    ReferralWithdrawPayload,
)
from schema.referrals.types import Referral, ReferralConnection, as_referral, referral_connection

LISTING = "referrals"


def _settings(model: object) -> ReferralSettings:
    return ReferralSettings(
        ownership_days=model.ownership_days,  # type: ignore[attr-defined]
        expiry_days=model.expiry_days,  # type: ignore[attr-defined]
        share_rejection_reason=model.share_rejection_reason,  # type: ignore[attr-defined]
    )


async def _referral(info: Info, model: object) -> Referral | None:
    return None if model is None else await as_referral(info.context, model)  # type: ignore[arg-type]


@strawberry.type
class ReferralQuery:
    @guarded(
        SIGNED_IN,
        Scope.REFERRALS_READ,
        "Referrals, newest first: all for hr and executives; for managers those to the "
        "openings they hire for, their current reports' and their own; for everyone else "
        "their own. `mine`: only the caller's own.",
    )
    async def referrals(
        self,
        info: Info,
        first: int = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        opening_id: strawberry.ID | None = None,
        stages: list[ReferralStage] | None = None,
        mine: bool = False,
    ) -> ReferralConnection:
        opening, wanted = pipeline_arguments(opening_id, stages, ReferralStageValue)
        rows, has_next, matching = await queries.referrals_page(
            info.context,
            opening,
            wanted,
            mine,
            check_first(first),
            decode_cursor(after, LISTING, datetime),
        )
        return await referral_connection(info.context, LISTING, rows, has_next, matching)

    @guarded(
        HR_OR_EXECUTIVE,
        Scope.ANALYTICS_READ,
        "The referral funnel over referrals submitted from `from` to `to` (both included, "
        "in the organization's time zone): stages reached, where they are now, per source.",
    )
    async def referral_funnel(
        self,
        info: Info,
        start: Annotated[date, strawberry.argument(name="from")],
        end: Annotated[date, strawberry.argument(name="to")],
    ) -> ReferralFunnel:
        if end < start:
            raise BadUserInput("`to` must not be before `from`.", field="to")
        return ReferralFunnel(result=await queries.referral_funnel(info.context, start, end))

    @guarded(
        SIGNED_IN,
        Scope.REFERRALS_READ,
        "The organization's referral rules: how long a referral owns its candidate, when it "
        "expires, whether referrers read rejection reasons.",
    )
    async def referral_settings(self, info: Info) -> ReferralSettings:
        return _settings(await info.context.jobs.referral_settings())


@strawberry.type
class ReferralMutation:
    @guarded_mutation(
        SIGNED_IN,
        Scope.REFERRALS_WRITE,
        "Refer a candidate to an open opening (any member with a person record: employees "
        "and alumni, recorded as the source).",
    )
    async def referral_create(
        self, info: Info, input: ReferralCreateInput
    ) -> ReferralCreatePayload:
        found, errors = await referral_create(info.context, input)
        return ReferralCreatePayload(
            referral=await _referral(info, found), errors=as_referral_errors(errors)
        )

    @guarded_mutation(
        HR_OR_MANAGER,
        Scope.REFERRALS_WRITE,
        "Move a referral to another stage, reject or withdraw it (hr, or the opening's hiring "
        "manager).",
    )
    async def referral_stage_set(
        self, info: Info, input: ReferralStageSetInput
    ) -> ReferralStageSetPayload:
        found, errors = await referral_stage_set(info.context, input)
        return ReferralStageSetPayload(
            referral=await _referral(info, found), errors=as_referral_errors(errors)
        )

    @guarded_mutation(
        SIGNED_IN, Scope.REFERRALS_WRITE, "Withdraw a referral you made (the referrer)."
    )
    async def referral_withdraw(
        self, info: Info, input: ReferralWithdrawInput
    ) -> ReferralWithdrawPayload:
        found, errors = await referral_withdraw(info.context, input)
        return ReferralWithdrawPayload(
            referral=await _referral(info, found), errors=as_referral_errors(errors)
        )

    @guarded_mutation(HR, Scope.REFERRALS_WRITE, "Change the organization's referral rules (hr).")
    async def referral_settings_set(
        self, info: Info, input: ReferralSettingsSetInput
    ) -> ReferralSettingsSetPayload:
        found, errors = await referral_settings_set(info.context, input)
        return ReferralSettingsSetPayload(
            settings=None if found is None else _settings(found), errors=as_referral_errors(errors)
        )
