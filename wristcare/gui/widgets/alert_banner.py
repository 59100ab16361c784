"""The safety banner shown wherever a patient is shown (record, session note, plan)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from wristcare.clinic.alerts import Alert
from wristcare.gui.widgets.flow_layout import FlowLayout

# Colours chosen for contrast (WCAG AA) on light backgrounds; the words carry the meaning
# too, so nothing depends on colour alone.
STYLES = {
    "stop": ("STOP", "#7f1d1d", "#fde2e2", "#b91c1c"),
    "caution": ("CAUTION", "#713f12", "#fef3c7", "#d97706"),
    "info": ("NOTE", "#1e3a5f", "#e0ecf8", "#3b6ea5"),
}


class AlertChip(QLabel):
    """One alert: level word in bold, then what to do."""

    def __init__(self, alert: Alert, parent: QWidget | None = None) -> None:
        word, fg, bg, border = STYLES[alert.level]
        advice = f" — {alert.advice}" if alert.advice else ""
        super().__init__(f"<b>{word}</b>&nbsp; {_escape(alert.title)}{_escape(advice)}", parent)
        self.alert = alert
        self.setObjectName(f"alert_{alert.key}")
        self.setAccessibleName(f"{word.title()}: {alert.text}")
        self.setStyleSheet(
            f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border};"
            " border-radius: 4px; padding: 3px 8px; }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AlertBanner(QWidget):
    """Active alerts as compact chips that wrap onto more lines when there are many."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Safety alerts")
        self._layout = FlowLayout(self, spacing=6)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._alerts: list[Alert] = []

    def set_alerts(self, alerts: list[Alert]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self._alerts = list(alerts)
        for alert in alerts:
            self._layout.addWidget(AlertChip(alert, self))
        self.setVisible(bool(alerts))
        self.updateGeometry()

    def alerts(self) -> list[Alert]:
        return list(self._alerts)

    def texts(self) -> list[str]:
        return [a.text for a in self._alerts]


__all__ = ["AlertBanner", "AlertChip"]
