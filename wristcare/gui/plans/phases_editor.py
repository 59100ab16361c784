"""The schedule: phases such as "twice a week for 3 weeks, then weekly", and the planned
number of sessions, which follows as the phases are typed."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from wristcare.clinic.plans import PhaseDetails
from wristcare.gui.plans.rows import EditorRow, RowList
from wristcare.gui.widgets.fields import line_box, named


def _spin(low: int, high: int, name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    named(box, name)
    return box


class PhaseRow(EditorRow):
    def __init__(self, number: int, phase: PhaseDetails) -> None:
        super().__init__(number)
        what = f"Phase {number}"
        self.per_week = self.field(
            "sessions_per_week", "Sessions a week", _spin(1, 7, f"{what} sessions a week")
        )
        self.weeks = self.field("weeks", "Weeks", _spin(1, 52, f"{what} weeks"))
        self.note = self.field("note", "Note", named(line_box(), f"{what} note"))
        self.note.setPlaceholderText("Note, for example: then review")
        line = QHBoxLayout()
        line.addWidget(QLabel(f"<b>{number}.</b>"))
        line.addWidget(self.per_week)
        line.addWidget(QLabel("sessions a week for"))
        line.addWidget(self.weeks)
        line.addWidget(QLabel("weeks"))
        line.addWidget(self.note, 1)
        line.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addLayout(line)
        layout.addWidget(self.error)
        self.per_week.setValue(phase.sessions_per_week)
        self.weeks.setValue(phase.weeks)
        self.note.setText(phase.note)

    def details(self) -> PhaseDetails:
        return PhaseDetails(
            sessions_per_week=self.per_week.value(), weeks=self.weeks.value(), note=self.note.text()
        )


class PhasesEditor(QWidget):
    """The phases and "Planned sessions: N" under them."""

    def __init__(self) -> None:
        super().__init__()
        self.list = RowList("phases", PhaseRow, PhaseDetails, "Add p&hase", "No schedule yet.")
        self.total = QLabel()
        self.total.setAccessibleName("Planned sessions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.total)
        self.list.changed.connect(self.update_total)
        self.update_total()

    def planned_sessions(self) -> int:
        return sum(p.sessions_per_week * p.weeks for p in self.list.values())

    def update_total(self) -> None:
        self.total.setText(f"<b>Planned sessions: {self.planned_sessions()}</b>")

    def load(self, phases: list[PhaseDetails]) -> None:
        self.list.load(phases)
        self.update_total()
