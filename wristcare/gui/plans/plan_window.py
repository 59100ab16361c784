"""One treatment plan in its own window: edit (saved automatically, as session notes are),
make it current, complete or discontinue it, start a session from it, and print the
take-home care plan (Ctrl+P) or reprint one given earlier.

Every save sends the version the window last read, so two windows on one plan cannot
overwrite each other: the second is told, and offered a reload.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.acupoints import list_points
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.plans import (
    PlanDetails,
    PlanView,
    get_plan,
    list_homecare_items,
    make_current,
    save_plan,
    set_plan_status,
    start_session_from_plan,
    validate_plan,
)
from wristcare.clinic.sessions import resolve_point
from wristcare.clinic.sessions.safety import load_safety_facts
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.vocab import PlanStatus
from wristcare.errors import WristCareError
from wristcare.gui import crash, dialogs
from wristcare.gui.plans import export as care_plan_export
from wristcare.gui.plans.handouts_panel import HandoutsPanel
from wristcare.gui.plans.labels import PLAN_STATUSES
from wristcare.gui.plans.plan_form import PlanForm
from wristcare.gui.saving import save_or_explain
from wristcare.gui.tasks import run_in_background
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.elided_label import ElidedLabel
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.point_entry import ADD_POINT_KEYS

AUTOSAVE_MS = 2000
PRINT_KEYS = "Ctrl+P"
EDITABLE = (PlanStatus.DRAFT, PlanStatus.ACTIVE)


class PlanWindow(QWidget):
    """One plan. ``changed`` (patient id) after anything is written, for the lists."""

    changed = Signal(int)
    closed = Signal(int)  # plan id
    session_started = Signal(int)  # the new note's session id
    plan_opened = Signal(int)  # a plan to open (a copy just made)
    copy_requested = Signal(int)  # plan id

    def __init__(
        self,
        database: Database,
        context: ClinicContext | None,
        plan: PlanView,
        patient_name: str,
        record_number: str,
    ) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.database = database
        self.context = context
        self.plan = plan
        self.patient_name = patient_name
        self.record_number = record_number
        self._saved: PlanDetails | None = None
        self._printing = False
        available = self.screen().availableGeometry()
        self.resize(min(1280, available.width()), min(800, available.height()))

        # A name at its length limit must not push the window off a 1280 px screen.
        title = ElidedLabel(patient_name)
        title.setObjectName("patientName")
        self.banner = QLabel()
        self.banner.setObjectName("noteBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Plan status")
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName("Saved")
        top = QHBoxLayout()
        top.addWidget(title, 2)  # the name shares the room with the status line
        top.addWidget(self.banner, 3)
        top.addWidget(self.saved_label)

        self.save_button = button("&Save")
        self.save_button.setToolTip("Ctrl+S (changes are also saved as you type)")
        self.current_button = button("Make &current")
        self.completed_button = button("Mark co&mpleted")
        self.discontinued_button = button("Mark &discontinued")
        self.copy_button = button("Cop&y to a new plan")
        self.session_button = button("Start a session from the p&lan")
        self.print_button = button("Print care plan…")
        self.print_button.setToolTip(PRINT_KEYS)
        self.large_print = QCheckBox("Large pr&int")
        self.large_print.setAccessibleName("Large print")
        self.close_button = button("Close")
        self.close_button.setToolTip("Esc; changes are saved first")
        actions = QHBoxLayout()
        for widget in (
            self.save_button,
            self.current_button,
            self.completed_button,
            self.discontinued_button,
            self.copy_button,
            self.session_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.large_print)
        actions.addWidget(self.print_button)
        actions.addWidget(self.close_button)

        self.form = PlanForm(lambda text: resolve_point(self.database, text))
        self.handouts = HandoutsPanel()
        self.form.below.addWidget(self.handouts)
        hints = QLabel(
            f"Keys: Ctrl+S save · {ADD_POINT_KEYS} add a point · {PRINT_KEYS} print care plan "
            "· Esc close"
        )
        hints.setObjectName("keyHints")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.form, 1)
        layout.addWidget(hints)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(lambda: self.save(quiet=True))
        self.form.changed.connect(self._edited)
        self.save_button.clicked.connect(self.save)
        self.current_button.clicked.connect(self.make_current)
        self.completed_button.clicked.connect(lambda: self.end(PlanStatus.COMPLETED))
        self.discontinued_button.clicked.connect(lambda: self.end(PlanStatus.DISCONTINUED))
        self.copy_button.clicked.connect(self._copy)
        self.session_button.clicked.connect(self.start_session)
        self.print_button.clicked.connect(self.print_care_plan)
        self.close_button.clicked.connect(self.close)
        self.handouts.reprint_requested.connect(self.reprint)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence(PRINT_KEYS), self, activated=self.print_care_plan)
        QShortcut(QKeySequence(ADD_POINT_KEYS), self, activated=self.focus_add_point)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self.show_plan(plan)
        run_in_background(
            lambda: list_points(database),
            self.form.points.set_library,
            lambda error: None,  # no completion; typing a code still works
            owner=self,
        )
        run_in_background(
            lambda: list_homecare_items(database), self.form.home_care.set_library, owner=self
        )
        self._check_safety_when_loaded()

    # What is shown

    @property
    def editable(self) -> bool:
        return self.plan.status in EDITABLE and self.context is not None

    def show_plan(self, plan: PlanView) -> None:
        self.plan = plan
        self.form.load(plan.details)
        self._saved = copy.deepcopy(self.form.details())
        self.form.set_locked(not self.editable)
        status = plan.status
        self.save_button.setVisible(self.editable)
        self.current_button.setVisible(self.editable and status is not PlanStatus.ACTIVE)
        self.completed_button.setVisible(self.editable and status is PlanStatus.ACTIVE)
        self.discontinued_button.setVisible(self.editable)
        self.session_button.setEnabled(self.context is not None)
        self.print_button.setEnabled(self.context is not None and not self._printing)
        self.copy_button.setEnabled(self.context is not None)
        self.handouts.show_handouts(plan.handouts, self._tz())
        self._show_banner()
        started = format_date(plan.details.started_on) or format_date(plan.created_at.date())
        self.setWindowTitle(
            f"{self.patient_name} — plan from {started} ({PLAN_STATUSES[status].lower()})"
        )

    def _tz(self) -> ZoneInfo:
        return self.context.tz if self.context is not None else ZoneInfo("UTC")

    def _show_banner(self) -> None:
        status = self.plan.status
        if self.context is None:
            text = "Read-only: nobody is set up as the practitioner using WristCare."
        elif status is PlanStatus.DRAFT:
            text = "Draft plan: saved as you type. Make it current when agreed with the patient."
        elif status is PlanStatus.ACTIVE:
            text = "Current plan: saved as you type. Its review date shows in the patient list."
        else:
            text = (
                f"{PLAN_STATUSES[status]} plan: read-only. Copy it to a new plan to carry on "
                "from it."
            )
        self.banner.setText(text)

    def focus_add_point(self) -> None:
        if self.editable:
            self.form.scroll.ensureWidgetVisible(self.form.points.entry)
            self.form.points.entry.setFocus()

    def _check_safety_when_loaded(self) -> None:
        # The patient's history and consents are read once; the rules then run on each edit.
        # Without a practitioner (read-only), the plan's own start stands in for today.
        plan = self.plan
        day = (
            self.context.today()
            if self.context is not None
            else plan.details.started_on or plan.created_at.date()
        )
        patient_id = self.plan.patient_id
        run_in_background(
            lambda: load_safety_facts(self.database, patient_id, day),
            lambda facts: self.form.safety.set_facts(facts, self.form.details()),
            lambda error: self.form.safety.show_unavailable("the health history could not be read"),
            owner=self,
        )

    # Saving

    def _edited(self) -> None:
        self.form.safety.check(self.form.details())
        if self.editable:
            self.saved_label.setText("Editing…")
            self.autosave.start()

    def has_unsaved_changes(self) -> bool:
        return self.editable and self.form.details() != self._saved

    def save(self, *, quiet: bool = False) -> bool:
        """Save the plan if anything changed; False if it could not be saved. ``quiet``
        (an autosave): messages are shown but the cursor stays where the typing is."""
        self.autosave.stop()
        if not self.editable or self.context is None:
            return True
        problems = self.form.input_problems()
        if problems:
            self.form.show_errors(problems, focus=not quiet)
            self.saved_label.setText("Not saved: see the messages")
            return False
        details = self.form.details()
        if details == self._saved:
            return True
        kept = copy.deepcopy(details)
        context = self.context
        plan = save_or_explain(
            self,
            lambda: save_plan(
                self.database, context, self.plan.id, details, expected_version=self.plan.version
            ),
            status=self.saved_label,
            show_errors=lambda fields: self.form.show_errors(fields, focus=not quiet),
            reload=self._reload,
        )
        if plan is None:
            return False
        self.plan = plan
        self._saved = kept
        self.form.show_errors({})
        self.form.phases.update_total()
        self.saved_label.setText(f"Saved {self.context.now().astimezone(self.context.tz):%H:%M:%S}")
        self.changed.emit(plan.patient_id)
        return True

    def _reload(self) -> None:
        try:
            self.show_plan(get_plan(self.database, self.plan.id))
        except WristCareError as error:
            crash.show_error(self, error)

    def _act(self, action: Callable[[], Any], done: str) -> Any:
        """Save, then run a use case on the plan; its result, or None if it failed."""
        if self.context is None or not self.save():
            return None
        try:
            result = action()
        except ValidationError as error:
            self.form.show_errors(error.fields)
            self.saved_label.setText(f"Not {done}: see the messages")
            return None
        except ConcurrentEditError as error:
            if dialogs.ask_reload(self, error.message):
                self._reload()
            return None
        except WristCareError as error:
            crash.show_error(self, error)
            return None
        return result

    # Status

    def make_current(self) -> None:
        plan = self._act(
            lambda: make_current(
                self.database, self.context, self.plan.id, expected_version=self.plan.version
            ),
            "made current",
        )
        if plan is not None:
            self.show_plan(plan)
            self.saved_label.setText("Now the current plan")
            self.changed.emit(plan.patient_id)

    def end(self, status: PlanStatus) -> None:
        word = PLAN_STATUSES[status].lower()
        if self.context is None or not dialogs.confirm(
            self,
            f"Mark plan {word}",
            f"Mark this plan {word}? It stays in the record, read-only; copy it to start "
            "a new plan from it.",
            f"Mark {word}",
        ):
            return
        plan = self._act(
            lambda: set_plan_status(
                self.database,
                self.context,
                self.plan.id,
                status,
                expected_version=self.plan.version,
            ),
            f"marked {word}",
        )
        if plan is not None:
            self.show_plan(plan)
            self.changed.emit(plan.patient_id)

    def _copy(self) -> None:
        if self.save():
            self.copy_requested.emit(self.plan.id)

    def start_session(self) -> None:
        """A draft note whose points are the plan's, opened in the note editor."""
        note = self._act(
            lambda: start_session_from_plan(self.database, self.context, self.plan.id),
            "started",
        )
        if note is not None:
            self.changed.emit(self.plan.patient_id)
            self.session_started.emit(note.id)

    # The care plan handout

    def print_care_plan(self) -> None:
        if self._printing or self.context is None or not self.save():
            return
        context, plan_id, large = self.context, self.plan.id, self.large_print.isChecked()
        # A draft never saved as written (no problem yet) is not handed to a patient.
        problems = validate_plan(self.form.details(), context.today())
        if problems:
            self.form.show_errors(problems)
            self.saved_label.setText("Not printed: see the messages")
            return
        name = care_plan_export.suggested_name(self.record_number, context.today())
        path = care_plan_export.choose_path(self, name)
        if path is None:
            return

        def save(where: Path) -> None:
            # Recorded as given only once the file is written.
            from wristcare.clinic.documents.care_plan import care_plan_facts
            from wristcare.clinic.plans import record_handout
            from wristcare.export.handouts import render_handout, write_private

            facts = care_plan_facts(self.database, context, plan_id)
            rendered = render_handout(facts, large_print=large)
            write_private(where, rendered.data)
            record_handout(self.database, context, plan_id, snapshot=rendered.snapshot,
                           sha256=rendered.sha256, large_print=large)  # fmt: skip

        self._start_saving(path, save, "Preparing the care plan…")

    def reprint(self, handout_id: int) -> None:
        if self._printing:
            return
        handout = next(h for h in self.plan.handouts if h.id == handout_id)
        day = handout.issued_at.astimezone(self._tz()).date()
        name = care_plan_export.suggested_name(self.record_number, day).replace(
            ".pdf", "-reprint.pdf"
        )
        path = care_plan_export.choose_path(self, name)
        if path is None:
            return

        def save(where: Path) -> None:
            from wristcare.clinic.plans import get_handout_snapshot
            from wristcare.export.handouts import reprint, write_private

            write_private(where, reprint(*get_handout_snapshot(self.database, handout_id)))

        self._start_saving(path, save, "Reprinting the care plan…")

    def _start_saving(self, path: Path, save: Callable[[Path], None], what: str) -> None:
        self._printing = True
        self.print_button.setEnabled(False)
        self.handouts.reprint_button.setEnabled(False)
        self.saved_label.setText(what)

        def saved(where: Path) -> None:
            self._printing = False
            self.saved_label.setText(f"Care plan saved: {where.name}")
            self._reload()
            self.changed.emit(self.plan.patient_id)

        def failed() -> None:
            self._printing = False
            self.saved_label.setText("Care plan not saved")
            self.print_button.setEnabled(self.context is not None)
            self.handouts.reprint_button.setEnabled(bool(self.plan.handouts))

        care_plan_export.save_in_background(self, path, save, saved, failed)

    # Leaving

    def changeEvent(self, event: QEvent) -> None:
        # Leaving the plan for another window saves it now, not 2 s later.
        if (
            event.type() == QEvent.Type.ActivationChange
            and not self.isActiveWindow()
            and self.autosave.isActive()
        ):
            self.save(quiet=True)
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            self.save()
            or not self.has_unsaved_changes()
            or dialogs.confirm(
                self,
                "Plan not saved",
                "The last changes to this plan could not be saved (see the messages). "
                "Close anyway and lose them?",
                "Close without saving",
            )
        ):
            event.accept()
            self.closed.emit(self.plan.id)
        else:
            event.ignore()
