"""A date box that may be left empty and reads dates the way they are written on forms."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QLineEdit, QWidget

DISPLAY_FORMAT = "%d/%m/%Y"
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date | None:
    """``31/12/1980``, ``31.12.1980``, ``1980-12-31`` -> a date; empty -> None.

    Raises ValueError with a message for the practitioner.
    """
    text = text.strip()
    if not text:
        return None
    iso = _ISO.match(text)
    day_first = _DAY_FIRST.match(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif day_first:
        day, month, year = (int(g) for g in day_first.groups())
    else:
        raise ValueError("Enter the date as dd/mm/yyyy")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text} is not a real date") from None


def format_date(value: date | None) -> str:
    return "" if value is None else value.strftime(DISPLAY_FORMAT)


class DateField(QLineEdit):
    """Empty, or a date; ``problem()`` says what is wrong with what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)

    def set_date(self, value: date | None) -> None:
        self.setText(format_date(value))

    def date(self) -> date | None:
        """The date typed, or None when empty or unreadable (see ``problem``)."""
        try:
            return parse_date(self.text())
        except ValueError:
            return None

    def problem(self) -> str | None:
        try:
            parse_date(self.text())
        except ValueError as error:
            return str(error)
        return None
