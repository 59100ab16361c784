"""Rules for free text typed or pasted by the practitioner."""

from __future__ import annotations

import unicodedata

# Generous for clinical notes, small enough that a stray paste of a whole file is caught.
LONG_TEXT_LIMIT = 20_000
SHORT_TEXT_LIMIT = 200


def clean(value: str) -> str:
    """Trim surrounding white space and turn Windows/Mac line endings into newlines."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def text_problem(value: str, label: str, limit: int) -> str | None:
    """What is wrong with a piece of text, or None when it can be stored."""
    if "\x00" in value:
        return f"{label} contains a character that cannot be stored"
    if len(value) > limit:
        return f"{label} is too long ({len(value):,} characters; at most {limit:,})"
    return None


def fold(value: str) -> str:
    """Lower-case, accent-free form used for searching (José matches jose)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
