"""Normalisation of what people type: identifiers are NFKC, kana is full-width katakana."""

import re
import unicodedata

import jaconv

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def normalize_email(value: str) -> str:
    return nfkc(value).lower()


def normalize_kana(value: str) -> str:
    """フリガナ as HR types it (half-width, hiragana, spaces) to full-width katakana."""
    return jaconv.hira2kata(nfkc(value))


def search_term(value: str) -> str:
    """A free-text query matched against names, kana, emails and companies."""
    return normalize_kana(value)
