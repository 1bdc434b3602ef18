"""The HR roster samples kept beside the repository (shared/samples), never copied into it."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"
FILES = ("roster.xlsx", "roster.sjis.csv", "roster.utf8.csv")


def sample(name: str) -> Path:
    """Fails, never skips, when the samples are missing: a green run must have read them."""
    path = SAMPLES / name
    if not path.is_file():
        pytest.fail(f"Roster sample {name} not found: expected it in {SAMPLES}.")
    return path


def expected() -> dict:
    """roster.json: the number of alumni rows and the header of every sample."""
    return json.loads(sample("roster.json").read_text(encoding="utf-8"))
