"""Labelled form fields with their error message underneath.

Every field gets an accessible name equal to its visible label, so a screen reader says
what a sighted user reads.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QClipboard,
    QContextMenuEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.gui.widgets.date_field import DateField


def plain_label(text: str) -> str:
    """A label as read aloud: no mnemonic ampersand, no trailing colon or asterisk."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":* ")


def button(text: str, parent: QWidget | None = None) -> QPushButton:
    """A push button whose accessible name is its visible text."""
    widget = QPushButton(text, parent)
    widget.setAccessibleName(plain_label(text))
    return widget


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


def combo(choices: dict[str, str]) -> QComboBox:
    """A drop-down whose items carry the stored value as their data."""
    widget = QComboBox()
    for value, label in choices.items():
        widget.addItem(label, value)
    return widget


def set_combo(widget: QComboBox, value: str) -> None:
    index = widget.findData(value)
    widget.setCurrentIndex(max(index, 0))


def widget_text(widget: QWidget) -> object:
    """What a field holds, for change tracking."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    raise TypeError(type(widget).__name__)


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

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
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
        return {name: widget_text(widget) for name, widget in self.fields.items()}

    def date_problems(self) -> dict[str, str]:
        """Messages for date boxes holding something that is not a date."""
        return {
            name: problem
            for name, widget in self.fields.items()
            if isinstance(widget, DateField) and (problem := widget.problem())
        }
