"""The Patients page: the list beside the open record, and the keyboard shortcuts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QWidget

from wristcare.clinic import patients
from wristcare.db.engine import Database
from wristcare.gui.events import AppEvents
from wristcare.gui.patients.list_model import PatientListModel
from wristcare.gui.patients.list_panel import PatientListPanel
from wristcare.gui.patients.record_view import PatientRecordView


class PatientsPage(QWidget):
    def __init__(
        self,
        database: Database,
        events: AppEvents,
        *,
        page_size: int = 100,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The record first: the list dates overdue reviews by the record's clinic context.
        self.record = PatientRecordView(database, events)
        self.model = PatientListModel(
            lambda query, offset, limit: patients.find_patients(
                database, query, offset=offset, limit=limit
            ),
            page_size=page_size,
            today=self._clinic_today,
            parent=self,
        )
        self.list = PatientListPanel(self.model)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.record)
        # Half and half: the list's six columns fit at 1366 pixels, and the record's two
        # columns of fields stay readable at 1280.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([600, 600])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.list.open_requested.connect(self.open_patient)
        self.list.new_requested.connect(self.new_patient)
        self.record.saved.connect(self._saved)
        self.record.open_requested.connect(self.open_patient)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.list.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_patient)
        # The list shows the current plan's next review.
        events.plan_changed.connect(self._plans_changed)

    def _clinic_today(self) -> date:
        # Until someone is set up there is no clinic context: the machine's date then.
        context = self.record.context
        return context.today() if context is not None else date.today()

    def load(self) -> None:
        """Fill the list (called once the database is open)."""
        self.model.refresh()

    def open_patient(self, patient_id: int) -> None:
        """Show a patient's record as it is in the database now.

        Opening the patient already shown reads the record again (asking first about
        unsaved edits): after "someone else saved this record", that is how the
        practitioner sees the other changes and can carry on.
        """
        again = self.record.patient_id == patient_id and not self.record.is_new
        if not self.record.confirm_leave():
            return
        self.record.show_patient(patient_id)
        overview = self.record.overview
        if overview is not None and self.record.patient_id == patient_id:
            self.list.select_patient(patient_id, overview.record.record_number)
        if again:
            self.record.details.name.setFocus()

    def new_patient(self) -> None:
        if not self.record.confirm_leave():
            return
        self.list.table.clearSelection()
        self.record.start_new()

    def confirm_leave(self) -> bool:
        return self.record.confirm_leave()

    def _plans_changed(self, _patient_id: int) -> None:
        self.list.refresh()

    def _saved(self, patient_id: int) -> None:
        self.list.refresh()
        self.list.select_patient(patient_id)
