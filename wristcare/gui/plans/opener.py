"""Opening plan windows: one window per plan, a new or copied plan for a patient, the
patient's current plan (from a session note), and closing them all (each saves first)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import get_patient
from wristcare.clinic.plans import copy_plan, create_plan, current_plan, get_plan, list_plans
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.plans.plan_window import PlanWindow

NOBODY = (
    "Nobody is set up as the practitioner using WristCare, so no plan can be written yet. "
    "Add yourself with File → Practitioners."
)


class PlanOpener(QObject):
    changed = Signal(int)  # a patient whose plans changed
    session_started = Signal(int)  # a session note to open

    def __init__(self, database: Database, context: ClinicContext | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.context = context
        self.windows: dict[int, PlanWindow] = {}

    def use_context(self, context: ClinicContext | None) -> None:
        """Plans opened from now on are written as this practitioner."""
        self.context = context

    def _error(self, error: WristCareError) -> None:
        crash.show_error(self.parent(), error)  # type: ignore[arg-type]

    def open(self, plan_id: int) -> PlanWindow | None:
        """Show the plan (its window comes to the front if it is already open)."""
        window = self.windows.get(plan_id)
        if window is None:
            try:
                plan = get_plan(self.database, plan_id)
                patient = get_patient(self.database, plan.patient_id)
            except WristCareError as error:
                self._error(error)
                return None
            window = PlanWindow(
                self.database, self.context, plan, patient.details.name, patient.record_number
            )
            window.changed.connect(self.changed)
            window.session_started.connect(self.session_started)
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
        if self.context is None:
            self._error(WristCareError(NOBODY))
            return None
        try:
            plan = create_plan(self.database, self.context, patient_id)
        except WristCareError as error:
            self._error(error)
            return None
        self.changed.emit(patient_id)
        return self.open(plan.id)

    def copy(self, plan_id: int) -> PlanWindow | None:
        """A new draft from an earlier plan."""
        if self.context is None:
            self._error(WristCareError(NOBODY))
            return None
        try:
            plan = copy_plan(self.database, self.context, plan_id)
        except WristCareError as error:
            self._error(error)
            return None
        self.changed.emit(plan.patient_id)
        return self.open(plan.id)

    def open_for_patient(self, patient_id: int) -> PlanWindow | None:
        """The patient's current plan; else their latest; else a new draft."""
        try:
            plan = current_plan(self.database, patient_id)
            rows = list_plans(self.database, patient_id) if plan is None else []
        except WristCareError as error:
            self._error(error)
            return None
        if plan is not None:
            return self.open(plan.id)
        if rows:
            return self.open(rows[0].id)
        return self.new(patient_id)

    def close_all(self) -> bool:
        """Close every plan window (each saves first); False if one stayed open."""
        return all(window.close() for window in list(self.windows.values()))
