"""A roster file to alumni rows: the samples, the header, and every row problem."""

import io
from datetime import date

import openpyxl
import pytest

from domain.people.models import RehireEligibility
from domain.roster import (
    RosterErrorCode,
    RosterFileError,
    RosterRow,
    RowProblem,
    parse_roster,
    read_table,
)
from tests.domain.roster_samples import FILES, expected, sample

Code = RosterErrorCode
HEADER = "社員番号,氏名,メールアドレス,電話番号,入社日,退職日"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def xlsx_bytes(*rows: list) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parsed(data: bytes, mapping=None) -> list[RosterRow | RowProblem]:
    return list(parse_roster(read_table(data), mapping))


def problems(data: bytes, mapping=None) -> list[tuple[int, str, Code]]:
    return [
        (item.line, item.column, item.code)
        for item in parsed(data, mapping)
        if isinstance(item, RowProblem)
    ]


def refusal(data: bytes, mapping=None) -> RosterFileError:
    with pytest.raises(RosterFileError) as raised:
        parsed(data, mapping)
    return raised.value


# The samples

# Five rows of each sample hold a 令和1年 date before 5月1日 (令和 began on 2019-05-01, so
# these days were 平成31年): they are imported, read by their year, with a warning naming
# the cell; the same rows in all three files.
SAMPLE_WARNINGS = [
    (
        line,
        column,
        Code.DATE_OUTSIDE_ERA,
        f"{column}: '{typed}' is before 令和 began on 2019-05-01; read as {read_as}.",
    )
    for line, column, typed, read_as in [
        (35, "入社日", "令和1年3月3日", "2019-03-03"),
        (61, "退職日", "令和1年2月15日", "2019-02-15"),
        (128, "退職日", "令和1年3月9日", "2019-03-09"),
        (186, "入社日", "令和1年2月9日", "2019-02-09"),
        (265, "入社日", "令和1年3月20日", "2019-03-20"),
    ]
]


def sample_items(name: str) -> list[RosterRow | RowProblem]:
    roster = parse_roster(read_table(sample(name).read_bytes(), name))
    assert roster.header.line == 1
    assert list(roster.header.texts) == expected()["columns"]
    assert roster.ignored_columns == ()
    return list(roster)


@pytest.mark.parametrize("name", FILES)
def test_each_sample_gives_its_300_alumni_with_the_era_slips_noted(name):
    items = sample_items(name)
    assert all(isinstance(item, RosterRow) for item in items)
    assert len(items) == expected()["rows"] == 300
    assert [item.line for item in items] == list(range(2, 302))
    noted = [(w.line, w.column, w.code, w.message) for item in items for w in item.warnings]
    assert noted == SAMPLE_WARNINGS
    rows = {item.line: item for item in items}
    assert (rows[35].hired_on, rows[61].left_on) == (date(2019, 3, 3), date(2019, 2, 15))


def test_the_three_samples_give_the_same_rows():
    xlsx, sjis, utf8 = (sample_items(name) for name in FILES)
    assert xlsx == sjis == utf8
    assert len(set(xlsx)) == 300


def test_sample_rows_spot_checked():
    rows = {item.line: item for item in sample_items("roster.xlsx")}
    assert rows[2] == RosterRow(
        line=2,
        employee_number="E10000",
        name="高橋 結衣",
        kana="タカハシ ユイ",
        email="yui.takahashi0@example.jp",
        phone="+819029319117",
        hired_on=date(2015, 6, 5),
        left_on=date(2024, 7, 3),
        department="経理部",
        title="課長",
        leave_reason="評価への不満",
        current_company="株式会社サンプル商事",
        skills=("Python", "データ分析", "英語"),
        community_consent=False,
        rehire_eligibility=RehireEligibility.NOT_ELIGIBLE,
        note="OB会幹事",
    )
    # 山田\u3000陽菜 with an ideographic space; 退職日 is a date cell in the workbook;
    # 2020年10月18日; empty スキル; × for consent.
    assert (rows[3].name, rows[3].hired_on, rows[3].left_on) == (
        "山田 陽菜",
        date(2020, 10, 18),
        date(2021, 8, 18),
    )
    assert (rows[3].skills, rows[3].community_consent) == ((), False)
    # 平成23年9月22日, 2021-05-23, ○ for consent, 可.
    assert (rows[8].hired_on, rows[8].left_on, rows[8].community_consent) == (
        date(2011, 9, 22),
        date(2021, 5, 23),
        True,
    )
    assert rows[8].rehire_eligibility is RehireEligibility.ELIGIBLE
    # 髙橋 keeps its 髙; 2010年9月20日 and 2019年2月26日.
    assert (rows[6].name, rows[6].hired_on, rows[6].left_on) == (
        "髙橋 拓也",
        date(2010, 9, 20),
        date(2019, 2, 26),
    )
    # No consent answer: not asked. 要相談 is conditional; no 備考.
    assert rows[51].community_consent is None
    assert rows[10].rehire_eligibility is RehireEligibility.CONDITIONAL
    assert rows[101].note is None


# The header


def test_title_rows_above_the_header_in_a_workbook_are_skipped():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "退職者名簿（2024年度）"
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "人事部作成・社外秘"
    # Row 3 is blank; the header is on row 4.
    for row, values in {
        4: HEADER.split(","),
        5: ["E1", "山田 太郎", "taro@example.jp", "", "2010-04-01", "2020-03-31"],
        7: ["E2", "鈴木 花子", "", "", "", "R2.3.31"],
    }.items():
        for column, value in enumerate(values, start=1):
            sheet.cell(row, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    roster = parse_roster(read_table(buffer.getvalue()))
    assert roster.header.line == 4
    assert list(roster) == [
        RosterRow(
            line=5,
            employee_number="E1",
            name="山田 太郎",
            email="taro@example.jp",
            hired_on=date(2010, 4, 1),
            left_on=date(2020, 3, 31),
        ),
        RosterRow(line=7, employee_number="E2", name="鈴木 花子", left_on=date(2020, 3, 31)),
    ]


def test_a_title_line_above_the_header_in_a_csv_is_skipped():
    data = csv_bytes(
        "退職者名簿,,,,,",
        ",,,,,",
        HEADER,
        "E1,山田 太郎,,,,2020-03-31",
        encoding="cp932",
    )
    roster = parse_roster(read_table(data))
    assert roster.header.line == 3
    assert [(row.line, row.name) for row in roster] == [(4, "山田 太郎")]


def test_header_spellings_are_matched_whatever_their_width_spaces_or_marks():
    data = csv_bytes(
        "社員ＮＯ,氏 名※,ﾌﾘｶﾞﾅ,E-mail,ＴＥＬ,入社年月日,退職日（必須）,部署,役職",
        "E1,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,taro@example.jp,03-1234-5678,2010/4/1,2020/3/31,営業部,課長",
    )
    [row] = parsed(data)
    assert row == RosterRow(
        line=2,
        employee_number="E1",
        name="山田 太郎",
        kana="ヤマダ タロウ",
        email="taro@example.jp",
        phone="+81312345678",
        hired_on=date(2010, 4, 1),
        left_on=date(2020, 3, 31),
        department="営業部",
        title="課長",
    )


def test_english_headers():
    data = csv_bytes("Employee No,Name,Email,Leave date", "E1,Taro Yamada,t@example.jp,2020-03-31")
    [row] = parsed(data)
    assert (row.employee_number, row.name, row.left_on) == ("E1", "Taro Yamada", date(2020, 3, 31))


def test_unknown_headers_are_reported_and_their_columns_ignored():
    data = csv_bytes(
        "社員番号,旧姓,氏名,生年月日,退職日,電話番号,携帯電話",
        "E1,佐藤,山田 花子,1990-01-01,2020-03-31,03-1234-5678,090-1234-5678",
    )
    roster = parse_roster(read_table(data))
    # 携帯電話 is a phone header too, but the first phone column is the one read.
    assert roster.ignored_columns == ("旧姓", "生年月日", "携帯電話")
    [row] = roster
    assert (row.name, row.phone) == ("山田 花子", "+81312345678")


def test_a_user_mapping_extends_and_overrides_the_built_in_names():
    data = csv_bytes(
        "社員番号,氏名,メールアドレス,個人アドレス,離職年月日",
        "E1,山田 花子,hanako@corp.example.jp,hanako@example.jp,2020-03-31",
    )
    # メールアドレス is the work address here: ignored; the personal one is the email.
    mapping = {"メールアドレス": None, "個人アドレス": "email", "離職年月日": "left_on"}
    roster = parse_roster(read_table(data), mapping)
    assert roster.ignored_columns == ("メールアドレス",)
    assert list(roster) == [
        RosterRow(
            line=2,
            employee_number="E1",
            name="山田 花子",
            email="hanako@example.jp",
            left_on=date(2020, 3, 31),
        )
    ]
    # Without the mapping, 離職年月日 is unknown and the leave date missing.
    assert refusal(data).code is Code.MISSING_COLUMNS


def test_a_mapping_to_an_unknown_field_is_refused():
    error = refusal(csv_bytes(HEADER), {"個人アドレス": "personal_email"})
    assert error.code is Code.INVALID_MAPPING
    assert error.message.startswith(
        "The mapping sends column '個人アドレス' to 'personal_email', which is not a field; "
        "fields are: employee_number, name, kana,"
    )


def test_a_header_that_matches_nothing_is_refused():
    error = refusal(csv_bytes("a,b,c,d", "1,2,3,4"))
    assert error.code is Code.NO_HEADER
    assert error.message == (
        "No header row in the first 20 rows: the header must name at least 3 known columns, "
        "such as 社員番号, 氏名, メールアドレス, 退職日."
    )


def test_two_known_columns_are_not_a_header():
    assert refusal(csv_bytes("氏名,退職日,x", "山田,2020-03-31,1")).code is Code.NO_HEADER


def test_the_header_must_be_in_the_first_20_rows():
    notes = [f"注意書き{n}" for n in range(20)]
    assert refusal(csv_bytes(*notes, HEADER)).code is Code.NO_HEADER
    [row] = parsed(csv_bytes(*notes[:19], HEADER, "E1,山田,,,,2020-03-31"))
    assert row.line == 21


def test_a_header_without_required_columns_is_refused():
    error = refusal(csv_bytes("氏名,電話番号,入社日,備考"))
    assert error.code is Code.MISSING_COLUMNS
    assert error.message == (
        "The header on line 1 has no column for: left_on, employee_number or email."
    )


# Row problems


def test_a_formula_cell_is_a_row_problem_not_a_file_error():
    data = xlsx_bytes(
        [*HEADER.split(","), "備考"],
        ["E1", "=B3", "a@example.jp", "", "2010-04-01", "2020-03-31", "=TODAY()"],
        ["E2", "鈴木 花子", "b@example.jp", "", "2010-04-01", "2020-03-31"],
    )
    name, note, row = parsed(data)
    assert name == RowProblem(
        line=2,
        column="氏名",
        field="name",
        code=Code.FORMULA_CELL,
        message="氏名: '=B3' is a formula; formulas are not imported: paste values instead.",
    )
    assert (note.line, note.column, note.code) == (2, "備考", Code.FORMULA_CELL)
    assert isinstance(row, RosterRow) and row.line == 3


def test_a_formula_in_an_ignored_column_does_not_matter():
    data = xlsx_bytes(
        [*HEADER.split(","), "計算"], ["E1", "山田", "", "", "", "2020-03-31", "=1+1"]
    )
    [row] = parsed(data)
    assert isinstance(row, RosterRow)


@pytest.mark.parametrize(("typed", "said"), [("不明", "says '不明'"), ("", "is empty")])
def test_an_unknown_or_empty_leave_date_is_a_row_problem(typed, said):
    [found] = parsed(csv_bytes(HEADER, f"E1,山田 太郎,,,,{typed}"))
    assert found == RowProblem(
        line=2,
        column="退職日",
        field="left_on",
        code=Code.REQUIRED,
        message=f"退職日: the leave date {said}; a date is required.",
    )


def test_an_unknown_hire_date_is_left_empty():
    [row] = parsed(csv_bytes(HEADER, "E1,山田 太郎,,,不明,2020-03-31"))
    assert isinstance(row, RosterRow) and row.hired_on is None


def test_every_problem_of_a_row_is_reported_in_column_order():
    data = csv_bytes(HEADER, ",,taro@,03-12,平成31年2月30日,2020-02-30", "E2,鈴木,,,,2020-03-31")
    found = parsed(data)
    assert [(p.line, p.column, p.code) for p in found[:-1]] == [
        (2, "氏名", Code.REQUIRED),
        (2, "メールアドレス", Code.INVALID_EMAIL),
        (2, "電話番号", Code.INVALID_PHONE),
        (2, "入社日", Code.INVALID_DATE),
        (2, "退職日", Code.INVALID_DATE),
    ]
    assert [p.message for p in found[2:-1]] == [
        "電話番号: '03-12' is not a phone number.",
        "入社日: '平成31年2月30日' is not a date: 2019-02 has days 1 to 28.",
        "退職日: '2020-02-30' is not a date: 2020-02 has days 1 to 29.",
    ]
    # An email that is there but wrong is not also reported as missing.
    assert found[1].message.startswith("メールアドレス: 'taro@' is not an email address: ")
    assert isinstance(found[-1], RosterRow) and found[-1].line == 3


def test_required_values():
    data = csv_bytes(HEADER, "E1,,,,,2020-03-31", ",山田 太郎,,,,2020-03-31")
    found = [p for p in parsed(data) if isinstance(p, RowProblem)]
    assert [(p.line, p.field, p.code, p.message) for p in found] == [
        (2, "name", Code.REQUIRED, "氏名: the name is empty; it is required."),
        (
            3,
            "employee_number",
            Code.REQUIRED,
            "社員番号: an employee number or an email address is required.",
        ),
    ]


def test_an_email_alone_identifies_the_alumnus():
    data = csv_bytes("氏名,メールアドレス,退職日", "山田 太郎,taro@example.jp,2020-03-31")
    [row] = parsed(data)
    assert (row.employee_number, row.email) == (None, "taro@example.jp")
    [found] = parsed(csv_bytes("氏名,メールアドレス,退職日", "山田 太郎,,2020-03-31"))
    assert (found.column, found.code) == ("メールアドレス", Code.REQUIRED)


def test_leaving_before_being_hired_is_a_problem_and_the_same_day_is_not():
    data = csv_bytes(HEADER, "E1,山田,,,2020-04-01,2020-03-31", "E2,鈴木,,,2020-04-01,R2.4.1")
    problem, row = parsed(data)
    assert problem == RowProblem(
        line=2,
        column="退職日",
        field="left_on",
        code=Code.LEAVE_BEFORE_HIRE,
        message="退職日: the leave date 2020-03-31 is before the hire date 2020-04-01 (入社日).",
    )
    assert isinstance(row, RosterRow) and row.hired_on == row.left_on


def test_duplicates_are_reported_on_the_later_row_naming_the_earlier_line():
    data = csv_bytes(
        HEADER,
        "E1,山田,taro@example.jp,,,2020-03-31",
        "E2,鈴木,hanako@example.jp,,,2020-03-31",
        "ｅ１,佐藤,Taro@Example.JP,,,2020-03-31",
        "E3,田中,ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ,,,2020-03-31",
    )
    found = [p for p in parsed(data) if isinstance(p, RowProblem)]
    assert [(p.line, p.column, p.code, p.message) for p in found] == [
        (4, "社員番号", Code.DUPLICATE_EMPLOYEE_NUMBER, "社員番号: 'e1' is also on line 2."),
        (
            4,
            "メールアドレス",
            Code.DUPLICATE_EMAIL,
            "メールアドレス: 'taro@example.jp' is also on line 2.",
        ),
        (
            5,
            "メールアドレス",
            Code.DUPLICATE_EMAIL,
            "メールアドレス: 'hanako@example.jp' is also on line 3.",
        ),
    ]


def test_full_width_identifiers_are_read_as_ascii():
    cells = [
        "Ｅ１０００１",
        "山田　太郎",
        "ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＪＰ",
        "０９０－１２３４－５６７８",
    ]
    data = csv_bytes(HEADER, ",".join([*cells, "", "２０２０／３／３１"]))
    [row] = parsed(data)
    assert (row.employee_number, row.name, row.email, row.phone, row.left_on) == (
        "E10001",
        "山田 太郎",
        "taro@example.jp",
        "+819012345678",
        date(2020, 3, 31),
    )


def test_blank_rows_are_skipped_and_short_rows_padded():
    data = csv_bytes(HEADER, "", ",,,,,", "E1,山田,,,,2020-03-31", "E2,鈴木", "")
    assert problems(data) == [(5, "退職日", Code.REQUIRED)]
    assert [item.line for item in parsed(data)] == [4, 5]


def test_consent_rehire_and_skills_columns():
    data = csv_bytes(
        "社員番号,氏名,退職日,スキル,コミュニティ参加同意,再雇用可否",
        "E1,山田,2020-03-31,Python／英語,はい,条件付き",
        "E2,鈴木,2020-03-31,,,",
        "E3,田中,2020-03-31,,たぶん,微妙",
    )
    first, second, *rest = parsed(data)
    assert (first.skills, first.community_consent, first.rehire_eligibility) == (
        ("Python", "英語"),
        True,
        RehireEligibility.CONDITIONAL,
    )
    assert (second.skills, second.community_consent, second.rehire_eligibility) == ((), None, None)
    assert [(p.line, p.code) for p in rest] == [
        (4, Code.INVALID_CONSENT),
        (4, Code.INVALID_REHIRE_ELIGIBILITY),
    ]
