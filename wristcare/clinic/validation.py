"""The checks a form's rules are written with, in the words the form shows.

A ``Problems`` collects what is wrong with a form by field key (``points.2.side`` for a
row of a list), each in the words shown under that field. The first problem found for a
field is the one kept and a field already found wrong is not checked again, so a form's
rules are a list of checks in the order they should be reported: text that cannot be
stored is not also called missing.

Each check returns True when the value is there and passed, so a later check may build on
it (a target compared with its measure's range); an optional value left empty (None)
passes without a word and returns False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Sized
from decimal import Decimal
from enum import Enum, StrEnum
from typing import TypeGuard

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.text import text_problem


def is_date(value: object) -> TypeGuard[dt.date]:
    """A calendar date (a datetime, which is also a ``date`` to Python, is not one)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


class Problems:
    """What is wrong with a form, by field; ``fields`` is what ``ValidationError`` carries."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __contains__(self, key: object) -> bool:
        return key in self.fields

    def has(self, *keys: str) -> bool:
        """Whether any of these fields is already found wrong."""
        return any(key in self.fields for key in keys)

    def raise_if_any(self) -> None:
        """Raise ``ValidationError`` with every problem found, if there is one."""
        if self.fields:
            raise ValidationError(self.fields)

    # --- any rule ---------------------------------------------------------------------

    def add(self, key: str, message: str) -> bool:
        """Record a problem, unless the field already has one. False, so that
        ``return problems.add(...)`` reads as a check that failed."""
        self.fields.setdefault(key, message)
        return False

    def check(self, key: str, ok: bool, message: str) -> bool:
        """A rule of the form's own: ``message`` when ``ok`` is false."""
        if key in self.fields:
            return False
        return True if ok else self.add(key, message)

    def required(self, key: str, value: object, message: str) -> bool:
        """Something must be given: not None, not blank text, not an empty list."""
        if key in self.fields:
            return False
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.add(key, message)
        if isinstance(value, Sized) and not isinstance(value, str) and len(value) == 0:
            return self.add(key, message)
        return True

    # --- text -------------------------------------------------------------------------

    def text(self, key: str, value: object, label: str, limit: int) -> bool:
        """Text that can be stored: a string, no NUL or lone surrogate, at most ``limit``
        characters (empty text passes; ``required`` says when it must not be empty)."""
        if key in self.fields:
            return False
        problem = text_problem(value, label, limit)
        return self.add(key, problem) if problem else True

    def lines(self, key: str, value: object, label: str, *, most: int, limit: int) -> bool:
        """A list of at most ``most`` lines of text, each at most ``limit`` characters."""
        if key in self.fields:
            return False
        if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
            return self.add(key, f"{label} must be lines of text")
        if len(value) > most:
            return self.add(key, f"{label}: at most {most} lines")
        return all(self.text(key, line, label, limit) for line in value)

    # --- numbers ----------------------------------------------------------------------

    def whole(
        self, key: str, value: object, low: int, high: int, label: str, *, message: str = ""
    ) -> bool:
        """A whole number from ``low`` to ``high`` (a bool is not one). ``message``, when
        given, replaces both the "whole number" and the "between" wording."""
        if value is None or key in self.fields:
            return False
        if isinstance(value, bool) or not isinstance(value, int):
            return self.add(key, message or f"{label} must be a whole number")
        if not low <= value <= high:
            return self.add(key, message or f"{label} must be between {low} and {high}")
        return True

    def decimal(self, key: str, value: object, label: str, *, below: int = 10_000) -> bool:
        """A number (int or Decimal, not float) of at most two decimal places whose size
        is below ``below``."""
        if value is None or key in self.fields:
            return False
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            return self.add(key, f"{label} must be a number")
        number = Decimal(value)
        if not number.is_finite() or abs(number) >= below:
            return self.add(key, f"{label} must be a number below {below:,}")
        if number != number.quantize(Decimal("0.01")):
            return self.add(key, f"{label}: two decimal places at most")
        return True

    def count(self, key: str, items: Sized, most: int, message: str) -> bool:
        """At most ``most`` items; ``message`` may name ``{most}`` and ``{given}``."""
        if key in self.fields:
            return False
        given = len(items)
        return True if given <= most else self.add(key, message.format(most=most, given=given))

    # --- choices ----------------------------------------------------------------------

    def vocab(self, key: str, value: object, vocabulary: type[StrEnum], label: str) -> bool:
        """A value of a pick list: one of ``vocabulary``'s entries (None: not chosen)."""
        if value is None or key in self.fields:
            return False
        # A list, not a set: a value that cannot be hashed is wrong, not a crash.
        if value not in [member.value for member in vocabulary]:
            return self.add(key, f"{label}: choose one of the listed values")
        return True

    def choice(self, key: str, value: object, choices: Container[object], message: str) -> bool:
        """One of a fixed set of codes: a label map's keys, or an enum's values (None
        only if listed)."""
        if key in self.fields:
            return False
        if isinstance(choices, type) and issubclass(choices, Enum):
            choices = [member.value for member in choices]
        try:
            known = value in choices
        except TypeError:  # unhashable: not one of the codes
            known = False
        return True if known else self.add(key, message)

    # --- dates ------------------------------------------------------------------------

    def date(self, key: str, value: object, label: str) -> bool:
        """A calendar date (None: not given)."""
        if value is None or key in self.fields:
            return False
        return True if is_date(value) else self.add(key, f"{label} must be a date")

    def not_after(self, key: str, value: object, latest: dt.date | None, message: str) -> bool:
        """A date no later than ``latest`` (the caller's today, for "not in the future":
        the clinic's date is injected, never read from the machine here)."""
        if key in self.fields or latest is None or not is_date(value):
            return False  # not a date: ``date`` says so
        return True if value <= latest else self.add(key, message)

    def not_before(self, key: str, value: object, earliest: dt.date | None, message: str) -> bool:
        """A date no earlier than ``earliest`` (None: no bound)."""
        if key in self.fields or earliest is None or not is_date(value):
            return False
        return True if value >= earliest else self.add(key, message)
