"""The person as a referral candidate. A referral names its candidate by what the referrer
typed, not by a key to a person, so the coverage test cannot see it: the person's referrals
are found by their emails and phone, normalised as the referral code stores and claims them
(domain.referrals.validation, domain.referrals.ownership), within their organization."""

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain.common.text import normalize_email
from domain.privacy.subject import Subject
from domain.referrals import ownership
from domain.referrals.models import Referral, ReferralClaim


def _contacts(subject: Subject) -> tuple[list[str], str | None]:
    """Every email they are known by here (person record and sign-in account), and the
    phone (stored as E.164 on both sides)."""
    person = subject.person
    typed = [person.personal_email, person.work_email]
    typed += [membership.user.email for membership in subject.memberships]
    return sorted({normalize_email(email) for email in typed if email}), person.phone


def as_candidate(subject: Subject) -> QuerySet[Referral]:
    emails, phone = _contacts(subject)
    match = Q(candidate_email__in=emails)
    if phone is not None:
        match |= Q(candidate_phone=phone)
    return Referral.filter(organization_id=subject.organization.id).filter(match)


def claims_on(subject: Subject, referral_ids: list) -> QuerySet[ReferralClaim]:
    """Their keys, and whatever else the referrals naming them claimed (a contact of theirs
    the person record no longer holds)."""
    emails, phone = _contacts(subject)
    keys = [key for email in emails for key in ownership.candidate_keys(email, None)]
    keys += ownership.candidate_keys(None, phone)
    return ReferralClaim.filter(organization_id=subject.organization.id).filter(
        Q(candidate_key__in=keys) | Q(referral_id__in=referral_ids)
    )
