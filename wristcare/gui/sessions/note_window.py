"""A session note in its own window: edit and autosave a draft, sign it, amend it.

Drafts save themselves AUTOSAVE_MS after the last edit (on the write thread: typing goes
on meanwhile), when the window closes and before signing, always with the version the
window last read, so two windows on one note cannot overwrite each other (the second is
told, and offered a reload). An edit made while a save is on its way is saved after it,
with the version it returns; closing waits for it first.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.acupoints import list_points
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import (
    SessionDetails,
    SessionNote,
    add_addendum,
    add_correction,
    get_note,
    last_prescription,
    mark_entered_in_error,
    resolve_point,
    save_draft,
    sign_session,
)
from wristcare.clinic.sessions.labels import STATUSES
from wristcare.db.engine import Database
from wristcare.db.vocab import SessionStatus
from wristcare.gui import dialogs, ops
from wristcare.gui.events import AppEvents
from wristcare.gui.outcomes.session_outcomes import SessionOutcomesButton
from wristcare.gui.safety.red_flag_panel import RedFlagPanel
from wristcare.gui.sessions.amendments import AmendmentsSection
from wristcare.gui.sessions.note_form import NoteForm
from wristcare.gui.sessions.note_safety import NoteSafety
from wristcare.gui.tasks import Task, run_in_background
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.elided_label import ElidedLabel
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.point_entry import ADD_POINT_KEYS

AUTOSAVE_MS = 2000
SIGN_KEYS = "Ctrl+Shift+S"
SAME_KEYS = "Ctrl+Shift+L"


class NoteWindow(QWidget):
    """One note. ``changed`` (patient id) after anything is written; the app's events
    hear it as ``session_changed``."""

    changed = Signal(int)
    closed = Signal(int)  # session id
    plan_requested = Signal(int)  # patient id: show their treatment plan

    def __init__(
        self,
        database: Database,
        events: AppEvents,
        note: SessionNote,
        patient_name: str,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.database = database
        self.events = events
        self.note = note
        self.patient_name = patient_name
        self._saved: SessionDetails | None = None
        # The write on its way (an autosave or the signing), and whether an edit made
        # meanwhile waits to be saved after it.
        self._writing: Task | None = None
        self._save_again = False
        self.resize(1366, 740)

        self.banner = QLabel()
        self.banner.setObjectName("noteBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Note status")
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved")
        self.red_flags = RedFlagPanel(database, events)
        self.sign_button = button("&Sign note…")
        self.sign_button.setToolTip(SIGN_KEYS)
        self.plan_button = button("Treatment plan")
        self.plan_button.setToolTip("The patient's current treatment plan")
        self.close_button = button("Close")
        self.close_button.setToolTip("Esc; the draft is saved first")
        top = QHBoxLayout()
        # A name at its length limit must not push the window off a 1280 px screen.
        title = ElidedLabel(patient_name)
        title.setObjectName("patientName")
        top.addWidget(title, 2)  # the name shares the room with the status line
        top.addWidget(self.banner, 3)
        top.addWidget(self.red_flags.chip)
        top.addWidget(self.saved_label)
        self.outcomes = SessionOutcomesButton(database, lambda: self.context, lambda: self.note)
        self.outcomes.recorded.connect(lambda _: self.changed.emit(self.note.patient_id))
        top.addWidget(self.outcomes)
        top.addWidget(self.plan_button)
        top.addWidget(self.sign_button)
        top.addWidget(self.close_button)

        self.form = NoteForm(lambda text: resolve_point(self.database, text))
        self.safety = NoteSafety(database, self.form, self.sign_button, SIGN_KEYS)
        self.amendments = AmendmentsSection()
        self.form.below.addWidget(self.amendments)
        self.form.below.insertWidget(0, self.red_flags)
        hints = QLabel(
            f"Keys: {SAME_KEYS} same as last session · {ADD_POINT_KEYS} add a point · "
            f"{SIGN_KEYS} sign · Alt+P first score"
        )
        hints.setObjectName("keyHints")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)
        layout.addWidget(hints)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_in_background)
        self.form.changed.connect(self._edited)
        self.red_flags.watch(self.form.details)
        self.form.changed.connect(self.red_flags.note_edited)
        self.red_flags.reveal_requested.connect(lambda: self.form.go_to(self.red_flags))
        self.red_flags.changed.connect(self.changed)
        self.changed.connect(events.session_changed)
        # Saved scores may change "not improving".
        self.changed.connect(lambda _: self.red_flags.refresh())
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.close)
        self.plan_button.clicked.connect(lambda: self.plan_requested.emit(self.note.patient_id))
        self.form.treatment.same_button.clicked.connect(self.same_as_last)
        QShortcut(QKeySequence(SIGN_KEYS), self, activated=self.sign)
        QShortcut(QKeySequence(SAME_KEYS), self, activated=self.same_as_last)
        QShortcut(QKeySequence(ADD_POINT_KEYS), self, activated=self.focus_add_point)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.amendments.addendum_requested.connect(self._addendum)
        self.amendments.correction_requested.connect(self._correction)
        self.amendments.error_mark_requested.connect(self._entered_in_error)
        self.show_note(note)
        run_in_background(
            lambda: list_points(database),
            self.form.treatment.points.set_library,
            lambda error: None,  # no completion; typing a code still works
            owner=self,
        )

    @property
    def context(self) -> ClinicContext | None:
        # Fixed while the window is open: switching practitioner closes it first.
        return self.events.context

    @property
    def busy(self) -> bool:
        """A save or the signing is on its way to the database."""
        return self._writing is not None and self._writing.pending

    # What is shown

    @property
    def editable(self) -> bool:
        return (
            self.note.is_draft
            and self.context is not None
            and self.note.practitioner_id == self.context.actor.practitioner_id
        )

    def _tz(self) -> ZoneInfo:
        return ZoneInfo(self.note.tz) if self.note.tz else ZoneInfo("UTC")

    def show_note(self, note: SessionNote) -> None:
        self.note = note
        details = note.to_details()
        self.form.load(details, self._tz())
        self._saved = copy.deepcopy(self.form.details())
        self.form.set_locked(not self.editable)
        self.safety.show_note(note, self.editable)
        self.red_flags.show_session(note.patient_id, note.id, locked=not self.editable)
        self.sign_button.setVisible(self.editable)
        signed = not note.is_draft
        self.amendments.setVisible(signed)
        if signed:
            tz = self._tz()
            when = {
                a.id: a.created_at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
                for a in note.amendments
            }
            self.amendments.show_note(note, when)
            self.amendments.set_locked(self.context is None)
        self._show_banner()
        self.setWindowTitle(
            f"{self.patient_name} — session {format_date(note.local_date)} "
            f"({STATUSES[note.status].lower()})"
        )

    def _show_banner(self) -> None:
        note = self.note
        if note.is_draft and self.editable:
            text, role = "Draft: saved automatically as you type. Sign it when finished.", ""
        elif note.is_draft:
            owner = note.practitioner_name or "another practitioner"
            text, role = (
                f"Read-only: this draft belongs to {owner}; only they can change or sign it.",
                "error",
            )
        else:
            signed = note.signed_at.astimezone(self._tz()) if note.signed_at else None
            when = signed.strftime("%d/%m/%Y %H:%M") if signed else ""
            state = "Entered in error. " if note.status == SessionStatus.ENTERED_IN_ERROR else ""
            text, role = (
                f"{state}Signed by {note.signed_by_name} on {when}: read-only. "
                "Add an addendum or a correction at the end of the note.",
                "error" if state else "",
            )
        self.banner.setText(text)
        self.banner.setProperty("role", role)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)

    def focus_first(self) -> None:
        """Where typing starts: the complaint, or the first score once it is filled."""
        subjective = self.form.subjective
        first = subjective.complaint if not subjective.complaint.toPlainText() else None
        (first or next(iter(subjective.scores.values()))).setFocus()

    def focus_add_point(self) -> None:
        if self.editable:
            self.form.go_to(self.form.treatment)
            self.form.treatment.points.entry.setFocus()

    # Saving

    def _edited(self) -> None:
        if self.editable:
            self.saved_label.setText("Editing…")
            self.autosave.start()

    def has_unsaved_changes(self) -> bool:
        return self.editable and self.form.details() != self._saved

    def _draft_to_save(self) -> tuple[bool, SessionDetails | None]:
        """Whether the form can be saved (else its problems are shown), and the draft
        to save (None: nothing changed since the last save)."""
        if not self.editable or self.context is None:
            return True, None
        problems = self.form.input_problems()
        if problems:
            self.form.show_errors(problems)
            self.saved_label.setText("Not saved: see the messages")
            return False, None
        details = self.form.details()
        return True, None if details == self._saved else details

    def save_in_background(self) -> None:
        """Save the draft on the write thread (the autosave); an edit made while a save
        is on its way is saved once it has landed, with the version it returns."""
        self.autosave.stop()
        if self.busy:
            self._save_again = True
            return
        _, details = self._draft_to_save()
        if details is None:
            return
        kept = copy.deepcopy(details)
        context, session_id, version = self.context, self.note.id, self.note.version
        self._writing = ops.write(
            self,
            lambda: save_draft(self.database, context, session_id, details, version),
            lambda note: self._draft_saved(note, kept),
            form=self.form.show_errors,
            status=self.saved_label,
            reload=self._reload,
            failed=lambda _error: self._write_ended(),
        )

    def _write_ended(self) -> None:
        self._writing = None
        if self._save_again:
            self._save_again = False
            self.save_in_background()

    def _wait_for_write(self) -> None:
        """Let the write on its way land first (its result is shown now)."""
        self._save_again = False
        if self._writing is not None:
            self._writing.wait()
        self._writing = None
        self._save_again = False

    def save(self) -> bool:
        """Save the draft now, if anything changed; False if it could not be saved
        (closing and signing need the answer before they go on)."""
        self.autosave.stop()
        self._wait_for_write()
        can_save, details = self._draft_to_save()
        if details is None:
            return can_save
        kept = copy.deepcopy(details)
        context, session_id, version = self.context, self.note.id, self.note.version
        note = ops.call(
            self,
            lambda: save_draft(self.database, context, session_id, details, version),
            form=self.form.show_errors,
            status=self.saved_label,
            reload=self._reload,
        )
        if note is ops.FAILED:
            return False
        self._show_saved(note, kept)
        return True

    def _draft_saved(self, note: SessionNote, kept: SessionDetails) -> None:
        self._show_saved(note, kept)
        self._write_ended()

    def _show_saved(self, note: SessionNote, kept: SessionDetails) -> None:
        self.note = note
        self._saved = kept
        self.form.show_errors({})
        assert self.context is not None
        when = self.context.now().astimezone(self._tz()).strftime("%H:%M:%S")
        self.saved_label.setText(f"Saved {when}")
        self.changed.emit(note.patient_id)

    def _reload(self) -> None:
        session_id = self.note.id
        note = ops.call(self, lambda: get_note(self.database, session_id))
        if note is not ops.FAILED:
            self.show_note(note)

    def same_as_last(self) -> None:
        """Copy the points and channels of the patient's last note into this draft."""
        if not self.editable:
            return
        patient_id, session_id = self.note.patient_id, self.note.id
        prescription = ops.call(
            self,
            lambda: last_prescription(self.database, patient_id, before_session_id=session_id),
        )
        if prescription is ops.FAILED:
            return
        if prescription is None:
            self.form.treatment.points.show_problem("No earlier session with points to copy.")
            return
        details = prescription.apply_to(self.form.details())
        details.needles_out = details.needles_in
        self.form.treatment.load(details)
        self.form.changed.emit()

    # Signing and amending

    def sign(self) -> None:
        if not self.editable or self.context is None or not self.save():
            return
        if not self.editable:  # a signing already on its way has landed meanwhile
            return
        problem = self.safety.sign_problem()
        if problem:
            self.form.show_errors({"safety": problem})
            self.saved_label.setText("Not signed: see the safety findings")
            self.form.go_to(self.form.treatment)
            return
        if self.red_flags.unanswered_count():
            self.saved_label.setText("Not signed: answer the red flags first")
            self.form.go_to(self.red_flags)
            return
        if not dialogs.confirm(
            self,
            "Sign note",
            "Sign this note? A signed note cannot be changed: later corrections are "
            "added as signed amendments, and the original stays visible.",
            "Sign",
        ):
            return
        context, session_id, version = self.context, self.note.id, self.note.version
        self.saved_label.setText("Signing…")
        self.form.set_locked(True)  # what is signed is what was saved: no edits meanwhile
        self._writing = ops.write(
            self,
            lambda: sign_session(self.database, context, session_id, version),
            self._signed,
            form=self._not_signed,
            reload=self._reload,
            failed=lambda _error: self._sign_failed(),
        )

    def _signed(self, note: SessionNote) -> None:
        self._writing = None
        self.show_note(note)
        self.saved_label.setText("Signed")
        self.changed.emit(note.patient_id)

    def _sign_failed(self) -> None:
        self._writing = None
        self.form.set_locked(not self.editable)
        self.saved_label.setText("Not signed")

    def _not_signed(self, problems: dict[str, str]) -> None:
        self.form.show_errors(problems)
        self.saved_label.setText("Not signed: see the messages")

    def _amended(self, action: Callable[[], SessionNote]) -> None:
        if self.context is None:
            return
        note = ops.call(self, action, form=self.amendments.show_errors)
        if note is ops.FAILED:
            return
        self.show_note(note)
        self.changed.emit(note.patient_id)

    def _addendum(self, text: str) -> None:
        self._amended(lambda: add_addendum(self.database, self.context, self.note.id, text))

    def _correction(self, field: str, new_value: str, reason: str) -> None:
        self._amended(
            lambda: add_correction(
                self.database,
                self.context,
                self.note.id,
                field=field,
                new_value=new_value,
                reason=reason,
            )  # fmt: skip
        )

    def _entered_in_error(self, reason: str) -> None:
        if reason.strip() and not dialogs.confirm(
            self,
            "Mark entered in error",
            "Mark this note as entered in error? It stays in the record, visibly marked.",
            "Mark entered in error",
        ):
            return
        self._amended(
            lambda: mark_entered_in_error(self.database, self.context, self.note.id, reason)
        )

    # Leaving

    def changeEvent(self, event: QEvent) -> None:
        # Leaving the note for another window saves it now, not 2 s later.
        if (
            event.type() == QEvent.Type.ActivationChange
            and not self.isActiveWindow()
            and self.autosave.isActive()
        ):
            self.save()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            self.save()
            or not self.has_unsaved_changes()
            or dialogs.confirm(
                self,
                "Draft not saved",
                "The last changes to this draft could not be saved (see the messages). "
                "Close anyway and lose them?",
                "Close without saving",
            )
        ):
            event.accept()
            self.closed.emit(self.note.id)
        else:
            event.ignore()
