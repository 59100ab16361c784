"""Finding the herbs that may add bleeding risk in text the practitioner wrote."""

from __future__ import annotations

import re
import unicodedata

from wristcare.clinic.history_details import HealthHistoryDetails
from wristcare.clinic.safety.rulebook import RuleBook
from wristcare.clinic.text import fold

# Where in the health history herbs may be written down, and how a finding names it.
HISTORY_FIELDS = {
    "herbs_supplements": "the herbs and supplements",
    "medications": "the medications",
}


def _words(text: str) -> str:
    # "Dong-quai", "DAN SHEN", "Ginkgo\nbiloba": compare folded words, padded for whole-word
    # matching.
    return " " + " ".join(t for t in re.split(r"[\W_]+", fold(text)) if t) + " "


def _is_latin(name: str) -> bool:
    return all(ord(ch) < 0x250 for ch in name)


def herbs_in(book: RuleBook, text: str) -> list[str]:
    """The bleeding-risk herbs named in ``text``, by their usual names, in the book's order.

    Latin-script names match as whole words without case or accents; names in Chinese
    characters match anywhere (Chinese is written without spaces).
    """
    if not text.strip():
        return []
    words = _words(text)
    characters = unicodedata.normalize("NFKC", text)
    found = []
    for herb in book.herbs:
        for name in herb.names:
            hit = _words(name) in words if _is_latin(name) else name in characters
            if hit:
                found.append(herb.name)
                break
    return found


def herbs_in_history(book: RuleBook, history: HealthHistoryDetails) -> dict[str, list[str]]:
    """History field -> the bleeding-risk herbs written in it (fields with none left out)."""
    found = {name: herbs_in(book, getattr(history, name)) for name in HISTORY_FIELDS}
    return {name: herbs for name, herbs in found.items() if herbs}
