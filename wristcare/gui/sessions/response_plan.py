"""Response and plan: the patient's response, adverse events (kind from clinical.md's
list, severity, action taken), advice given, the next appointment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wristcare.clinic.sessions import AdverseEventDetails, SessionDetails
from wristcare.clinic.sessions.labels import ADVERSE_EVENTS, EVENT_SEVERITIES
from wristcare.db.vocab import AdverseEventKind, Severity
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import (
    Choice,
    FieldForm,
    button,
    enum_or_none,
    lock,
    named,
    on_change,
    text_box,
)


class EventRow:
    def __init__(self, number: int, event: AdverseEventDetails) -> None:
        what = f"Adverse event {number}"
        self.event = event
        self.kind = Choice(ADVERSE_EVENTS, f"{what} kind", required=True)
        self.severity = Choice(EVENT_SEVERITIES, f"{what} severity")
        self.serious = QCheckBox("Serious")
        self.serious.setAccessibleName("Serious")
        self.description = named(QLineEdit(), f"{what} description")
        self.action = named(QLineEdit(), f"{what} action taken")
        assert isinstance(self.description, QLineEdit) and isinstance(self.action, QLineEdit)
        self.description.setPlaceholderText("What happened")
        self.action.setPlaceholderText("Action taken")
        self.remove = button("Remove")
        self.remove.setAccessibleDescription(f"Remove adverse event {number}")
        self.kind.set_choice(event.kind)
        self.severity.set_choice(event.severity)
        self.serious.setChecked(event.serious)
        self.description.setText(event.description)
        self.action.setText(event.action_taken)

    def inputs(self) -> list[QWidget]:
        return [self.kind, self.severity, self.serious, self.description, self.action]

    def details(self) -> AdverseEventDetails:
        return AdverseEventDetails(
            kind=AdverseEventKind(self.kind.choice()),
            occurred_at=self.event.occurred_at,
            severity=enum_or_none(Severity, self.severity.choice()),
            serious=self.serious.isChecked(),
            description=self.description.text(),
            action_taken=self.action.text(),
            follow_up=self.event.follow_up,
        )


class AdverseEventsEditor(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[EventRow] = []
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(3, 1)
        self.grid.setColumnStretch(4, 1)
        self.add_button = button("Add adverse &event")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.none = QLabel("None recorded")
        self.none.hide()
        layout.addLayout(self.grid)
        layout.addWidget(self.none)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self.add_new)

    def add_new(self) -> None:
        self.add(AdverseEventDetails())
        self.rows[-1].kind.setFocus()

    def add(self, event: AdverseEventDetails) -> None:
        row = EventRow(len(self.rows) + 1, event)
        for column, widget in enumerate([*row.inputs(), row.remove]):
            self.grid.addWidget(widget, len(self.rows), column)
        for widget in row.inputs():
            on_change(widget, self.changed.emit)
        row.remove.clicked.connect(lambda _=False, r=row: self.remove(r))
        self.rows.append(row)
        self.changed.emit()

    def remove(self, row: EventRow) -> None:
        self.load([r.details() for r in self.rows if r is not row])
        self.changed.emit()

    def load(self, events: list[AdverseEventDetails]) -> None:
        for row in self.rows:
            for widget in [*row.inputs(), row.remove]:
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for event in events:
            self.add(event)

    def events(self) -> list[AdverseEventDetails]:
        return [row.details() for row in self.rows]

    def inputs(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.inputs()] + [self.add_button]

    def set_locked(self, locked: bool) -> None:
        for row in self.rows:
            for widget in row.inputs():
                lock(widget, locked)
            row.remove.setVisible(not locked)
        self.add_button.setVisible(not locked)
        self.none.setVisible(locked and not self.rows)


class ResponsePlanSection(NoteSection):
    def __init__(self) -> None:
        super().__init__("Response and plan")
        self.form = FieldForm()
        self.response = self.form.add("response", "Patient &response", text_box(2))
        self.events = AdverseEventsEditor()
        self.form.add("adverse_events", "Adverse events", self.events)
        self.advice = self.form.add("advice", "Advice &given", text_box(2))
        self.next_appointment = self.form.add(
            "next_appointment_on", "Ne&xt appointment", DateField()
        )
        self.next_appointment.setMaximumWidth(120)
        self.plan_notes = self.form.add("plan_notes", "Plan", text_box(2))
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.problem)

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def inputs(self) -> list[QWidget]:
        return [self.response, *self.events.inputs(), self.advice, self.next_appointment,
                self.plan_notes]  # fmt: skip

    def watched(self) -> list[QWidget]:
        return [self.response, self.advice, self.next_appointment, self.plan_notes]

    def load(self, details: SessionDetails) -> None:
        self.response.setPlainText(details.response)
        self.events.load(details.adverse_events)
        self.advice.setPlainText(details.advice)
        self.next_appointment.set_date(details.next_appointment_on)
        self.plan_notes.setPlainText(details.plan_notes)

    def fill(self, details: SessionDetails) -> None:
        details.response = self.response.toPlainText()
        details.adverse_events = self.events.events()
        details.advice = self.advice.toPlainText()
        details.next_appointment_on = self.next_appointment.date()
        details.plan_notes = self.plan_notes.toPlainText()

    def input_problems(self) -> dict[str, str]:
        return self.form.date_problems()

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        shown = super().show_errors(problems)
        events = {k: v for k, v in problems.items() if k.startswith("adverse_events.")}
        lines = [f"Adverse event {int(k.split('.')[1]) + 1}: {v}" for k, v in events.items()]
        self.problem.setText("\n".join(lines))
        self.problem.setVisible(bool(lines))
        return shown | set(events)

    def set_locked(self, locked: bool) -> None:
        self.events.set_locked(locked)
        for widget in self.watched():
            lock(widget, locked)
