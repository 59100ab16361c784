"""The whole plan as one scrollable form: problem and dates, goals, schedule, points,
home care, supplements and notes. ``load`` fills it, ``details`` reads it back."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.acupoints import PointInfo
from wristcare.clinic.plans import PlanDetails
from wristcare.gui.plans.goals_editor import goals_editor
from wristcare.gui.plans.homecare_editor import HomeCareEditor
from wristcare.gui.plans.phases_editor import PhasesEditor
from wristcare.gui.plans.plan_safety import PlanSafety
from wristcare.gui.plans.points_editor import PlanPointsEditor
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import FieldForm, lock, on_change, text_box


def _group(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


class PlanForm(QWidget):
    changed = Signal()

    def __init__(self, resolve: Callable[[str], PointInfo]) -> None:
        super().__init__()
        self.top = FieldForm()
        self.problem = self.top.add("problem", "&Problem", text_box(3))
        self.started_on = self.top.add("started_on", "Started", DateField())
        self.review_on = self.top.add("review_on", "Re&view on", DateField())
        for box in (self.started_on, self.review_on):
            box.setMaximumWidth(110)
        self.goals = goals_editor()
        self.phases = PhasesEditor()
        self.points = PlanPointsEditor(resolve)
        self.home_care = HomeCareEditor()
        self.safety = PlanSafety()
        self.bottom = FieldForm()
        self.supplements = self.bottom.add("supplements", "Supplements and herbs", text_box(2))
        self.supplements.setPlaceholderText(
            "Printed with the bleeding caution when the patient has an anticoagulant alert"
        )
        self.notes_for_patient = self.bottom.add(
            "notes_for_patient", "Notes for the patient", text_box(4)
        )
        self.notes_for_patient.setPlaceholderText("Plain words; printed on the care plan")
        self.private_notes = self.bottom.add("private_notes", "Private notes", text_box(3))
        self.private_notes.setPlaceholderText("For practitioners only; never printed")
        self.ended_on: date | None = None
        self.problems = QLabel()
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems with this plan")
        self.problems.hide()

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(4, 0, 8, 0)
        self.sections = [
            _group("Problem and dates", self.top),
            _group("Goals", self.goals),
            _group("Schedule", self.phases),
            _group("Point protocol", self.points),
            _group("Safety check", self.safety),
            _group("Home care", self.home_care),
            _group("Supplements and notes", self.bottom),
        ]
        for section in self.sections:
            body.addWidget(section)
        # The plan's handouts go here, under the plan (plan_window.py).
        self.below = QVBoxLayout()
        body.addLayout(self.below)
        body.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.body)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setAccessibleName("Treatment plan")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.problems)
        layout.addWidget(self.scroll, 1)

        for widget in [*self.top.fields.values(), *self.bottom.fields.values()]:
            on_change(widget, self.changed.emit)
        for editor in (self.goals, self.phases.list, self.points, self.home_care):
            editor.changed.connect(self.changed)

    def load(self, details: PlanDetails) -> None:
        self.blockSignals(True)
        self.ended_on = details.ended_on  # set by completing the plan, not typed
        self.problem.setPlainText(details.problem)
        self.started_on.set_date(details.started_on)
        self.review_on.set_date(details.review_on)
        self.goals.load(details.goals)
        self.phases.load(details.phases)
        self.points.load(details.points)
        self.home_care.load(details.home_care)
        self.supplements.setPlainText(details.supplements)
        self.notes_for_patient.setPlainText(details.notes_for_patient)
        self.private_notes.setPlainText(details.private_notes)
        self.blockSignals(False)
        self.show_errors({})

    def details(self) -> PlanDetails:
        return PlanDetails(
            problem=self.problem.toPlainText(),
            started_on=self.started_on.date(),
            review_on=self.review_on.date(),
            ended_on=self.ended_on,
            phases=self.phases.list.values(),
            points=self.points.points(),
            goals=self.goals.values(),
            home_care=self.home_care.items(),
            supplements=self.supplements.toPlainText(),
            notes_for_patient=self.notes_for_patient.toPlainText(),
            private_notes=self.private_notes.toPlainText(),
        )

    def input_problems(self) -> dict[str, str]:
        """What the form can tell is unreadable before asking the clinic layer."""
        return {**self.top.date_problems(), **self.goals.input_problems()}

    def show_errors(self, problems: dict[str, str], *, focus: bool = True) -> None:
        """Each message by its field (or row); all of them also listed at the top. With
        ``focus`` the cursor goes to the first bad field; without (an autosave while the
        practitioner types elsewhere) it stays where it is."""
        typing_in = QApplication.focusWidget()
        self.top.show_errors({k: v for k, v in problems.items() if k in self.top.fields})
        self.bottom.show_errors({k: v for k, v in problems.items() if k in self.bottom.fields})
        for rows in (self.goals, self.phases.list, self.points.list, self.home_care.list):
            rows.show_errors(problems)
        self.problems.setText("\n".join(dict.fromkeys(problems.values())))
        self.problems.setVisible(bool(problems))
        first = self._widget_for(next(iter(problems))) if problems and focus else None
        if first is not None:
            self.scroll.ensureWidgetVisible(first)
            first.setFocus(Qt.FocusReason.OtherFocusReason)
        elif typing_in is not None and self.isAncestorOf(typing_in):
            typing_in.setFocus(Qt.FocusReason.OtherFocusReason)

    def _widget_for(self, key: str) -> QWidget | None:
        """The input a message is about ("goals.1.target" -> goal 2's target box)."""
        for form in (self.top, self.bottom):
            if key in form.fields:
                return form.fields[key]
        parts = key.split(".")
        for rows in (self.goals, self.phases.list, self.points.list, self.home_care.list):
            if parts[0] != rows.key:
                continue
            if len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(rows.rows):
                row = rows.rows[int(parts[1])]
                return row.fields.get(".".join(parts[2:])) or next(iter(row.inputs()), None)
            return rows
        return None

    def inputs(self) -> list[QWidget]:
        return [
            *self.top.fields.values(),
            *self.goals.inputs(),
            *self.phases.list.inputs(),
            *self.points.inputs(),
            *self.home_care.inputs(),
            *self.bottom.fields.values(),
        ]

    def set_locked(self, locked: bool) -> None:
        for widget in [*self.top.fields.values(), *self.bottom.fields.values()]:
            lock(widget, locked)
        for rows in (self.goals, self.phases.list, self.points, self.home_care):
            rows.set_locked(locked)

    def focus_first(self) -> None:
        self.problem.setFocus(Qt.FocusReason.OtherFocusReason)
