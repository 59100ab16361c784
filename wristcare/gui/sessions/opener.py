"""Opening note windows: one window per note, a new session for a patient (or their own
unsigned draft again), and closing them all (each saves its draft first)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from wristcare.clinic.patients import get_patient
from wristcare.clinic.sessions import SessionNote, find_draft, get_note, start_follow_up
from wristcare.db.engine import Database
from wristcare.gui import ops
from wristcare.gui.events import AppEvents, Changes
from wristcare.gui.sessions.note_window import NoteWindow


class NoteOpener(QObject):
    """Answers the app's requests to open a note or start one."""

    def __init__(self, database: Database, events: AppEvents, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.events = events
        self.windows: dict[int, NoteWindow] = {}
        events.open_session_requested.connect(self.open)
        events.new_session_requested.connect(self.new)

    def _parent(self) -> QWidget:
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    def open(self, session_id: int) -> NoteWindow | None:
        """Show the note (its window comes to the front if it is already open)."""
        window = self.windows.get(session_id)
        if window is None:

            def read() -> tuple[SessionNote, str]:
                note = get_note(self.database, session_id)
                return note, get_patient(self.database, note.patient_id).details.name

            found = ops.call(self._parent(), read)
            if found is ops.FAILED:
                return None
            note, name = found
            window = NoteWindow(self.database, self.events, note, name)
            window.plan_requested.connect(self.events.patient_plan_requested)
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
        context = self.events.require_context(self._parent())
        if context is None:
            return None

        def draft_or_new() -> SessionNote:
            draft = find_draft(self.database, patient_id)
            if draft is None or draft.practitioner_id != context.actor.practitioner_id:
                return start_follow_up(self.database, context, patient_id)
            return draft

        draft = ops.call(
            self._parent(),
            draft_or_new,
            events=self.events,
            changes=Changes(sessions=(patient_id,)),
        )
        if draft is ops.FAILED:
            return None
        return self.open(draft.id)

    def close_all(self) -> bool:
        """Close every note window (each saves first); False if one stayed open."""
        return all(window.close() for window in list(self.windows.values()))
