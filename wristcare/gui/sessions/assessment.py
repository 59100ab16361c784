"""Assessment: tongue, pulse (overall and by position), pattern with a pick list of the
common ones, severity grade, working diagnosis and the differentials considered."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from wristcare.clinic.sessions import SessionDetails
from wristcare.clinic.sessions.details import COMMON_PATTERNS
from wristcare.clinic.sessions.labels import SEVERITIES
from wristcare.db.vocab import Severity
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.fields import Choice, FieldForm, enum_or_none, named, text_box

DIFFERENTIALS_HINT = "e.g. cubital tunnel, cervical radiculopathy, thoracic outlet, neuropathy"


def _line(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


class AssessmentSection(NoteSection):
    def __init__(self) -> None:
        super().__init__("Assessment")
        self.left = FieldForm()
        self.right = FieldForm()
        self.tongue = {
            "tongue_body": self.left.add("tongue_body", "&Tongue body colour", _line()),
            "tongue_coating": self.left.add("tongue_coating", "Tongue coating", _line()),
            "tongue_shape": self.left.add("tongue_shape", "Tongue shape", _line()),
        }
        self.pulse_overall = self.left.add(
            "pulse_overall", "P&ulse overall", _line("e.g. thin, wiry")
        )
        self.pulses: dict[str, QLineEdit] = {}
        for side in ("left", "right"):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            for place in ("cun", "guan", "chi"):
                edit = named(_line(place), f"Pulse {side} {place}")
                self.pulses[f"{side}_{place}"] = edit
                row.addWidget(edit)
            self.left.add(f"pulse_{side}", f"Pulse {side} (cun, guan, chi)", holder)
        self.pattern = QComboBox()
        self.pattern.setEditable(True)
        self.pattern.addItem("")
        self.pattern.addItems(list(COMMON_PATTERNS))
        self.pattern = self.right.add("pattern", "Patter&n", self.pattern)
        self.severity = self.right.add("severity", "Se&verity grade", Choice(SEVERITIES))
        self.working_diagnosis = self.right.add(
            "working_diagnosis", "Wor&king diagnosis", _line("e.g. carpal tunnel syndrome, right")
        )
        self.differentials = self.right.add(
            "differentials", "Differentials", _line(DIFFERENTIALS_HINT)
        )
        self.notes = self.right.add("assessment_notes", "Assessment notes", text_box(2))
        columns = QHBoxLayout(self)
        columns.addWidget(self.left, 1)
        columns.addWidget(self.right, 1)

    def forms(self) -> list[FieldForm]:
        return [self.left, self.right]

    def inputs(self) -> list[QWidget]:
        holders = {self.left.fields["pulse_left"], self.left.fields["pulse_right"]}
        found: list[QWidget] = []
        for widget in super().inputs():
            if widget in holders:
                side = "left" if widget is self.left.fields["pulse_left"] else "right"
                found += [self.pulses[f"{side}_{place}"] for place in ("cun", "guan", "chi")]
            else:
                found.append(widget)
        return found

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        # A pulse position's message goes under its row.
        moved = dict(problems)
        for key, message in problems.items():
            if key.startswith(("pulse_left_", "pulse_right_")):
                moved.setdefault(key.rsplit("_", 1)[0], message)
        shown = super().show_errors(moved)
        return shown | {k for k in problems if k.startswith(("pulse_left_", "pulse_right_"))}

    def load(self, details: SessionDetails) -> None:
        for name, edit in self.tongue.items():
            edit.setText(getattr(details, name))
        self.pulse_overall.setText(details.pulse_overall)
        for position, edit in self.pulses.items():
            edit.setText(getattr(details, f"pulse_{position}"))
        self.pattern.setEditText(details.pattern)
        self.severity.set_choice(details.severity)
        self.working_diagnosis.setText(details.working_diagnosis)
        self.differentials.setText(details.differentials)
        self.notes.setPlainText(details.assessment_notes)

    def fill(self, details: SessionDetails) -> None:
        for name, edit in self.tongue.items():
            setattr(details, name, edit.text())
        details.pulse_overall = self.pulse_overall.text()
        for position, edit in self.pulses.items():
            setattr(details, f"pulse_{position}", edit.text())
        details.pattern = self.pattern.currentText()
        details.severity = enum_or_none(Severity, self.severity.choice())
        details.working_diagnosis = self.working_diagnosis.text()
        details.differentials = self.differentials.text()
        details.assessment_notes = self.notes.toPlainText()
