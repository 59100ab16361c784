"""Opening plan windows: one window per plan, a new or copied plan for a patient, the
patient's current plan (from a session note), and closing them all (each saves first)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from wristcare.clinic.patients import PatientRecord, get_patient
from wristcare.clinic.plans import (
    PlanRow,
    PlanView,
    copy_plan,
    create_plan,
    current_plan,
    get_plan,
    list_plans,
)
from wristcare.db.engine import Database
from wristcare.gui import ops
from wristcare.gui.events import AppEvents, Changes
from wristcare.gui.plans.plan_window import PlanWindow


class PlanOpener(QObject):
    """Answers the app's requests to open, start or copy a plan."""

    def __init__(self, database: Database, events: AppEvents, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.events = events
        self.windows: dict[int, PlanWindow] = {}
        events.open_plan_requested.connect(self.open)
        events.new_plan_requested.connect(self.new)
        events.copy_plan_requested.connect(self.copy)
        events.patient_plan_requested.connect(self.open_for_patient)

    def _parent(self) -> QWidget:
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    def open(self, plan_id: int) -> PlanWindow | None:
        """Show the plan (its window comes to the front if it is already open)."""
        window = self.windows.get(plan_id)
        if window is None:

            def read() -> tuple[PlanView, PatientRecord]:
                plan = get_plan(self.database, plan_id)
                return plan, get_patient(self.database, plan.patient_id)

            found = ops.call(self._parent(), read)
            if found is ops.FAILED:
                return None
            plan, patient = found
            window = PlanWindow(
                self.database, self.events, plan, patient.details.name, patient.record_number
            )
            window.copy_requested.connect(self.copy)
            window.closed.connect(lambda p: self.windows.pop(p, None))
            self.windows[plan_id] = window
            window.show()
            window.form.focus_first()
        window.raise_()
        window.activateWindow()
        return window

    def new(self, patient_id: int) -> PlanWindow | None:
        """A new draft plan for the patient."""
        context = self.events.require_context(self._parent())
        if context is None:
            return None
        plan = ops.call(
            self._parent(),
            lambda: create_plan(self.database, context, patient_id),
            events=self.events,
            changes=Changes(plans=(patient_id,)),
        )
        return None if plan is ops.FAILED else self.open(plan.id)

    def copy(self, plan_id: int) -> PlanWindow | None:
        """A new draft from an earlier plan."""
        context = self.events.require_context(self._parent())
        if context is None:
            return None
        plan = ops.call(
            self._parent(),
            lambda: copy_plan(self.database, context, plan_id),
            events=self.events,
            changes=lambda copied: Changes(plans=(copied.patient_id,)),
        )
        return None if plan is ops.FAILED else self.open(plan.id)

    def open_for_patient(self, patient_id: int) -> PlanWindow | None:
        """The patient's current plan; else their latest; else a new draft."""

        def read() -> tuple[PlanView | None, list[PlanRow]]:
            plan = current_plan(self.database, patient_id)
            return plan, list_plans(self.database, patient_id) if plan is None else []

        found = ops.call(self._parent(), read)
        if found is ops.FAILED:
            return None
        plan, rows = found
        if plan is not None:
            return self.open(plan.id)
        if rows:
            return self.open(rows[0].id)
        return self.new(patient_id)

    def close_all(self) -> bool:
        """Close every plan window (each saves first); False if one stayed open."""
        return all(window.close() for window in list(self.windows.values()))
