"""The widget kit: labelled form fields with their error message underneath, text boxes
that keep to the record's limits, numbers that may be left unrecorded, pick lists, and one
table of widget kinds that says how each kind is read, heard changing and locked.

Every field gets an accessible name equal to its visible label, so a screen reader says
what a sighted user reads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from PySide6.QtCore import QMimeData, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QClipboard,
    QContextMenuEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.gui.widgets.date_field import DateField

# named() and FieldsForm.add() hand back the widget they were given, as its own type.
_W = TypeVar("_W", bound=QWidget)


def plain_label(text: str) -> str:
    """A label as read aloud: no mnemonic ampersand, no trailing colon or asterisk."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":* ")


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A push button whose accessible name is its visible text."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(plain_label(text))
    return widget


def save_cancel(dialog: QDialog) -> QDialogButtonBox:
    """Save and Cancel, named for a screen reader, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    for item in buttons.buttons():
        item.setAccessibleName(plain_label(item.text()))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def checkbox(text: str, parent: QWidget | None = None) -> QCheckBox:
    widget = QCheckBox(text, parent)
    widget.setAccessibleName(plain_label(text))
    return widget


class LimitedTextEdit(QPlainTextEdit):
    """A text box that refuses a paste that would make it longer than the record allows.

    Laying out a megabyte pasted by mistake would freeze the window for minutes; the
    paste is refused at once with a message instead (``refused`` carries it).
    """

    refused = Signal(str)

    def __init__(self, limit: int = LONG_TEXT_LIMIT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit

    def insertFromMimeData(self, source: QMimeData) -> None:
        pasted = source.text()
        selected = len(self.textCursor().selectedText())
        length = len(self.toPlainText()) - selected + len(pasted)
        if length > self.limit:
            self.refused.emit(_too_long(length, self.limit))
            return
        super().insertFromMimeData(source)


def _too_long(length: int, limit: int) -> str:
    return (
        f"That paste would make this {length:,} characters long; "
        f"it holds at most {limit:,}. Nothing was pasted."
    )


class LimitedLineEdit(QLineEdit):
    """A one-line box that holds at most ``limit`` characters (the record's limit) and
    refuses a paste or drop that would go past it, with a message (``refused``), rather
    than silently keeping the first part of it.
    """

    refused = Signal(str)

    def __init__(self, limit: int = SHORT_TEXT_LIMIT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.setMaxLength(limit)

    def _fits(self, inserted: str) -> bool:
        length = len(self.text()) - len(self.selectedText()) + len(inserted)
        if length <= self.limit:
            return True
        self.refused.emit(_too_long(length, self.limit))
        return False

    def _clipboard(self, mode: QClipboard.Mode = QClipboard.Mode.Clipboard) -> str:
        return QApplication.clipboard().text(mode)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and not self._fits(self._clipboard()):
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste" and len(self._clipboard()) > self.limit:
                # Qt's own paste would keep the first part; ours says why it refuses.
                action.triggered.disconnect()
                action.triggered.connect(lambda: self._fits(self._clipboard()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def dropEvent(self, event: QDropEvent) -> None:
        if not self._fits(event.mimeData().text()):
            event.ignore()
            return
        super().dropEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        # X11 pastes the selection with the middle button.
        if event.button() == Qt.MouseButton.MiddleButton and not self._fits(
            self._clipboard(QClipboard.Mode.Selection)
        ):
            return
        super().mouseReleaseEvent(event)


# A filter box takes a few words; a page pasted into it by mistake is refused at once.
FILTER_LIMIT = 100


def line_box(limit: int = SHORT_TEXT_LIMIT) -> LimitedLineEdit:
    """A one-line box holding at most ``limit`` characters."""
    return LimitedLineEdit(limit)


def text_box(lines: int = 3) -> LimitedTextEdit:
    """A multi-line box sized for ``lines`` lines, where Tab moves on instead of typing."""
    box = LimitedTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


BLANK = "–"


def named(widget: _W, name: str) -> _W:
    """The widget, with ``name`` as what a screen reader calls it."""
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
    """A pick list whose items carry the stored value as their data. Its first entry (a
    dash) means "not recorded" unless ``required``."""

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
        """Show ``value``; one not in the list shows the first entry."""
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


def enum_or_none(kind: type[StrEnum], value: Any) -> Any:
    return None if value is None else kind(value)


@dataclass(frozen=True)
class _Kind:
    """How one kind of widget is read, heard changing and locked."""

    value: Callable[[Any], object] | None
    # The signals that say the practitioner changed it (not the program).
    signals: Callable[[Any], list[SignalInstance]]
    # Locked as read-only, so the text stays readable and selectable; else disabled.
    read_only: bool


# The first kind a widget is an instance of decides: QTimeEdit is a spin box too.
_KINDS: tuple[tuple[type | tuple[type, ...], _Kind], ...] = (
    (QPlainTextEdit, _Kind(QPlainTextEdit.toPlainText, lambda w: [w.textChanged], True)),
    (QLineEdit, _Kind(QLineEdit.text, lambda w: [w.textEdited], True)),
    (
        QComboBox,
        _Kind(
            QComboBox.currentData,
            lambda w: (
                [w.editTextChanged, w.currentIndexChanged]
                if w.isEditable()
                else [w.currentIndexChanged]
            ),
            False,
        ),
    ),
    (QTimeEdit, _Kind(QTimeEdit.time, lambda w: [w.timeChanged], True)),
    ((QSpinBox, QDoubleSpinBox), _Kind(lambda w: w.value(), lambda w: [w.valueChanged], True)),
    (QAbstractSpinBox, _Kind(None, lambda w: [], True)),
    (QAbstractButton, _Kind(QAbstractButton.isChecked, lambda w: [w.toggled], False)),
)


def _kind(widget: QWidget) -> _Kind | None:
    return next((kind for types, kind in _KINDS if isinstance(widget, types)), None)


def field_value(widget: QWidget) -> object:
    """What a field holds (text, the chosen item's data, a tick), for change tracking."""
    kind = _kind(widget)
    if kind is None or kind.value is None:
        raise TypeError(type(widget).__name__)
    return kind.value(widget)


def on_change(widget: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the practitioner changes the widget."""

    def changed(*_: object) -> None:
        slot()

    kind = _kind(widget)
    for signal in kind.signals(widget) if kind is not None else []:
        signal.connect(changed)


def lock(widget: QWidget, locked: bool) -> None:
    """Read-only as far as the widget allows (text stays readable); else disabled."""
    kind = _kind(widget)
    if kind is not None and kind.read_only:
        widget.setReadOnly(locked)  # type: ignore[attr-defined]  # each read-only kind has it
    else:
        widget.setEnabled(not locked)


class FieldForm(QWidget):
    """A QFormLayout of named fields, each with a hidden error label below it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, name: str, label: str, widget: _W) -> _W:
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(plain_label(label))
        widget.setObjectName(name)
        error = QLabel()
        error.setObjectName(f"{name}_error")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.setAccessibleName(f"{plain_label(label)} problem")
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        self.layout_.addRow(caption, holder)
        if isinstance(widget, LimitedTextEdit | LimitedLineEdit):
            widget.refused.connect(lambda message, n=name: self.show_errors({n: message}))
        self.fields[name] = widget
        self.labels[name] = caption
        self.errors[name] = error
        return widget

    def show_errors(self, problems: dict[str, str]) -> None:
        """Show each message under its field and put the cursor in the first bad field."""
        self.clear_errors()
        first = None
        for name, message in problems.items():
            if name not in self.errors:
                continue
            self.errors[name].setText(message)
            self.errors[name].show()
            self.fields[name].setAccessibleDescription(message)
            first = first or self.fields[name]
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        for name, label in self.errors.items():
            label.hide()
            label.clear()
            self.fields[name].setAccessibleDescription("")

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

    def snapshot(self) -> dict[str, object]:
        return {name: field_value(widget) for name, widget in self.fields.items()}

    def date_problems(self) -> dict[str, str]:
        """Messages for date boxes holding something that is not a date."""
        return {
            name: problem
            for name, widget in self.fields.items()
            if isinstance(widget, DateField) and (problem := widget.problem())
        }
