"""What HR types in a roster cell, to the value kept, or the problem named with the value."""

from datetime import date

import pytest

from domain.people.models import RehireEligibility
from domain.roster import normalise
from domain.roster.error_codes import RosterErrorCode, ValueProblem


def problem(parse, value: str) -> ValueProblem:
    with pytest.raises(ValueProblem) as raised:
        parse(value)
    return raised.value


# Dates


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2020-01-02", date(2020, 1, 2)),
        ("2020/1/2", date(2020, 1, 2)),
        ("2020/01/02", date(2020, 1, 2)),
        ("2020.1.2", date(2020, 1, 2)),
        ("2020年1月2日", date(2020, 1, 2)),
        ("2020年 1月 2日", date(2020, 1, 2)),
        ("２０２０年１月２日", date(2020, 1, 2)),
        ("２０２０／０１／０２", date(2020, 1, 2)),
        ("20200102", date(2020, 1, 2)),
        (" 2020-01-02 ", date(2020, 1, 2)),
        ("2020-01-02 09:30:00", date(2020, 1, 2)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_western_dates(typed, expected):
    assert normalise.date_value(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("令和3年4月1日", date(2021, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("令和 3年 4月 1日", date(2021, 4, 1)),
        ("令和３年４月１日", date(2021, 4, 1)),
        ("㋿3年4月1日", date(2021, 4, 1)),
        ("R3.4.1", date(2021, 4, 1)),
        ("r3/4/1", date(2021, 4, 1)),
        ("Ｒ３．４．１", date(2021, 4, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("㍻2年3月4日", date(1990, 3, 4)),
        ("平成23年9月22日", date(2011, 9, 22)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("S63.12.31", date(1988, 12, 31)),
        ("昭和45年3月1日", date(1970, 3, 1)),
    ],
)
def test_japanese_era_dates(typed, expected):
    assert normalise.date_value(typed) == expected


@pytest.mark.parametrize(
    ("typed", "read_as", "outside"),
    [
        ("平成31年5月1日", date(2019, 5, 1), "after 平成 ended on 2019-04-30"),
        ("H32.4.1", date(2020, 4, 1), "after 平成 ended on 2019-04-30"),
        ("令和元年4月30日", date(2019, 4, 30), "before 令和 began on 2019-05-01"),
        ("R1.3.3", date(2019, 3, 3), "before 令和 began on 2019-05-01"),
        ("昭和64年1月8日", date(1989, 1, 8), "after 昭和 ended on 1989-01-07"),
        ("平成元年1月7日", date(1989, 1, 7), "before 平成 began on 1989-01-08"),
    ],
)
def test_an_era_date_outside_its_era_is_read_by_its_year_and_noted(typed, read_as, outside):
    """Rosters converted to the era by year alone hold such dates; the day is unambiguous."""
    message = f"'{typed}' is {outside}; read as {read_as.isoformat()}."
    assert normalise.date_value(typed) == normalise.Noted(
        read_as, RosterErrorCode.DATE_OUTSIDE_ERA, message
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("令和0年5月1日", "'令和0年5月1日' is not a date: 令和 starts at 元年."),
        ("2023-02-30", "'2023-02-30' is not a date: 2023-02 has days 1 to 28."),
        ("令和5年2月29日", "'令和5年2月29日' is not a date: 2023-02 has days 1 to 28."),
        ("2020/13/1", "'2020/13/1' is not a date: there is no month 13."),
        ("2020-04-00", "'2020-04-00' is not a date: 2020-04 has days 1 to 30."),
        ("0202-04-01", "'0202-04-01' is not a likely date."),
        (
            "2020年4月",
            "'2020年4月' is not a date: write it as 2020-01-31, 2020/1/31, 2020年1月31日 "
            "or 令和2年1月31日.",
        ),
        (
            "大正10年1月1日",
            "'大正10年1月1日' is not a date: write it as 2020-01-31, 2020/1/31, 2020年1月31日 "
            "or 令和2年1月31日.",
        ),
    ],
)
def test_dates_that_do_not_exist_are_refused_naming_the_value(typed, message):
    refused = problem(normalise.date_value, typed)
    assert (refused.code, refused.message) == (RosterErrorCode.INVALID_DATE, message)


@pytest.mark.parametrize("typed", ["", "  ", "不明", "－", "-", "ー", "未定", "?", "？", "N/A"])
def test_an_empty_or_unknown_date_is_none(typed):
    """Required or not is the row's business: rows.py refuses a missing leave date."""
    assert normalise.date_value(typed) is None


# Consent and rehire eligibility

GRANTED = ["はい", "yes", "YES", "Ｙｅｓ", "y", "○", "〇", "◯", "同意", "同意済み", "済", "true",
           "TRUE", "1", "１", " はい "]  # fmt: skip
WITHDRAWN = ["いいえ", "no", "No", "n", "×", "✕", "x", "不同意", "拒否", "false", "FALSE", "0"]


@pytest.mark.parametrize("typed", GRANTED)
def test_consent_granted(typed):
    assert normalise.consent(typed) is True


@pytest.mark.parametrize("typed", WITHDRAWN)
def test_consent_withdrawn(typed):
    assert normalise.consent(typed) is False


@pytest.mark.parametrize("typed", ["", "   ", "\u3000"])
def test_consent_not_asked(typed):
    assert normalise.consent(typed) is None


@pytest.mark.parametrize("typed", ["たぶん", "△", "2", "yes?", "未回答"])
def test_other_consent_words_are_refused(typed):
    refused = problem(normalise.consent, typed)
    assert refused.code is RosterErrorCode.INVALID_CONSENT
    assert refused.message.startswith(f"'{typed}' is not a consent answer: write はい/yes/○")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("可", RehireEligibility.ELIGIBLE),
        ("○", RehireEligibility.ELIGIBLE),
        ("〇", RehireEligibility.ELIGIBLE),
        ("要相談", RehireEligibility.CONDITIONAL),
        ("条件付き", RehireEligibility.CONDITIONAL),
        ("△", RehireEligibility.CONDITIONAL),
        ("不可", RehireEligibility.NOT_ELIGIBLE),
        ("×", RehireEligibility.NOT_ELIGIBLE),
        ("", None),
    ],
)
def test_rehire_eligibility(typed, expected):
    assert normalise.rehire_eligibility(typed) == expected


def test_other_rehire_words_are_refused():
    refused = problem(normalise.rehire_eligibility, "たぶん")
    assert (refused.code, refused.message) == (
        RosterErrorCode.INVALID_REHIRE_ELIGIBILITY,
        "'たぶん' is not a rehire eligibility: write 可, 要相談 or 不可.",
    )


# Text, names, kana, skills


def test_names_keep_one_ascii_space_between_parts():
    assert normalise.text("山田\u3000陽菜", 100) == "山田 陽菜"
    assert normalise.text(" 山田 \u3000 陽菜\t", 100) == "山田 陽菜"
    assert normalise.text("髙橋 拓也", 100) == "髙橋 拓也"  # NFKC keeps 髙
    assert normalise.text("", 100) is None


def test_kana_is_full_width_katakana():
    assert normalise.kana("ﾔﾏﾀﾞ\u3000ﾋﾅ") == "ヤマダ ヒナ"
    assert normalise.kana("やまだ ひな") == "ヤマダ ヒナ"
    assert normalise.kana("") is None


def test_multi_line_text_keeps_its_lines():
    assert normalise.text(" 一行目\n二行目 ", 2000, one_line=False) == "一行目\n二行目"


def test_full_width_letters_and_digits_become_ascii():
    assert normalise.text("Ｅ１０００１", 32) == "E10001"
    assert normalise.text("（株）ネクスト", 200) == "(株)ネクスト"


def test_control_characters_and_long_values_are_refused():
    refused = problem(lambda value: normalise.text(value, 100), "山田\x00陽菜")
    assert (refused.code, refused.message) == (
        RosterErrorCode.INVALID_TEXT,
        "'山田\\x00陽菜' has control characters.",
    )
    too_long = problem(lambda value: normalise.text(value, 32), "E" * 33)
    assert (too_long.code, too_long.message) == (
        RosterErrorCode.TOO_LONG,
        f"'{'E' * 20}…' is longer than 32 characters.",
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Python、データ分析、英語", ("Python", "データ分析", "英語")),
        ("Python,React，英語", ("Python", "React", "英語")),
        ("営業/接客／採用", ("営業", "接客", "採用")),
        ("営業・接客･採用", ("営業", "接客", "採用")),
        ("営業; 接客；採用", ("営業", "接客", "採用")),
        (" 簿記２級 、 英語 ,, ", ("簿記2級", "英語")),
        ("英語、英語、Python", ("英語", "Python")),
        ("", ()),
    ],
)
def test_skills_are_split_trimmed_and_unique(typed, expected):
    assert normalise.skills(typed) == expected


# Email and phone


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("yui.takahashi0@example.jp", "yui.takahashi0@example.jp"),
        ("Yui.Takahashi@Example.JP", "yui.takahashi@example.jp"),
        ("ｙｕｉ＠ｅｘａｍｐｌｅ．ｊｐ", "yui@example.jp"),
        (" yui@example.jp\u3000", "yui@example.jp"),
        ("", None),
    ],
)
def test_emails_are_ascii_lower_case(typed, expected):
    assert normalise.email(typed) == expected


@pytest.mark.parametrize("typed", ["yui", "yui@", "yui@@example.jp", "yui @example.jp"])
def test_invalid_emails_are_refused_naming_the_value(typed):
    refused = problem(normalise.email, typed)
    assert refused.code is RosterErrorCode.INVALID_EMAIL
    assert refused.message.startswith(f"'{typed}' is not an email address: ")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("090-2931-9117", "+819029319117"),
        ("０９０－２９３１－９１１７", "+819029319117"),
        ("090ー2931ー9117", "+819029319117"),
        ("09029319117", "+819029319117"),
        ("03(1234)5678", "+81312345678"),
        ("(03) 1234-5678", "+81312345678"),
        ("+81 90 2931 9117", "+819029319117"),
        ("+1 650-253-0000", "+16502530000"),
        ("", None),
    ],
)
def test_phones_are_kept_in_e164_as_kizuna_stores_them(typed, expected):
    assert normalise.phone(typed) == expected


@pytest.mark.parametrize("typed", ["123", "090-0123-4567", "090-2931-9117 携帯", "なし", "abc"])
def test_invalid_phones_are_refused_naming_the_value(typed):
    refused = problem(normalise.phone, typed)
    assert (refused.code, refused.message) == (
        RosterErrorCode.INVALID_PHONE,
        f"'{typed}' is not a phone number.",
    )
