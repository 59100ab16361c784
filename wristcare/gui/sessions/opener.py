"""Opening note windows: one window per note, a new session for a patient (or their own
unsigned draft again), and closing them all (each saves its draft first)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import get_patient
from wristcare.clinic.sessions import find_draft, get_note, start_follow_up
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.sessions.note_window import NoteWindow

NOBODY = (
    "Nobody is set up as the practitioner using WristCare, so no note can be written yet. "
    "Add yourself with File → Practitioners."
)


class NoteOpener(QObject):
    changed = Signal(int)  # a patient whose notes changed
    plan_requested = Signal(int)  # a patient whose plan to show

    def __init__(self, database: Database, context: ClinicContext | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.context = context
        self.windows: dict[int, NoteWindow] = {}

    def use_context(self, context: ClinicContext | None) -> None:
        """Notes opened from now on are written as this practitioner."""
        self.context = context

    def open(self, session_id: int) -> NoteWindow | None:
        """Show the note (its window comes to the front if it is already open)."""
        window = self.windows.get(session_id)
        if window is None:
            try:
                note = get_note(self.database, session_id)
                name = get_patient(self.database, note.patient_id).details.name
            except WristCareError as error:
                crash.show_error(self.parent(), error)  # type: ignore[arg-type]
                return None
            window = NoteWindow(self.database, self.context, note, name)
            window.changed.connect(self.changed)
            window.plan_requested.connect(self.plan_requested)
            window.closed.connect(lambda s: self.windows.pop(s, None))
            self.windows[session_id] = window
            window.show()
            window.focus_first()
        window.raise_()
        window.activateWindow()
        return window

    def new(self, patient_id: int) -> NoteWindow | None:
        """A new note for the patient; their unsigned draft of mine instead, if there is one
        (a second draft would leave the first forgotten)."""
        if self.context is None:
            crash.show_error(self.parent(), WristCareError(NOBODY))  # type: ignore[arg-type]
            return None
        try:
            draft = find_draft(self.database, patient_id)
            if draft is None or draft.practitioner_id != self.context.actor.practitioner_id:
                draft = start_follow_up(self.database, self.context, patient_id)
                self.changed.emit(patient_id)
        except WristCareError as error:
            crash.show_error(self.parent(), error)  # type: ignore[arg-type]
            return None
        return self.open(draft.id)

    def close_all(self) -> bool:
        """Close every note window (each saves first); False if one stayed open."""
        return all(window.close() for window in list(self.windows.values()))
