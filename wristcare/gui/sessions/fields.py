"""Small input widgets of the note: numbers that may be left unrecorded, pick lists with
a blank, and one way to hear that any of them changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import Any

from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from wristcare.gui.widgets.form import plain_label

BLANK = "–"


def named(widget: QWidget, name: str) -> QWidget:
    widget.setAccessibleName(plain_label(name))
    return widget


class NumberBox(QSpinBox):
    """A whole number, or nothing recorded (shown as a dash, one below the minimum)."""

    def __init__(self, low: int, high: int, suffix: str = "", name: str = "") -> None:
        super().__init__()
        self.setRange(low - 1, high)
        self.setSpecialValueText(BLANK)
        self.setSuffix(suffix)
        self.setValue(low - 1)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        if name:
            named(self, name)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Alt+key reaches a box too (Qt selects only on Tab): typing replaces the dash.
        super().focusInEvent(event)
        self.selectAll()

    def number(self) -> int | None:
        value = self.value()
        return None if value == self.minimum() else value

    def set_number(self, value: int | None) -> None:
        self.setValue(self.minimum() if value is None else value)


class TenthsBox(QDoubleSpinBox):
    """A value with one decimal (kg, mm, mA), stored as a whole number of tenths."""

    def __init__(self, high: float, suffix: str = "", name: str = "") -> None:
        super().__init__()
        self.setDecimals(1)
        self.setRange(-0.1, high)
        self.setSingleStep(0.5)
        self.setSpecialValueText(BLANK)
        self.setSuffix(suffix)
        self.setValue(-0.1)
        self.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        if name:
            named(self, name)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.selectAll()

    def tenths(self) -> int | None:
        value = self.value()
        return None if value < 0 else round(value * 10)

    def set_tenths(self, value: int | None) -> None:
        self.setValue(-0.1 if value is None else value / 10)


class Choice(QComboBox):
    """A pick list whose first entry (a dash) means "not recorded" unless ``required``."""

    def __init__(
        self, choices: Mapping[Any, str], name: str = "", *, required: bool = False
    ) -> None:
        super().__init__()
        if not required:
            self.addItem(BLANK, None)
        for value, label in choices.items():
            self.addItem(label, value)
        if name:
            named(self, name)

    def choice(self) -> Any:
        return self.currentData()

    def set_choice(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


def enum_or_none(kind: type[StrEnum], value: Any) -> Any:
    return None if value is None else kind(value)


def on_change(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the practitioner changes the widget."""

    def changed(*_: object) -> None:
        slot()

    if isinstance(widget, QPlainTextEdit):
        widget.textChanged.connect(changed)
    elif isinstance(widget, QLineEdit):
        widget.textEdited.connect(changed)
    elif isinstance(widget, QComboBox):
        if widget.isEditable():
            widget.editTextChanged.connect(changed)
        widget.currentIndexChanged.connect(changed)
    elif isinstance(widget, QTimeEdit):
        widget.timeChanged.connect(changed)
    elif isinstance(widget, QSpinBox | QDoubleSpinBox):
        widget.valueChanged.connect(changed)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(changed)


def lock(widget: QWidget, locked: bool) -> None:
    """Read-only as far as the widget allows (text stays readable); else disabled."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
        widget.setReadOnly(locked)
    else:
        widget.setEnabled(not locked)
