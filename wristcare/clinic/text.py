"""Rules for free text typed or pasted by the practitioner."""

from __future__ import annotations

import dataclasses
import functools
import typing
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, TypeGuard, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Generous for clinical notes, small enough that a stray paste of a whole file is caught.
LONG_TEXT_LIMIT = 20_000
SHORT_TEXT_LIMIT = 200


def clean(value: str) -> str:
    """Trim surrounding white space and turn Windows/Mac line endings into newlines."""
    if not isinstance(value, str):
        return value  # validation says what is wrong with it
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# Text kept exactly as it was shown (a rule's wording snapshotted with the answer to it):
# ``cleaned`` leaves a field annotated ``Verbatim`` alone.
VERBATIM = "verbatim"
Verbatim = Annotated[str, VERBATIM]

_Details = TypeVar("_Details", bound="DataclassInstance")


def cleaned(details: _Details) -> _Details:
    """A copy of a form's dataclass with the text the practitioner typed trimmed (``clean``).

    Read from the type hints: a ``str`` field is cleaned; a ``list[str]`` field (steps,
    say) is cleaned line by line and its blank lines dropped; a dataclass field, or a list
    of dataclasses, is cleaned the same way. ``str | None`` (a code or a key, not typed
    text) and ``Verbatim`` fields are left as they are, and so is a value that is not of
    its declared type (validation says what is wrong with it).
    """
    changes: dict[str, Any] = {}
    for name, kind in _text_fields(type(details)):
        value = getattr(details, name)
        if kind == "text":
            changes[name] = clean(value)
        elif kind == "lines" and isinstance(value, list):
            changes[name] = [clean(line) for line in value if clean(line)]
        elif kind == "one" and _instance(value):
            changes[name] = cleaned(value)
        elif kind == "many" and isinstance(value, list):
            changes[name] = [cleaned(item) if _instance(item) else item for item in value]
    return dataclasses.replace(details, **changes)


def _instance(value: object) -> TypeGuard[DataclassInstance]:
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


@functools.cache
def _text_fields(cls: type) -> tuple[tuple[str, str], ...]:
    # (field, kind) for the fields ``cleaned`` looks into: "text" (str), "lines"
    # (list[str]), "one" (a dataclass) and "many" (a list of dataclasses).
    hints = typing.get_type_hints(cls, include_extras=True)
    found: list[tuple[str, str]] = []
    for field in dataclasses.fields(cls):
        if not field.init:
            continue  # replace() cannot set it; nothing typed goes there
        hint = hints[field.name]
        listed = typing.get_args(hint) if typing.get_origin(hint) is list else ()
        if hint is str:
            found.append((field.name, "text"))
        elif listed == (str,):
            found.append((field.name, "lines"))
        elif dataclasses.is_dataclass(hint):
            found.append((field.name, "one"))
        elif listed and dataclasses.is_dataclass(listed[0]):
            found.append((field.name, "many"))
    return tuple(found)


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
