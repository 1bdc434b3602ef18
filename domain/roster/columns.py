"""The fields a roster can fill, the header texts HR teams use for them, and the header row."""

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from domain.roster.error_codes import RosterErrorCode, RosterFileError
from domain.roster.reading import TableRow

# Header texts of each field, Japanese then English. Matched after header_key(), so width,
# case, spaces and brackets（）do not matter.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "employee_number": (
        "社員番号", "社員No", "社員No.", "社員ID", "社員コード", "従業員番号", "従業員No",
        "職員番号", "employee number", "employee no", "employee id", "emp no",
    ),
    "name": ("氏名", "名前", "お名前", "社員名", "氏名（漢字）", "name", "full name"),
    "kana": (
        "フリガナ", "ふりがな", "氏名（カナ）", "氏名（フリガナ）", "氏名カナ", "カナ氏名",
        "カナ", "kana", "name (kana)", "furigana",
    ),
    "email": (
        "メールアドレス", "メール", "個人メール", "個人メールアドレス", "連絡先メール",
        "Eメール", "email", "e-mail", "email address", "e-mail address", "personal email",
    ),
    "phone": (
        "電話番号", "電話", "携帯電話", "携帯電話番号", "携帯番号", "連絡先電話番号", "TEL",
        "phone", "phone number", "mobile",
    ),
    "hired_on": ("入社日", "入社年月日", "hire date", "hired on", "start date", "joined on"),
    "left_on": (
        "退職日", "退職年月日", "離職日", "leave date", "left on", "end date",
        "termination date",
    ),
    "department": (
        "最終所属", "最終部署", "所属", "所属部署", "部署", "部署名", "部門", "department",
    ),
    "title": ("最終役職", "役職", "職位", "title", "job title", "position"),
    "leave_reason": ("退職理由", "離職理由", "leave reason", "reason for leaving"),
    "current_company": (
        "現在の勤務先", "現勤務先", "現在の会社", "転職先", "current company",
        "current employer",
    ),
    "skills": ("スキル", "保有スキル", "skills", "skill"),
    "community_consent": (
        "コミュニティ参加同意", "コミュニティ参加", "アルムナイ参加同意", "参加同意",
        "community consent", "consent",
    ),
    "rehire_eligibility": (
        "再雇用可否", "再雇用", "再入社可否", "再雇用可能", "rehire eligibility", "rehire",
    ),
    "note": ("備考", "メモ", "特記事項", "note", "notes", "remarks", "memo"),
}  # fmt: skip
FIELDS = tuple(HEADER_NAMES)
HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 3
# Marks templates add to headers: 氏名※, 氏名*, 氏名（必須）.
REQUIRED_MARKS = re.compile(r"[※*]|\((必須|任意|required|optional)\)$")
SPACES = re.compile(r"\s+")


def header_key(text: str) -> str:
    """What two spellings of one header have in common: NFKC, no spaces, lower case."""
    key = SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return REQUIRED_MARKS.sub("", key)


BUILT_IN = {header_key(text): field for field, texts in HEADER_NAMES.items() for text in texts}


@dataclass(frozen=True)
class Header:
    line: int
    texts: tuple[str, ...]  # the header cells as written in the file
    columns: dict[str, int]  # field → index of its column
    ignored_columns: tuple[str, ...]  # header texts that no field takes, in file order

    def text_of(self, field: str) -> str:
        """The column's header as the user wrote it, to name it in messages."""
        return self.texts[self.columns[field]] if field in self.columns else field


def field_names(mapping: Mapping[str, str | None] | None) -> dict[str, str | None]:
    """The built-in header names with the user's {header text: field} on top; a field of
    None ignores that column."""
    names: dict[str, str | None] = dict(BUILT_IN)
    for text, field in (mapping or {}).items():
        if field is not None and field not in FIELDS:
            raise RosterFileError(
                RosterErrorCode.INVALID_MAPPING,
                f"The mapping sends column '{text}' to '{field}', which is not a field; "
                f"fields are: {', '.join(FIELDS)}.",
            )
        names[header_key(text)] = field
    return names


def read_header(rows: Iterator[TableRow], names: Mapping[str, str | None]) -> Header:
    """Consumes rows up to and including the header: the first of the first 20 non-blank
    rows that names at least 3 fields. Rows above it (titles, notes) are dropped."""
    searched = 0
    for row in rows:
        if row.is_blank():
            continue
        header = _as_header(row, names)
        if len(header.columns) >= MIN_HEADER_MATCHES:
            return header
        searched += 1
        if searched == HEADER_SEARCH_ROWS:
            break
    raise RosterFileError(
        RosterErrorCode.NO_HEADER,
        f"No header row in the first {HEADER_SEARCH_ROWS} rows: the header must name at least "
        f"{MIN_HEADER_MATCHES} known columns, such as 社員番号, 氏名, メールアドレス, 退職日.",
    )


def _as_header(row: TableRow, names: Mapping[str, str | None]) -> Header:
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, text in enumerate(row.cells):
        if not text.strip():
            continue
        field = names.get(header_key(text))
        # A second column for a field already taken (two phone columns) is not read.
        if field is None or field in columns:
            ignored.append(text)
        else:
            columns[field] = index
    return Header(row.line, row.cells, columns, tuple(ignored))
