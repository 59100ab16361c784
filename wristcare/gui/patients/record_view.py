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
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.overview import PatientOverview, patient_overview
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.errors import WristCareError
from wristcare.gui import crash, dialogs
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
        self,
        database: Database,
        *,
        context: ClinicContext | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        # Who is writing, in which clinic time zone; None until a practitioner is set up
        # (then nothing can be saved, and saying so is the message).
        self.context = context
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
        self.sessions = PatientSessionsPanel(database, context)
        self.tabs.addTab(self.sessions, "Sessions")
        self.plans = PatientPlansPanel(database)
        self.tabs.addTab(self.plans, "Plans")
        self.red_flags = RedFlagPanel(database, context)
        red_flags_tab = _scrolling(self.red_flags)
        self.tabs.addTab(red_flags_tab, "Red flags")
        self.red_flags.unanswered_changed.connect(
            lambda n: self.tabs.setTabText(
                self.tabs.indexOf(red_flags_tab),
                f"Red flags ({n} to answer)" if n else "Red flags",
            )
        )
        self.progress = PatientProgressView(database, context)
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
        try:
            overview = patient_overview(self.database, patient_id, clock=self._clock())
        except WristCareError as error:
            crash.show_error(self, error)
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
        """Redraw the header, consents and archive button; the forms keep what is typed."""
        if self.patient_id is None:
            return
        try:
            overview = patient_overview(self.database, self.patient_id, clock=self._clock())
        except WristCareError as error:
            crash.show_error(self, error)
            return
        self._show_overview(overview)

    def use_context(self, context: ClinicContext | None) -> None:
        """Who is writing, and the clinic's settings, from now on. The open record's header
        shows the dates as now stored (keep-until); unsaved edits on screen stay."""
        self.context = context
        self.sessions.use_context(context)
        self.red_flags.use_context(context)
        self.progress.use_context(context)
        self._reload_overview()

    def _ctx(self) -> ClinicContext:
        if self.context is None:
            raise WristCareError(
                "Nobody is set up as the practitioner using WristCare, so nothing can be "
                "saved yet. Set yourself up with the practitioner button in the status bar "
                "(File → Switch practitioner)."
            )
        return self.context

    def _clock(self) -> Callable[[], datetime]:
        return self.context.clock if self.context else system_clock

    def _today(self) -> date | None:
        return self.context.today() if self.context else None

    def _stale(self, error: ConcurrentEditError) -> None:
        """Someone saved first: offer to reload instead of overwriting their record."""
        if self.patient_id is not None and dialogs.ask_reload(self, error.message):
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
        try:
            if self.patient_id is None:
                return self._create(allow_duplicate=False)
            if self.details.is_dirty() and not self._update(allow_duplicate=False):
                return False
        except ValidationError as error:
            self._show_details_errors(error.fields)
            return False
        except ConcurrentEditError as error:
            self._stale(error)
            return False
        except WristCareError as error:
            crash.show_error(self, error)
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
        try:
            version = history.save_history(
                self.database,
                self._ctx(),
                self.patient_id,
                self.history.details(),
                expected_version=self.history.based_on,
            )
        except ValidationError as error:
            self.tabs.setCurrentIndex(1)
            self.history.show_errors(error.fields)
            return False
        except ConcurrentEditError as error:
            self.tabs.setCurrentIndex(1)
            self._stale(error)
            return False
        except WristCareError as error:
            crash.show_error(self, error)
            return False
        self.history.load(version)
        self._reload_overview()
        return True

    def _mark_reviewed(self) -> None:
        if self.patient_id is None or self.history.based_on is None:
            return
        try:
            version = history.mark_history_reviewed(
                self.database, self._ctx(), self.patient_id, expected_version=self.history.based_on
            )
        except ConcurrentEditError as error:
            self._stale(error)
            return
        except WristCareError as error:
            crash.show_error(self, error)
            return
        if not self.history.is_dirty():
            self.history.load(version)
        self._reload_overview()

    def _show_versions(self) -> None:
        if self.patient_id is None:
            return
        versions = history.history_versions(self.database, self.patient_id)
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
        try:
            consent.record_consent(
                self.database, self._ctx(), self.patient_id, self.consents.details()
            )
        except ValidationError as error:
            self.consents.show_errors(error.fields)
            return False
        except WristCareError as error:
            crash.show_error(self, error)
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
        try:
            ctx = self._ctx()
            consent.withdraw_consent(
                self.database,
                ctx,
                consent_id,
                ctx.today(),
                expected_version=record.version_id,
            )
        except ConcurrentEditError as error:
            self._stale(error)
            return
        except WristCareError as error:
            crash.show_error(self, error)
            return
        self._reload_overview()

    # Archive

    def _toggle_archive(self) -> None:
        if self.patient_id is None or self.overview is None:
            return
        name = self.overview.record.details.name
        version = self.overview.record.version_id
        try:
            if self.overview.record.archived:
                patients.unarchive_patient(
                    self.database, self._ctx(), self.patient_id, expected_version=version
                )
            else:
                if not dialogs.confirm(
                    self,
                    "Archive patient",
                    f"Archive {name}? The record is kept in full and can be found again "
                    "with “Show archived”.",
                    "Archive",
                ):
                    return
                patients.archive_patient(
                    self.database, self._ctx(), self.patient_id, expected_version=version
                )
        except ConcurrentEditError as error:
            self._stale(error)
            return
        except WristCareError as error:
            crash.show_error(self, error)
            return
        self._reload_overview()
        self.saved.emit(self.patient_id)
