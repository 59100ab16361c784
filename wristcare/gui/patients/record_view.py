"""One patient's record: header with alerts, then details, health history and consent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic import consent, history, patients
from wristcare.clinic.consent import GUARDIAN_UNDER_AGE
from wristcare.clinic.context import ClinicContext, system_clock
from wristcare.clinic.overview import PatientOverview, patient_overview
from wristcare.db.engine import Database
from wristcare.gui import dialogs, ops
from wristcare.gui.events import AppEvents
from wristcare.gui.outcomes.progress_view import PatientProgressView
from wristcare.gui.patients.consent_panel import ConsentPanel
from wristcare.gui.patients.details_form import PatientDetailsForm
from wristcare.gui.patients.history_form import HealthHistoryForm, describe_version
from wristcare.gui.plans.patient_plans import PatientPlansPanel
from wristcare.gui.safety.red_flag_panel import RedFlagPanel
from wristcare.gui.sessions.patient_sessions import NEW_SESSION_KEYS, PatientSessionsPanel
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.patient_header import PatientHeader


def _scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _is_child(overview: PatientOverview) -> bool:
    return overview.age is not None and overview.age < GUARDIAN_UNDER_AGE


class PatientRecordView(QWidget):
    """Shows nothing, a new patient being created, or an existing patient."""

    saved = Signal(int)
    open_requested = Signal(int)

    def __init__(
        self, database: Database, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.events = events
        self.patient_id: int | None = None
        self.overview: PatientOverview | None = None

        self.header = PatientHeader()
        self.details = PatientDetailsForm()
        self.history = HealthHistoryForm()
        self.consents = ConsentPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolling(self.details), "&Details")
        self.tabs.addTab(_scrolling(self.history), "Health &history")
        self.tabs.addTab(self.consents, "&Consent")
        self.sessions = PatientSessionsPanel(database, events)
        self.tabs.addTab(self.sessions, "Sessions")
        self.plans = PatientPlansPanel(database)
        self.tabs.addTab(self.plans, "Plans")
        self.red_flags = RedFlagPanel(database, events)
        red_flags_tab = _scrolling(self.red_flags)
        self.tabs.addTab(red_flags_tab, "Red flags")
        self.red_flags.unanswered_changed.connect(
            lambda n: self.tabs.setTabText(
                self.tabs.indexOf(red_flags_tab),
                f"Red flags ({n} to answer)" if n else "Red flags",
            )
        )
        self.progress = PatientProgressView(database, events)
        self.tabs.addTab(self.progress, "Progress")
        QShortcut(QKeySequence(NEW_SESSION_KEYS), self, activated=self.sessions.request_new)

        self.save_button = button("&Save")
        self.save_button.setToolTip("Ctrl+S")
        self.archive_button = button("Archive patient")
        self.save_button.setDefault(True)
        actions = QHBoxLayout()
        actions.addWidget(self.archive_button)
        actions.addStretch(1)
        actions.addWidget(self.save_button)

        record = QWidget()
        record_layout = QVBoxLayout(record)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addWidget(self.header)
        record_layout.addWidget(self.sessions.draft_bar)
        record_layout.addWidget(self.tabs, 1)
        record_layout.addLayout(actions)

        hint = QLabel(
            "Choose a patient from the list and press Enter, or press Ctrl+N for a new patient."
        )
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        hint.setObjectName("emptyHint")
        self.pages = QStackedWidget()
        self.pages.addWidget(hint)
        self.pages.addWidget(record)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self.save_button.clicked.connect(self.save)
        self.archive_button.clicked.connect(self._toggle_archive)
        self.history.save_requested.connect(self.save_history)
        self.history.reviewed_requested.connect(self._mark_reviewed)
        self.history.versions_requested.connect(self._show_versions)
        self.consents.record_requested.connect(self._record_consent)
        self.consents.withdraw_requested.connect(self._withdraw_consent)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        # What the panels ask for is opened elsewhere; what others write, they show.
        self.sessions.open_requested.connect(events.open_session_requested)
        self.sessions.new_requested.connect(events.new_session_requested)
        self.plans.open_requested.connect(events.open_plan_requested)
        self.plans.new_requested.connect(events.new_plan_requested)
        self.plans.copy_requested.connect(events.copy_plan_requested)
        self.saved.connect(events.patient_changed)  # names and records in the other lists
        events.session_changed.connect(self.sessions.notes_changed)
        events.plan_changed.connect(self.plans.plans_changed)
        events.plan_changed.connect(self.sessions.notes_changed)  # a plan starts sessions
        events.context_changed.connect(self._reload_overview)

    @property
    def context(self) -> ClinicContext | None:
        """Who is writing, in which clinic time zone; None until someone is set up."""
        return self.events.context

    # What is shown

    @property
    def is_new(self) -> bool:
        return self.pages.currentIndex() == 1 and self.patient_id is None

    def show_nothing(self) -> None:
        self.patient_id = None
        self.overview = None
        self.pages.setCurrentIndex(0)

    def start_new(self) -> None:
        self.patient_id = None
        self.overview = None
        self.header.show_new()
        self.details.load(patients.PatientDetails())
        self.history.load(None)
        self.consents.set_consents([])
        self.consents.reset_form()
        self.sessions.show_patient(None)
        self.plans.show_patient(None)
        self.red_flags.show_intake(None)
        self.progress.show_patient(None)
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, False)
        self.tabs.setCurrentIndex(0)
        self.archive_button.hide()
        self.pages.setCurrentIndex(1)
        self.details.name.setFocus()

    def show_patient(self, patient_id: int) -> None:
        overview = ops.call(
            self, lambda: patient_overview(self.database, patient_id, clock=self._clock())
        )
        if overview is ops.FAILED:
            return
        self.patient_id = patient_id
        self.details.load(overview.record.details)
        self.history.load(overview.history)
        self.consents.reset_form(guardian_consents=_is_child(overview), today=self._today())
        self._show_overview(overview)
        self.sessions.show_patient(patient_id)
        self.plans.show_patient(patient_id)
        self.red_flags.show_intake(patient_id)
        self.progress.show_patient(patient_id)
        for index in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(index, True)
        self.pages.setCurrentIndex(1)

    def _show_overview(self, overview: PatientOverview) -> None:
        self.overview = overview
        self.header.show_patient(overview)
        self.consents.set_consents(overview.consents)
        archived = overview.record.archived
        self.archive_button.setText("Unarchive patient" if archived else "Archive patient")
        self.archive_button.setAccessibleName(self.archive_button.text())
        self.archive_button.show()

    def _reload_overview(self) -> None:
        """Redraw the header, consents and archive button; the forms keep what is typed
        (also when the practitioner or the clinic's settings change: keep-until dates)."""
        if self.patient_id is None:
            return
        patient_id = self.patient_id
        overview = ops.call(
            self, lambda: patient_overview(self.database, patient_id, clock=self._clock())
        )
        if overview is not ops.FAILED:
            self._show_overview(overview)

    def _ctx(self) -> ClinicContext:
        return self.events.context_or_raise()

    def _clock(self) -> Callable[[], datetime]:
        return self.context.clock if self.context else system_clock

    def _today(self) -> date | None:
        return self.context.today() if self.context else None

    def _reload_record(self) -> None:
        """Someone saved first: the record as it is now, instead of overwriting theirs."""
        if self.patient_id is not None:
            self.details.mark_saved()
            self.history.mark_saved()
            self.show_patient(self.patient_id)

    # Leaving the record

    def has_unsaved_changes(self) -> bool:
        if self.pages.currentIndex() != 1:
            return False
        if self.details.is_dirty():
            return True
        return self.patient_id is not None and (self.history.is_dirty() or self.consents.is_dirty())

    def confirm_leave(self) -> bool:
        """True when it is fine to show something else (saved, discarded or unchanged)."""
        if not self.has_unsaved_changes():
            return True
        # The name as typed; if it was cleared, the name on record (or "new patient").
        stored = self.overview.record.details.name if self.overview else "this new patient"
        name = self.details.name.text().strip() or stored
        answer = dialogs.ask_unsaved(self, name)
        if answer is dialogs.Unsaved.SAVE:
            return self.save() and self._record_pending_consent()
        return answer is dialogs.Unsaved.DISCARD

    # Saving

    def save(self) -> bool:
        """Save the details (and the health history if it changed); False if not saved."""
        if self.pages.currentIndex() != 1:
            return False
        problems = self.details.input_problems()
        if problems:
            self._show_details_errors(problems)
            return False
        if self.patient_id is None:
            created = ops.call(
                self,
                lambda: self._create(allow_duplicate=False),
                form=self._show_details_errors,
            )
            return created is True
        if self.details.is_dirty():
            updated = ops.call(
                self,
                lambda: self._update(allow_duplicate=False),
                form=self._show_details_errors,
                reload=self._reload_record,
            )
            if updated is not True:
                return False
        if self.history.is_dirty() and not self.save_history():
            # The details may be saved by now: the header and the list must show them, and
            # the next save must expect the version just written, not the one first opened
            # (else it reports someone else's edit that never happened).
            self._reload_overview()
            self.saved.emit(self.patient_id)
            return False
        # The details as stored (trimmed); a consent being filled in on its tab stays.
        self._reload_overview()
        if self.overview is not None:
            self.details.load(self.overview.record.details)
        self.saved.emit(self.patient_id)
        return True

    def _update(self, *, allow_duplicate: bool) -> bool:
        assert self.patient_id is not None and self.overview is not None
        try:
            patients.update_patient(
                self.database,
                self._ctx(),
                self.patient_id,
                self.details.details(),
                expected_version=self.overview.record.version_id,
                allow_duplicate=allow_duplicate,
            )
        except patients.DuplicatePatientError as duplicate:
            match = duplicate.matches[0]
            answer = dialogs.ask_duplicate(self, match, editing=True, certain=duplicate.certain)
            if answer is dialogs.Duplicate.OPEN_EXISTING and dialogs.confirm(
                self,
                "Open the other record",
                "Your changes to this record have not been saved. "
                "Discard them and open the other record?",
                "Discard and open",
            ):
                self.details.mark_saved()
                self.open_requested.emit(match.id)
            elif answer is dialogs.Duplicate.CREATE_ANYWAY:
                return self._update(allow_duplicate=True)
            return False
        self.details.mark_saved()
        return True

    def _create(self, *, allow_duplicate: bool) -> bool:
        try:
            record = patients.create_patient(
                self.database,
                self._ctx(),
                self.details.details(),
                allow_duplicate=allow_duplicate,
            )
        except patients.DuplicatePatientError as duplicate:
            match = duplicate.matches[0]
            answer = dialogs.ask_duplicate(self, match, certain=duplicate.certain)
            if answer is dialogs.Duplicate.OPEN_EXISTING:
                self.details.mark_saved()
                self.open_requested.emit(match.id)
                return False
            if answer is dialogs.Duplicate.CREATE_ANYWAY:
                return self._create(allow_duplicate=True)
            return False
        self.show_patient(record.id)
        self.saved.emit(record.id)
        return True

    def _show_details_errors(self, problems: dict[str, str]) -> None:
        self.tabs.setCurrentIndex(0)
        self.details.show_errors(problems)

    def save_history(self) -> bool:
        if self.patient_id is None:
            return False
        problems = self.history.input_problems()
        if problems:
            self.tabs.setCurrentIndex(1)
            self.history.show_errors(problems)
            return False
        patient_id, details, based_on = (
            self.patient_id,
            self.history.details(),
            self.history.based_on,
        )
        version = ops.call(
            self,
            lambda: history.save_history(
                self.database, self._ctx(), patient_id, details, expected_version=based_on
            ),
            form=self._show_history_errors,
            reload=self._reload_record,
        )
        if version is ops.FAILED:
            return False
        self.history.load(version)
        self._reload_overview()
        return True

    def _show_history_errors(self, problems: dict[str, str]) -> None:
        self.tabs.setCurrentIndex(1)
        self.history.show_errors(problems)

    def _mark_reviewed(self) -> None:
        if self.patient_id is None or self.history.based_on is None:
            return
        patient_id, based_on = self.patient_id, self.history.based_on
        version = ops.call(
            self,
            lambda: history.mark_history_reviewed(
                self.database, self._ctx(), patient_id, expected_version=based_on
            ),
            reload=self._reload_record,
        )
        if version is ops.FAILED:
            return
        if not self.history.is_dirty():
            self.history.load(version)
        self._reload_overview()

    def _show_versions(self) -> None:
        if self.patient_id is None:
            return
        patient_id = self.patient_id
        versions = ops.call(self, lambda: history.history_versions(self.database, patient_id))
        if versions is ops.FAILED:
            return
        text = "\n\n".join(describe_version(v) for v in versions)
        dialogs.show_text(self, "Health history versions", text)

    # Consent

    def _record_pending_consent(self) -> bool:
        """Record a consent filled in but not recorded yet; False if it could not be."""
        if self.patient_id is None or not self.consents.is_dirty():
            return True
        if self._record_consent():
            return True
        self.tabs.setCurrentIndex(2)
        return False

    def _record_consent(self) -> bool:
        if self.patient_id is None:
            return False
        problems = self.consents.input_problems()
        if problems:
            self.consents.show_errors(problems)
            return False
        patient_id, details = self.patient_id, self.consents.details()
        recorded = ops.call(
            self,
            lambda: consent.record_consent(self.database, self._ctx(), patient_id, details),
            form=self.consents.show_errors,
        )
        if recorded is ops.FAILED:
            return False
        self._reload_overview()
        if self.overview is not None:
            self.consents.reset_form(
                guardian_consents=_is_child(self.overview), today=self._today()
            )
        return True

    def _withdraw_consent(self, consent_id: int) -> None:
        record = self.consents.selected_consent()
        if record is None or record.id != consent_id:
            return
        if not dialogs.confirm(
            self,
            "Withdraw consent",
            f"Record that consent to {record.label.lower()} was withdrawn today?",
            "Withdraw consent",
        ):
            return

        def withdraw() -> None:
            ctx = self._ctx()
            consent.withdraw_consent(
                self.database,
                ctx,
                consent_id,
                ctx.today(),
                expected_version=record.version_id,
            )

        if ops.call(self, withdraw, reload=self._reload_record) is ops.FAILED:
            return
        self._reload_overview()

    # Archive

    def _toggle_archive(self) -> None:
        if self.patient_id is None or self.overview is None:
            return
        name = self.overview.record.details.name
        version = self.overview.record.version_id
        patient_id = self.patient_id
        if self.overview.record.archived:
            change = patients.unarchive_patient
        elif dialogs.confirm(
            self,
            "Archive patient",
            f"Archive {name}? The record is kept in full and can be found again "
            "with “Show archived”.",
            "Archive",
        ):
            change = patients.archive_patient
        else:
            return
        done = ops.call(
            self,
            lambda: change(self.database, self._ctx(), patient_id, expected_version=version),
            reload=self._reload_record,
        )
        if done is ops.FAILED:
            return
        self._reload_overview()
        self.saved.emit(self.patient_id)
