"""The candidate as the referrer typed them, into the values stored, or every problem."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.common.errors import DomainError, DomainErrors
from domain.people import validation as people
from domain.referrals.error_codes import MESSAGES, ReferralErrorCode

LIMITS = {"candidate_name": 100, "relationship": 200, "note": 2000, "resume_url": 2000}


@dataclass(frozen=True, slots=True)
class CandidateDraft:
    name: str
    name_kana: str = ""
    email: str | None = None
    phone: str | None = None
    relationship: str = ""
    note: str = ""
    resume_url: str = ""
    consents_to_contact: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    name_kana: str
    email: str | None
    phone: str | None
    relationship: str
    note: str
    resume_url: str


def _as_referral_error(problem: DomainError, field: str) -> DomainError:
    """People's validators answer with their codes; the same meaning has the same name here."""
    code = ReferralErrorCode(problem.code.value)
    return DomainError(code, problem.message, field)


def _text(value: str, field: str, *, required: bool = False) -> str:
    try:
        return people.text(value, field, LIMITS.get(field, 100), required=required)
    except DomainError as problem:
        raise _as_referral_error(problem, field) from None


def _url(value: str) -> str:
    cleaned = _text(value, "resume_url")
    if cleaned and (
        urlsplit(cleaned).scheme not in ("https", "http") or not urlsplit(cleaned).netloc
    ):
        raise DomainError(
            ReferralErrorCode.INVALID_URL, MESSAGES[ReferralErrorCode.INVALID_URL], "resume_url"
        )
    return cleaned


def _email(value: str | None) -> str | None:
    try:
        return people.email(value, "candidate_email")
    except DomainError as problem:
        raise _as_referral_error(problem, "candidate_email") from None


def _phone(value: str | None) -> str | None:
    try:
        return people.phone(value, "candidate_phone")
    except DomainError as problem:
        raise _as_referral_error(problem, "candidate_phone") from None


def checked_candidate(draft: CandidateDraft) -> Candidate:
    """Consent first: without it nothing about the candidate is even looked at."""
    if not draft.consents_to_contact:
        code = ReferralErrorCode.CONSENT_REQUIRED
        raise DomainError(code, MESSAGES[code], "candidate_consents_to_contact")
    problems: list[DomainError] = []
    values = {}
    for field, check in (
        ("name", lambda: _text(draft.name, "candidate_name", required=True)),
        ("name_kana", lambda: _as_kana(draft.name_kana)),
        ("relationship", lambda: _text(draft.relationship, "relationship")),
        ("note", lambda: _text(draft.note, "note")),
        ("resume_url", lambda: _url(draft.resume_url)),
        ("email", lambda: _email(draft.email)),
        ("phone", lambda: _phone(draft.phone)),
    ):
        try:
            values[field] = check()
        except DomainError as problem:
            problems.append(problem)
    if not problems and values["email"] is None and values["phone"] is None:
        code = ReferralErrorCode.CONTACT_REQUIRED
        problems.append(DomainError(code, MESSAGES[code], "candidate_email"))
    if problems:
        raise DomainErrors(problems)
    return Candidate(**values)


def _as_kana(value: str) -> str:
    try:
        return people.kana(value, "candidate_name_kana")
    except DomainError as problem:
        raise _as_referral_error(problem, "candidate_name_kana") from None
