"""The whole note as one scrollable form, in SOAP order, with a strip of section links
so a practitioner sees where they are and jumps without hunting."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from wristcare.clinic.acupoints import PointInfo
from wristcare.clinic.sessions import SessionDetails
from wristcare.gui.sessions.assessment import AssessmentSection
from wristcare.gui.sessions.objective import ObjectiveSection
from wristcare.gui.sessions.response_plan import ResponsePlanSection
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.sessions.subjective import SubjectiveSection
from wristcare.gui.sessions.times import SessionTimes
from wristcare.gui.sessions.treatment import TreatmentSection
from wristcare.gui.widgets.fields import button, lock, on_change


class NoteForm(QWidget):
    """``load(details, tz)`` fills it, ``details()`` reads it; ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, resolve: Callable[[str], PointInfo]) -> None:
        super().__init__()
        self.times = SessionTimes()
        self.subjective = SubjectiveSection()
        self.objective = ObjectiveSection()
        self.assessment = AssessmentSection()
        self.treatment = TreatmentSection(resolve)
        self.plan = ResponsePlanSection()
        self.treatment.points.default_side = self.subjective.side.choice
        self.sections: list[NoteSection] = [
            self.subjective,
            self.objective,
            self.assessment,
            self.treatment,
            self.plan,
        ]
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(4, 0, 8, 0)
        for section in self.sections:
            body_layout.addWidget(section)
        # Amendments of a signed note go here, under the original (note_window.py).
        self.below = QVBoxLayout()
        body_layout.addLayout(self.below)
        body_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setAccessibleName("Session note")

        links = QHBoxLayout()
        links.setContentsMargins(0, 0, 0, 0)
        links.addWidget(self.times)
        links.addStretch(1)
        links.addWidget(QLabel("Go to:"))
        self.links = []
        for section in self.sections:
            link = button(section.title())
            link.setFlat(True)
            link.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            link.clicked.connect(lambda _=False, s=section: self.go_to(s))
            links.addWidget(link)
            self.links.append(link)
        self.problems = QLabel()
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems with this note")
        self.problems.hide()
        self._showing_errors = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(links)
        layout.addWidget(self.problems)
        layout.addWidget(self.scroll, 1)

        for widget in [
            *self.times.inputs(),
            *self.subjective.inputs(),
            *self.objective.inputs(),
            *self.assessment.inputs(),
            *self.treatment.watched(),
            *self.plan.watched(),
        ]:
            on_change(widget, self.changed.emit)
        self.treatment.points.changed.connect(self.changed)
        self.treatment.channels.changed.connect(self.changed)
        self.treatment.safety.answered.connect(self.changed)
        self.plan.events.changed.connect(self.changed)
        self._tab_order()
        self.treatment.points.points_changed.connect(self._tab_order)
        self.treatment.channels.changed.connect(self._tab_order)

    def _tab_order(self) -> None:
        """Tab goes down the note in SOAP order (rows added later included)."""
        chain = self.inputs()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def inputs(self) -> list[QWidget]:
        return [*self.times.inputs(), *(w for s in self.sections for w in s.inputs())]

    def go_to(self, section: QWidget) -> None:
        self.scroll.ensureWidgetVisible(section, 0, 0)
        self.scroll.verticalScrollBar().setValue(section.y())

    def load(self, details: SessionDetails, tz: ZoneInfo) -> None:
        self.blockSignals(True)
        self.times.load(details, tz)
        for section in self.sections:
            section.load(details)
        self.blockSignals(False)
        self._showing_errors = True  # clear whatever an earlier note showed
        self.show_errors({})
        self._tab_order()

    def details(self) -> SessionDetails:
        details = SessionDetails()
        self.times.fill(details)
        for section in self.sections:
            section.fill(details)
        return details

    def input_problems(self) -> dict[str, str]:
        """What the form itself can tell is unreadable (a date that is not a date)."""
        return {**self.times.problems(), **self.plan.input_problems()}

    def show_errors(self, problems: dict[str, str]) -> None:
        """Each message under its field; every message also in the list at the top."""
        if not problems and not self._showing_errors:
            return  # nothing to clear: no widget calls on every autosave
        self._showing_errors = bool(problems)
        for section in self.sections:
            section.show_errors(problems)
        self.problems.setText("\n".join(dict.fromkeys(problems.values())))
        self.problems.setVisible(bool(problems))

    def set_locked(self, locked: bool) -> None:
        """Read-only (a signed note, or another practitioner's draft) or editable."""
        for widget in self.inputs():
            lock(widget, locked)
        for section in self.sections:
            section.set_locked(locked)
