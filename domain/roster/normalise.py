"""One cell's text, as HR typed it, to the value we keep, or a ValueProblem naming the value.

Everything goes through NFKC first: full-width digits, letters, @ and spaces become ASCII,
half-width katakana becomes full-width, so '０９０－１２３４' and '090-1234' are one value.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import jaconv
import phonenumbers
from email_validator import EmailNotValidError, validate_email

from domain.common.text import has_control_characters, nfkc
from domain.people.models import RehireEligibility
from domain.people.validation import MAX_LABEL_LENGTH, MAX_LABELS
from domain.roster.error_codes import RosterErrorCode, ValueProblem

SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Noted:
    """A value that was read, with a warning for the user: the row is still imported."""

    value: Any
    code: RosterErrorCode
    message: str


def text(value: str, max_length: int, *, one_line: bool = True) -> str | None:
    """Trimmed NFKC text; runs of spaces (full- or half-width) become one ASCII space."""
    if has_control_characters(value):
        raise ValueProblem(RosterErrorCode.INVALID_TEXT, f"{value!r} has control characters.")
    cleaned = nfkc(value)
    if one_line:
        cleaned = SPACES.sub(" ", cleaned)
    if len(cleaned) > max_length:
        raise ValueProblem(
            RosterErrorCode.TOO_LONG, f"'{cleaned[:20]}…' is longer than {max_length} characters."
        )
    return cleaned or None


def kana(value: str) -> str | None:
    """Full-width katakana, whether typed in hiragana or half-width."""
    cleaned = text(value, 100)
    return jaconv.hira2kata(cleaned) if cleaned else None


def email(value: str) -> str | None:
    """Lower case, as the rest of Kizuna keeps emails, so that duplicates are found."""
    cleaned = text(value, 254)
    if cleaned is None:
        return None
    lowered = cleaned.lower()
    try:
        validate_email(lowered, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueProblem(
            RosterErrorCode.INVALID_EMAIL, f"'{value}' is not an email address: {exc}"
        ) from None
    return lowered


# Dashes people type in phone numbers that NFKC leaves alone (ー is the katakana long vowel).
DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー", "-"))
PHONE_CHARACTERS = re.compile(r"\+?[\d\s().-]+")
PHONE_SEPARATORS = re.compile(r"[\s().-]+")


def phone(value: str) -> str | None:
    """In E.164, as Kizuna stores phones: '０３（１２３４）５６７８' is '+81312345678'. Numbers
    without a country code are Japanese."""
    typed = nfkc(value).translate(DASHES)
    if not typed:
        return None
    if PHONE_CHARACTERS.fullmatch(typed):
        cleaned = PHONE_SEPARATORS.sub("-", typed).strip("-")
        try:
            number = phonenumbers.parse(cleaned, "JP")
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    raise ValueProblem(RosterErrorCode.INVALID_PHONE, f"'{value}' is not a phone number.")


# What HR writes when it does not know a date. For a required date these say "missing".
UNKNOWN_DATES = {"不明", "不詳", "未定", "なし", "無し", "-", "--", "?", "n/a", "unknown", "tbd"}
WESTERN_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")
ERA_DATE = re.compile(r"(令和|平成|昭和|r|h|s)(\d{1,2}|元)[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
# Excel writes a date cell with a time as '2020-01-02 09:00:00'; the time is not kept.
TIME_OF_DAY = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
ERAS: dict[str, tuple[date, date | None]] = {
    "令和": (date(2019, 5, 1), None),
    "平成": (date(1989, 1, 8), date(2019, 4, 30)),
    "昭和": (date(1926, 12, 25), date(1989, 1, 7)),
}
ERA_LETTERS = {"r": "令和", "h": "平成", "s": "昭和"}
# Dates of employment: older or later ones are typos such as 0202 for 2020.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def is_unknown_date(value: str) -> bool:
    return nfkc(value).translate(DASHES).casefold() in UNKNOWN_DATES


def date_value(value: str) -> date | Noted | None:
    """A date written the western way (2020-01-02, 2020/1/2, 2020.1.2, 2020年1月2日) or in
    the Japanese era (令和2年1月2日, 令和元年5月1日, R2.1.2, H31.4.30). None for an empty
    cell or one that says it is unknown (不明, -); Noted for an era date outside its era."""
    if not value.strip() or is_unknown_date(value):
        return None
    typed = SPACES.sub("", TIME_OF_DAY.sub("", nfkc(value))).casefold()
    if western := WESTERN_DATE.fullmatch(typed):
        numbers = [int(part) for part in western.groups() if part is not None]
        day = _calendar_date(value, *numbers)
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueProblem(RosterErrorCode.INVALID_DATE, f"'{value}' is not a likely date.")
        return day
    if era := ERA_DATE.fullmatch(typed):
        name = ERA_LETTERS.get(era[1], era[1])
        era_year = 1 if era[2] == "元" else int(era[2])
        return _era_date(value, name, era_year, int(era[3]), int(era[4]))
    raise ValueProblem(
        RosterErrorCode.INVALID_DATE,
        f"'{value}' is not a date: write it as 2020-01-31, 2020/1/31, 2020年1月31日 "
        "or 令和2年1月31日.",
    )


def _calendar_date(value: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise ValueProblem(
            RosterErrorCode.INVALID_DATE, f"'{value}' is not a date: there is no month {month}."
        )
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        raise ValueProblem(
            RosterErrorCode.INVALID_DATE,
            f"'{value}' is not a date: {year}-{month:02} has days 1 to {last_day}.",
        )
    return date(year, month, day)


def _era_date(value: str, era: str, era_year: int, month: int, day: int) -> "date | Noted":
    began, ended = ERAS[era]
    if era_year < 1:
        raise ValueProblem(
            RosterErrorCode.INVALID_DATE, f"'{value}' is not a date: {era} starts at 元年."
        )
    result = _calendar_date(value, began.year + era_year - 1, month, day)
    # Rosters converted to the era by year alone hold 令和1年3月 or 平成31年5月: the day is
    # still unambiguous (as Excel reads it too), so it is kept and the row is marked.
    if result < began:
        return Noted(
            result,
            RosterErrorCode.DATE_OUTSIDE_ERA,
            f"'{value}' is before {era} began on {began.isoformat()}; "
            f"read as {result.isoformat()}.",
        )
    if ended is not None and result > ended:
        return Noted(
            result,
            RosterErrorCode.DATE_OUTSIDE_ERA,
            f"'{value}' is after {era} ended on {ended.isoformat()}; read as {result.isoformat()}.",
        )
    return result


def _words(*words: str) -> set[str]:
    return {nfkc(word).casefold() for word in words}


CONSENT_GRANTED = _words("はい", "yes", "y", "○", "〇", "◯", "同意", "同意済", "同意済み", "済",
                         "true", "1")  # fmt: skip
CONSENT_WITHDRAWN = _words("いいえ", "no", "n", "×", "✕", "✖", "x", "不同意", "拒否", "false",
                           "0")  # fmt: skip


def consent(value: str) -> bool | None:
    """True if the alumnus agreed to join the community, False if they refused, None if the
    cell is empty: they were not asked."""
    word = nfkc(value).casefold()
    if not word:
        return None
    if word in CONSENT_GRANTED:
        return True
    if word in CONSENT_WITHDRAWN:
        return False
    raise ValueProblem(
        RosterErrorCode.INVALID_CONSENT,
        f"'{value}' is not a consent answer: write はい/yes/○ or いいえ/no/×, "
        "or leave it empty if not asked.",
    )


REHIRE_WORDS: dict[str, RehireEligibility] = {
    **dict.fromkeys(_words("可", "可能", "○", "〇", "◯", "eligible"), RehireEligibility.ELIGIBLE),
    **dict.fromkeys(
        _words("要相談", "応相談", "条件付き", "条件付", "△", "conditional"),
        RehireEligibility.CONDITIONAL,
    ),
    **dict.fromkeys(
        _words("不可", "不可能", "×", "✕", "✖", "x", "not eligible"),
        RehireEligibility.NOT_ELIGIBLE,
    ),
}


def rehire_eligibility(value: str) -> RehireEligibility | None:
    word = nfkc(value).casefold()
    if not word:
        return None
    if word in REHIRE_WORDS:
        return REHIRE_WORDS[word]
    raise ValueProblem(
        RosterErrorCode.INVALID_REHIRE_ELIGIBILITY,
        f"'{value}' is not a rehire eligibility: write 可, 要相談 or 不可.",
    )


SKILL_SEPARATORS = re.compile(r"[、,/・;\n]")  # after NFKC, so ，／；･ are among them


def skills(value: str) -> tuple[str, ...]:
    """Each skill once, in the order written: 'Python、英語・簿記2級' is three skills."""
    found: dict[str, None] = {}
    for part in SKILL_SEPARATORS.split(nfkc(value)):
        skill = text(part, MAX_LABEL_LENGTH)
        if skill:
            found.setdefault(skill, None)
    if len(found) > MAX_LABELS:
        raise ValueProblem(
            RosterErrorCode.TOO_LONG, f"{len(found)} skills; at most {MAX_LABELS} are kept."
        )
    return tuple(found)
