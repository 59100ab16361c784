"""Treatment: the points, electroacupuncture channels, adjuncts, and the needle count
(prefilled from the points; a difference needs the search and its outcome)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wristcare.clinic.acupoints import PointInfo
from wristcare.clinic.sessions import SessionDetails
from wristcare.clinic.sessions.details import ADJUNCTS
from wristcare.gui.sessions.channels_editor import ChannelsEditor
from wristcare.gui.sessions.points_editor import PointsEditor
from wristcare.gui.sessions.safety_panel import SafetyPanel
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.fields import FieldForm, NumberBox, button, checkbox, lock


class TreatmentSection(NoteSection):
    def __init__(self, resolve: Callable[[str], PointInfo]) -> None:
        super().__init__("Treatment")
        self.same_button = button("Same as &last session")
        self.same_button.setToolTip("Ctrl+Shift+L: copy the points and channels of the last note")
        self.points = PointsEditor(resolve)
        self.channels = ChannelsEditor()
        self.safety = SafetyPanel()
        self.adjuncts = {name: checkbox(label) for name, label in ADJUNCTS.items()}
        self.adjunct_notes = QLineEdit()
        self.adjunct_notes.setAccessibleName("Adjunct notes")
        self.adjunct_notes.setPlaceholderText("Adjunct notes: where, how long")
        self.counts = FieldForm()
        self.needles_in = self.counts.add("needles_in", "Needles &in", NumberBox(0, 500))
        self.needles_out = self.counts.add("needles_out", "Needles &out", NumberBox(0, 500))
        self.search_outcome = self.counts.add(
            "needle_search_outcome", "Search and outcome", QLineEdit()
        )
        self.search_outcome.setPlaceholderText(
            "Only when the counts differ: where you looked, what you found"
        )
        for box in (self.needles_in, self.needles_out):
            box.setMaximumWidth(70)
        self.points_problem = QLabel()
        self.points_problem.setProperty("role", "error")
        self.points_problem.setAccessibleName("Points problem")
        self.points_problem.setWordWrap(True)
        self.points_problem.hide()
        self._prefilled: int | None = None

        top = QHBoxLayout()
        heading = QLabel("<b>Points</b>")
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.same_button)
        adjunct_row = QHBoxLayout()
        adjunct_row.addWidget(QLabel("<b>Adjuncts</b>"))
        for box in self.adjuncts.values():
            adjunct_row.addWidget(box)
        adjunct_row.addWidget(self.adjunct_notes, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.safety)
        layout.addLayout(top)
        layout.addWidget(self.points)
        layout.addWidget(self.points_problem)
        layout.addWidget(QLabel("<b>Electroacupuncture</b>"))
        layout.addWidget(self.channels)
        layout.addLayout(adjunct_row)
        layout.addWidget(self.counts)
        self.points.points_changed.connect(self._points_changed)
        self.points.point_removed.connect(
            lambda index: self.channels.set_point_labels(self.points.labels(), removed=index)
        )

    def forms(self) -> list[FieldForm]:
        return [self.counts]

    def inputs(self) -> list[QWidget]:
        return [
            self.same_button,
            *self.points.inputs(),
            *self.channels.inputs(),
            *self.adjuncts.values(),
            self.adjunct_notes,
            self.needles_in,
            self.needles_out,
            self.search_outcome,
        ]

    def watched(self) -> list[QWidget]:
        """The inputs whose edits the points and channels editors do not report."""
        return [*self.adjuncts.values(), self.adjunct_notes, *self.counts.fields.values()]

    def _points_changed(self) -> None:
        self.channels.set_point_labels(self.points.labels())
        total = sum(point.needles for point in self.points.points())
        # The counts follow the points until the practitioner types a count of their own.
        for box in (self.needles_in, self.needles_out):
            if box.number() in (None, self._prefilled):
                box.set_number(total)
        self._prefilled = total

    def load(self, details: SessionDetails) -> None:
        self.safety.load(details.safety)
        self._prefilled = None
        self.needles_in.set_number(details.needles_in)
        self.needles_out.set_number(details.needles_out)
        self._prefilled = details.needles_from_points() if details.points else None
        self.points.blockSignals(True)
        self.points.load(details.points)
        self.points.blockSignals(False)
        self.channels.set_point_labels(self.points.labels())
        self.channels.load(details.channels)
        for name, box in self.adjuncts.items():
            box.setChecked(getattr(details, name))
        self.adjunct_notes.setText(details.adjunct_notes)
        self.search_outcome.setText(details.needle_search_outcome)

    def fill(self, details: SessionDetails) -> None:
        details.points = self.points.points()
        details.channels = self.channels.channels()
        for name, box in self.adjuncts.items():
            setattr(details, name, box.isChecked())
        details.adjunct_notes = self.adjunct_notes.text()
        details.needles_in = self.needles_in.number()
        details.needles_out = self.needles_out.number()
        details.needle_search_outcome = self.search_outcome.text()
        details.safety = self.safety.answers()

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        shown = super().show_errors(problems)
        rows = {k: v for k, v in problems.items() if k.startswith(("points", "channels"))}
        lines = []
        for key, message in rows.items():
            parts = key.split(".")
            if len(parts) >= 2 and parts[1].isdigit():
                kind = "Point" if parts[0] == "points" else "Channel"
                lines.append(f"{kind} {int(parts[1]) + 1}: {message}")
            else:
                lines.append(message)
        self.points_problem.setText("\n".join(lines))
        self.points_problem.setVisible(bool(lines))
        return shown | set(rows)

    def set_locked(self, locked: bool) -> None:
        self.points.set_locked(locked)
        self.channels.set_locked(locked)
        self.same_button.setVisible(not locked)
        for widget in self.watched():
            lock(widget, locked)
