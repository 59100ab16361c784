"""The Sessions tab of a patient's record: their notes, newest first, and "New session";
plus the bar above the record that offers an unsigned draft when the patient opens."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import SessionRow, list_patient_sessions
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.sessions.list_model import SessionListModel
from wristcare.gui.sessions.table import SessionTable
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.fields import button

NEW_SESSION_KEYS = "Ctrl+Shift+N"


class DraftBar(QWidget):
    """ "Unsigned draft from 12/06/2025 — Open draft", shown while the patient has one."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBar")
        self.text = QLabel()
        self.text.setProperty("role", "error")
        self.open_button = button("Open draft (Ctrl+Shift+D)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.open_button)
        self.session_id: int | None = None
        self.open_button.clicked.connect(self._open)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, activated=self._open)
        self.hide()

    def show_draft(self, row: SessionRow | None) -> None:
        self.session_id = None if row is None else row.id
        if row is None:
            self.hide()
            return
        self.text.setText(
            f"Unsigned session note from {format_date(row.local_date)} by "
            f"{row.practitioner_name}: finish and sign it."
        )
        self.show()

    def _open(self) -> None:
        if self.session_id is not None and self.isVisible():
            self.open_requested.emit(self.session_id)


class PatientSessionsPanel(QWidget):
    """One patient's session notes. Emits what to open; the note windows are opened by
    the Sessions section (MainWindow wires the two)."""

    open_requested = Signal(int)  # session id
    new_requested = Signal(int)  # patient id

    def __init__(
        self,
        database: Database,
        context: ClinicContext | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.patient_id: int | None = None
        self._rows: list[SessionRow] = []
        self.model = SessionListModel(
            lambda offset, limit: self._rows[offset : offset + limit],
            lambda: len(self._rows),
            with_patient=False,
            parent=self,
        )
        self.table = SessionTable(
            self.model, "Sessions of this patient", (128, 100, 170, 70, 120), stretch=1
        )
        self.new_button = button("New session")
        self.new_button.setToolTip(NEW_SESSION_KEYS)
        self.count = QLabel()
        self.count.setAccessibleName("Sessions recorded")
        self.draft_bar = DraftBar()
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.table.open_requested.connect(self.open_requested)
        self.draft_bar.open_requested.connect(self.open_requested)
        self.new_button.clicked.connect(self.request_new)
        self.model.failed.connect(lambda error: crash.show_error(self, error))
        self.use_context(context)

    def use_context(self, context: ClinicContext | None) -> None:
        """Times in the clinic's zone (the list is read again when a patient opens)."""
        if context is not None:
            self.model.set_tz(context.tz)

    def request_new(self) -> None:
        if self.patient_id is not None:
            self.new_requested.emit(self.patient_id)

    def show_patient(self, patient_id: int | None) -> None:
        """List the patient's notes (None: no patient, an empty list)."""
        self.patient_id = patient_id
        self.reload()

    def notes_changed(self, patient_id: int) -> None:
        """A note was written: the list and the draft bar follow if it is this patient's."""
        if patient_id == self.patient_id:
            self.reload()

    def reload(self) -> None:
        if self.patient_id is None:
            self._rows = []
        else:
            try:
                self._rows = list_patient_sessions(self.database, self.patient_id)
            except WristCareError as error:  # shown, and the list is left empty
                self._rows = []
                crash.show_error(self, error)
        self.model.refresh()
        total = len(self._rows)
        self.count.setText(
            "No sessions yet: Ctrl+Shift+N starts one"
            if total == 0
            else ("1 session" if total == 1 else f"{total} sessions")
        )
        self.draft_bar.show_draft(next((row for row in self._rows if row.is_draft), None))
