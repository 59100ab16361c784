"""Rules for free text typed or pasted by the practitioner."""

from __future__ import annotations

import unicodedata

# Generous for clinical notes, small enough that a stray paste of a whole file is caught.
LONG_TEXT_LIMIT = 20_000
SHORT_TEXT_LIMIT = 200


def clean(value: str) -> str:
    """Trim surrounding white space and turn Windows/Mac line endings into newlines."""
    if not isinstance(value, str):
        return value  # validation says what is wrong with it
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def visible(value: str) -> str:
    """The text without invisible format characters (zero-width space, soft hyphen, BOM,
    joiners, direction marks), which a paste can carry into a name unseen."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def _unstorable(value: str) -> bool:
    # NUL ends strings in C code and in PostgreSQL text; a lone surrogate (possible from
    # Python, never from a keyboard) cannot be encoded as UTF-8 at all.
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def text_problem(value: object, label: str, limit: int) -> str | None:
    """What is wrong with a piece of text, or None when it can be stored."""
    if not isinstance(value, str):
        return f"{label} must be text"
    if _unstorable(value):
        return f"{label} contains a character that cannot be stored"
    if len(value) > limit:
        return f"{label} is too long ({len(value):,} characters; at most {limit:,})"
    return None


def fold(value: str) -> str:
    """Lower-case, accent-free form used for searching (José matches jose)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    # Invisible format characters and lone surrogates are dropped too: "An\u200bn" is
    # found as "ann", and a search never carries an unstorable character to the database.
    return "".join(
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Cf", "Cs")
    )
