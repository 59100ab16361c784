"""The safety banner shown wherever a patient is shown (record, session note, plan).

No alert may ever be cut off unseen. The strip shows as many chips as fit on a few lines
(STOP first, then CAUTION, then NOTE, as the clinic layer orders them), each shortened to
the width it has; when any is left out or shortened, a "+N more" button (also Ctrl+Shift+A)
opens the whole list, which scrolls rather than clips.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.alerts import Alert
from wristcare.db.vocab import FindingLevel
from wristcare.gui.widgets.level_colours import LEVEL_COLOURS

# Word, text and background colours (widgets/level_colours.py) and border colour per
# level; the words carry the meaning too, so nothing depends on colour alone.
STYLES = {
    FindingLevel.STOP: ("STOP", *LEVEL_COLOURS[FindingLevel.STOP], "#b91c1c"),
    FindingLevel.CAUTION: ("CAUTION", *LEVEL_COLOURS[FindingLevel.CAUTION], "#d97706"),
    FindingLevel.INFO: ("NOTE", *LEVEL_COLOURS[FindingLevel.INFO], "#3b6ea5"),
}
# Lines of chips before the rest go behind "+N more": room for the record below.
MAX_LINES = 3
SPACING = 6
SHOW_ALL_KEY = "Ctrl+Shift+A"
CHIP_MIN_WIDTH = 240


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _plain(alert: Alert) -> str:
    return f"{alert.title} — {alert.advice}" if alert.advice else alert.title


class AlertChip(QLabel):
    """One alert: level word in bold, then what to do, shortened to the room given."""

    def __init__(self, alert: Alert, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        word, fg, bg, border = STYLES[alert.level]
        self.alert = alert
        self.word = word
        self.setObjectName(f"alert_{alert.key}")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(f"{word.title()}: {alert.text}")
        self.setToolTip(f"{word}: {alert.text}")
        self.setStyleSheet(
            f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border};"
            " border-radius: 4px; padding: 3px 8px; }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.elided = False
        self.fit(None)

    def fit(self, width: int | None) -> QSize:
        """Show as much of the alert as fits in ``width`` (all of it for None); the size."""
        full = _plain(self.alert)
        self._show(full)
        natural = self.sizeHint()
        if width is None or natural.width() <= width:
            self.elided = False
            return natural
        # Shorten the text by what is too wide, measured on the label as it renders
        # (padding, border and the bold word included); twice is enough in practice.
        room = self.fontMetrics().horizontalAdvance(full) - (natural.width() - width)
        for _ in range(3):
            shown = self.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, max(room, 0))
            self._show(shown)
            over = self.sizeHint().width() - width
            if over <= 0:
                break
            room -= over
        self.elided = True
        return QSize(min(self.sizeHint().width(), width), natural.height())

    def _show(self, text: str) -> None:
        self.setText(f"<b>{self.word}</b>&nbsp; {_escape(text)}")


class AlertListDialog(QDialog):
    """Every alert of the patient, in order, in a list that scrolls instead of clipping."""

    def __init__(self, alerts: list[Alert], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Safety alerts")
        self.list = QTextBrowser()
        self.list.setAccessibleName("All safety alerts")
        self.list.setOpenLinks(False)
        paragraphs = []
        for alert in alerts:
            word, fg, bg, _ = STYLES[alert.level]
            paragraphs.append(
                f'<p style="color:{fg}; background:{bg};"><b>{word}</b>&nbsp; '
                f"{_escape(_plain(alert))}</p>"
            )
        self.list.setHtml("".join(paragraphs))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(640, screen.width() * 4 // 5), min(480, screen.height() * 4 // 5))
        self.list.setFocus()

    def plain_text(self) -> str:
        return self.list.toPlainText()


class AlertBanner(QWidget):
    """Active alerts as compact chips on up to MAX_LINES lines, and "+N more"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Safety alerts")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._alerts: list[Alert] = []
        self._chips: list[AlertChip] = []
        self.more = QPushButton("Show all", self)
        self.more.setAccessibleName("Show all")
        self.more.setObjectName("moreAlerts")
        self.more.setToolTip(f"Show every alert ({SHOW_ALL_KEY})")
        self.more.clicked.connect(self.show_all)
        self.more.hide()
        self.popup: AlertListDialog | None = None
        QShortcut(QKeySequence(SHOW_ALL_KEY), self, activated=self.show_all)
        self.hidden_count = 0

    def set_alerts(self, alerts: list[Alert]) -> None:
        for chip in self._chips:
            chip.hide()
            chip.deleteLater()
        self._alerts = list(alerts)
        self._chips = [AlertChip(alert, self) for alert in alerts]
        self.setVisible(bool(alerts))
        self._arrange(self.width(), move=True)
        self.updateGeometry()

    def alerts(self) -> list[Alert]:
        return list(self._alerts)

    def texts(self) -> list[str]:
        return [a.text for a in self._alerts]

    def shown_chips(self) -> list[AlertChip]:
        """The chips on the strip (some may be shortened; their tooltip has it all)."""
        return [chip for chip in self._chips if not chip.isHidden()]

    def show_all(self) -> None:
        """Open the list of every alert (the "+N more" button and Ctrl+Shift+A)."""
        if not self._alerts:
            return
        if self.popup is not None:
            self.popup.deleteLater()
        self.popup = AlertListDialog(self._alerts, self)
        self.popup.open()

    # Layout: done here, not by a QLayout, because what is shown depends on the width.

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width, move=False)

    def sizeHint(self) -> QSize:
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.heightForWidth(max(self.width(), 100)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange(self.width(), move=True)

    def _place(self, width: int, widest: int) -> tuple[list[tuple[AlertChip, QRect, int]], bool]:
        """Chips left to right, wrapping, each at most ``widest``: (chip, where, line)
        for those that fit on MAX_LINES lines, and whether any was left out."""
        placed: list[tuple[AlertChip, QRect, int]] = []
        x = y = line_height = 0
        line = 1
        for chip in self._chips:
            size = chip.fit(widest)
            if x > 0 and x + size.width() > width:
                if line == MAX_LINES:
                    return placed, True
                line += 1
                x, y, line_height = 0, y + line_height + SPACING, 0
            placed.append((chip, QRect(x, y, size.width(), size.height()), line))
            x += size.width() + SPACING
            line_height = max(line_height, size.height())
        return placed, False

    def _arrange(self, width: int, *, move: bool, dry_run: bool = False) -> int:
        """Place chips left to right, wrapping; returns the height used."""
        width = max(width, 1)
        if not move:
            # Measuring for another width must not change what the chips show now.
            saved = [(chip, chip.text(), chip.elided) for chip in self._chips]
            more_text = self.more.text()
            try:
                return self._arrange(width, move=True, dry_run=True)
            finally:
                for chip, text, elided in saved:
                    chip.setText(text)
                    chip.elided = elided
                self.more.setText(more_text)
        # Each chip whole if they all fit on the lines allowed; else no chip wider than
        # half the strip (or 240 px on a narrow one), so that several alerts show at a
        # glance rather than one long one per line.
        half = max(width // 2 - SPACING, min(width, CHIP_MIN_WIDTH))
        placed, left_out = self._place(width, width)
        if left_out or any(chip.elided for chip, _, _ in placed):
            placed, left_out = self._place(width, half)
        hidden = len(self._chips) - len(placed)
        shortened = any(chip.elided for chip, _, _ in placed)
        more_rect = QRect()
        if left_out or shortened:
            self.more.setText(f"+{hidden} more" if hidden else "Show all")
            more_size = self.more.sizeHint()
            last_line = placed[-1][2] if placed else 1
            end_of_line = placed[-1][1].right() + SPACING + more_size.width() if placed else 0
            if last_line < MAX_LINES and end_of_line > width:
                last_line += 1  # the button starts a line of its own
            # On the last line allowed, chips make room for the button.
            while (
                placed
                and placed[-1][2] == last_line
                and (placed[-1][1].right() + SPACING + more_size.width() > width)
            ):
                placed.pop()
                hidden += 1
            self.more.setText(f"+{hidden} more" if hidden else "Show all")
            more_size = self.more.sizeHint()
            if placed and placed[-1][2] == last_line:
                end = placed[-1][1]
                more_rect = QRect(
                    end.right() + 1 + SPACING, end.y(), more_size.width(), end.height()
                )
            else:
                top = max((rect.bottom() + 1 + SPACING for _, rect, _ in placed), default=0)
                more_rect = QRect(0, top, more_size.width(), more_size.height())
        height = max((rect.bottom() + 1 for _, rect, _ in placed), default=0)
        height = max(height, more_rect.bottom() + 1 if more_rect.isValid() else 0)
        if move and not dry_run:
            shown = {id(chip) for chip, _, _ in placed}
            for chip, rect, _ in placed:
                chip.setGeometry(rect)
                chip.show()
            for chip in self._chips:
                if id(chip) not in shown:
                    chip.hide()
            self.hidden_count = hidden if more_rect.isValid() else 0
            if more_rect.isValid():
                self.more.setAccessibleName(self.more.text())
                self.more.setAccessibleDescription(
                    f"Show all {len(self._alerts)} safety alerts ({SHOW_ALL_KEY})"
                )
                self.more.setGeometry(more_rect)
                self.more.show()
            else:
                self.more.hide()
        return height


__all__ = ["AlertBanner", "AlertChip", "AlertListDialog"]
