"""A one-line label that shortens its text with "…" to the room it has, never widening
the window: a 200-character name must not push the record off the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

# What the label asks for at most; the layout may give it more, or less.
PREFERRED_WIDTH = 360
MINIMUM_CHARACTERS = 8


class ElidedLabel(QLabel):
    """Plain text on one line; the whole text is in the tooltip when it is shortened."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self._elide()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def text(self) -> str:
        """The whole text, as set (what is painted may be shortened)."""
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._full) + self._padding()
        return QSize(min(width, PREFERRED_WIDTH), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        width = self.fontMetrics().averageCharWidth() * MINIMUM_CHARACTERS + self._padding()
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _padding(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right() + 2 * self.margin() + 2

    def _elide(self) -> None:
        room = max(self.width() - self._padding(), 0)
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        QLabel.setText(self, shown)
        self.setToolTip(self._full if shown != self._full else "")
