"""Why a roster file, or one of its rows, cannot be imported."""

from enum import StrEnum

from domain.common.errors import DomainError


class RosterErrorCode(StrEnum):
    # The whole file is refused: nothing in it can be imported.
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    CORRUPT_XLSX = "corrupt_xlsx"
    LEGACY_XLS = "legacy_xls"
    UNKNOWN_ENCODING = "unknown_encoding"
    MALFORMED_CSV = "malformed_csv"
    NO_HEADER = "no_header"
    MISSING_COLUMNS = "missing_columns"
    INVALID_MAPPING = "invalid_mapping"
    READ_INTERRUPTED = "read_interrupted"
    # One row is refused; the other rows are still read.
    FORMULA_CELL = "formula_cell"
    REQUIRED = "required"
    INVALID_TEXT = "invalid_text"
    TOO_LONG = "too_long"
    INVALID_DATE = "invalid_date"
    INVALID_EMAIL = "invalid_email"
    INVALID_PHONE = "invalid_phone"
    INVALID_CONSENT = "invalid_consent"
    INVALID_REHIRE_ELIGIBILITY = "invalid_rehire_eligibility"
    LEAVE_BEFORE_HIRE = "leave_before_hire"
    DUPLICATE_EMPLOYEE_NUMBER = "duplicate_employee_number"
    DUPLICATE_EMAIL = "duplicate_email"
    # Found when the row is matched to the people Kizuna already holds.
    CONFLICTING_PERSON = "conflicting_person"
    STILL_EMPLOYED = "still_employed"
    ARCHIVED_PERSON = "archived_person"
    # The row is imported; the user is told how a value was read.
    DATE_OUTSIDE_ERA = "date_outside_era"


MESSAGES: dict[RosterErrorCode, str] = {
    RosterErrorCode.EMPTY_FILE: "The file is empty.",
    RosterErrorCode.TOO_LARGE: "The file is larger than 50 MB: split it into several files.",
    RosterErrorCode.CORRUPT_XLSX: "The Excel file is damaged and cannot be read.",
    RosterErrorCode.LEGACY_XLS: (
        "This is an old .xls workbook or a password-protected one: save it as .xlsx without "
        "a password, or as CSV."
    ),
    RosterErrorCode.UNKNOWN_ENCODING: (
        "The file is not text in a known encoding: save it as CSV in UTF-8 or Shift_JIS."
    ),
    RosterErrorCode.MALFORMED_CSV: "The CSV file is malformed.",
    RosterErrorCode.NO_HEADER: (
        "No header row found: one of the first 20 rows must name at least 3 known columns."
    ),
    RosterErrorCode.MISSING_COLUMNS: "The header lacks a required column.",
    RosterErrorCode.INVALID_MAPPING: "The column mapping names an unknown field.",
    RosterErrorCode.READ_INTERRUPTED: (
        "Reading the file stopped before its end; nothing was imported: try again."
    ),
    RosterErrorCode.FORMULA_CELL: "Formulas are not imported; paste values instead.",
    RosterErrorCode.REQUIRED: "This value is required.",
    RosterErrorCode.INVALID_TEXT: "This value contains control characters.",
    RosterErrorCode.TOO_LONG: "This value is too long.",
    RosterErrorCode.INVALID_DATE: "This is not a valid date.",
    RosterErrorCode.INVALID_EMAIL: "This is not a valid email address.",
    RosterErrorCode.INVALID_PHONE: "This is not a valid phone number.",
    RosterErrorCode.INVALID_CONSENT: "Consent must be yes (はい, ○, 同意) or no (いいえ, ×).",
    RosterErrorCode.INVALID_REHIRE_ELIGIBILITY: "Rehire eligibility must be 可, 要相談 or 不可.",
    RosterErrorCode.LEAVE_BEFORE_HIRE: "The leave date is before the hire date.",
    RosterErrorCode.DUPLICATE_EMPLOYEE_NUMBER: "An earlier row has the same employee number.",
    RosterErrorCode.DUPLICATE_EMAIL: "An earlier row has the same email address.",
    RosterErrorCode.CONFLICTING_PERSON: (
        "The employee number and the email address belong to two different people."
    ),
    RosterErrorCode.STILL_EMPLOYED: (
        "This person is a current employee; record their departure before importing."
    ),
    RosterErrorCode.ARCHIVED_PERSON: "This person is archived; restore them before importing.",
    RosterErrorCode.DATE_OUTSIDE_ERA: (
        "The date lies outside its era (令和1年3月 is 平成31年3月); it was read by its year."
    ),
}


class RosterFileError(DomainError):
    """The file as a whole cannot be read: it is refused before any row is imported."""

    def __init__(self, code: RosterErrorCode, message: str | None = None) -> None:
        super().__init__(code, message or MESSAGES[code])


class ValueProblem(ValueError):
    """One cell's value cannot be used; the row reader turns it into a RowProblem."""

    def __init__(self, code: RosterErrorCode, message: str | None = None) -> None:
        super().__init__(message or MESSAGES[code])
        self.code = code
        self.message = message or MESSAGES[code]
