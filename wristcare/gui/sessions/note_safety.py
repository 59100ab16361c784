"""The safety rules wired into the note window: the patient's facts read once in the
background when the note opens, the pure rules run again on each edit of the treatment,
and what stands in the way of signing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.sessions import SessionDetails, SessionNote
from wristcare.clinic.sessions.safety import SafetyFacts, load_safety_facts, note_findings
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui.tasks import run_in_background

if TYPE_CHECKING:
    from wristcare.gui.sessions.note_form import NoteForm


class NoteSafety(QObject):
    """Keeps ``form.treatment.safety`` showing what the rules say about the note."""

    def __init__(
        self, database: Database, form: NoteForm, sign_button: QPushButton, sign_hint: str
    ) -> None:
        super().__init__(form)
        self.database = database
        self.form = form
        self.panel = form.treatment.safety
        self.sign_button = sign_button
        self.sign_hint = sign_hint
        self.facts: SafetyFacts | None = None
        self.failed = False
        self._patient_day: tuple[int, date] | None = None
        # Any edit: a point picked, a channel added, a gauge, depth, side or adjunct set,
        # or the treatment replaced ("same as last session"). The rules take well under a
        # millisecond, and the rows are rebuilt only when what fires changes.
        form.changed.connect(self.refresh)
        form.treatment.points.points_changed.connect(self.refresh)
        self.panel.answered.connect(self._show_sign_state)

    def show_note(self, note: SessionNote, editable: bool) -> None:
        """A note was (re)loaded: a draft being written is checked live; any other note
        shows the findings as they were signed."""
        if not editable:
            self.panel.show_stored(note.safety)
            return
        self.panel.locked = False
        wanted = (note.patient_id, note.local_date)
        if self.facts is not None and wanted == self._patient_day:
            self.refresh()
            return
        self._patient_day = wanted
        run_in_background(
            lambda: load_safety_facts(self.database, note.patient_id, note.local_date),
            self._loaded,
            self._failed,
            owner=self.panel,
        )

    def _loaded(self, facts: SafetyFacts) -> None:
        self.facts = facts
        self.failed = False
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        # Signing still checks the rules (clinic/sessions/signing.py): the note is safe.
        self.failed = True
        message = error.message if isinstance(error, WristCareError) else "unexpected error."
        self.panel.show_unavailable(message)
        self._show_sign_state()

    def refresh(self) -> None:
        """Run the rules on the treatment as it is on screen now."""
        if self.facts is None or self.panel.locked:
            return
        details = SessionDetails()
        self.form.treatment.fill(details)
        try:
            findings = note_findings(self.facts, details)
        except ValidationError:
            return  # a value the rules cannot read yet; the note's own checks say which
        self.panel.show_findings(findings)
        self._show_sign_state()

    def _show_sign_state(self) -> None:
        """The sign button says why it cannot sign, on hover and to a screen reader."""
        problem = self.sign_problem(read_now=False)
        self.sign_button.setToolTip(problem or self.sign_hint)
        self.sign_button.setAccessibleDescription(problem or "")

    def sign_problem(self, read_now: bool = True) -> str | None:
        """Why the note cannot be signed yet, in words; None when the findings allow it."""
        if self.failed or self.panel.locked:
            return None
        if self.facts is None and self._patient_day is not None and read_now:
            # Signing before the background read is back: read now (signing itself
            # writes on this thread), so the findings are shown before anything is signed.
            patient_id, day = self._patient_day
            try:
                self._loaded(load_safety_facts(self.database, patient_id, day))
            except WristCareError:
                return None  # signing checks again, and says what is wrong
        blockers = self.panel.blockers()
        if not blockers:
            return None
        lines = [f"{b.finding.title}: {b.problem}." for b in blockers]
        return "Cannot sign yet. " + " ".join(lines)
