"""The HR roster samples: an alumni roster as HR keeps it, as an .xlsx workbook, a Shift_JIS
CSV and a UTF-8 CSV of the same 300 people (tests/fixtures/roster, copied unchanged from the
product's shared samples so that a clean clone anywhere can read them)."""

import json
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "roster"
FILES = ("roster.xlsx", "roster.sjis.csv", "roster.utf8.csv")


def sample(name: str) -> Path:
    """Fails, never skips, when a sample is missing: a green run must have read them."""
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"Roster sample {name} not found: expected it in {SAMPLES}.")
    return path


def expected() -> dict:
    """roster.json: the number of alumni rows and the header of every sample."""
    return json.loads(sample("roster.json").read_text(encoding="utf-8"))
