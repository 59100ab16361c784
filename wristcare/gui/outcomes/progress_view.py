"""A patient's progress: every measure across the course as a chart and a table, the
latest hand symptom maps, and the buttons that record a BCTQ, a symptom map or an
external QuickDASH score, or mark a score entered in error.

The course is read off the GUI thread (``load_course``) and read again after every
change; a newer read supersedes an older one. Scores entered in error are not in the
course, so they leave the chart and the table as soon as they are marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.labels import MEASURE_SIDES
from wristcare.clinic.outcome_store.course import (
    COURSE_MEASURES,
    SIDE_ORDER,
    PatientCourse,
    load_course,
)
from wristcare.clinic.outcome_store.plan_goals import (
    GoalStanding,
    PlanTargets,
    goal_standings,
    read_plan_targets,
)
from wristcare.clinic.outcome_store.records import stored_scores_on
from wristcare.clinic.outcomes.hand_map import HAND_NAMES, Hand
from wristcare.clinic.outcomes.katz import KATZ_NAMES
from wristcare.clinic.outcomes.settings import OutcomeSettings
from wristcare.db.engine import Database
from wristcare.db.vocab import MeasureSide
from wristcare.errors import WristCareError
from wristcare.gui import crash, ops
from wristcare.gui.events import AppEvents
from wristcare.gui.outcomes.chart_axes import format_date, format_value
from wristcare.gui.outcomes.entry_dialogs import (
    BctqDialog,
    EnteredInErrorDialog,
    EntryTarget,
    HandMapDialog,
    QuickDashDialog,
    SavingDialog,
    format_day,
)
from wristcare.gui.outcomes.progress_panel import ProgressPanel
from wristcare.gui.tasks import Task
from wristcare.gui.widgets.fields import button

# The picker's words: each hand as clinic.labels names it; whole-person ratings by kind.
SIDE_LABELS = {side: words.capitalize() for side, words in MEASURE_SIDES.items()} | {
    MeasureSide.NONE: "Ratings and questionnaires"
}
# Scores recorded here, and so marked here; the rest come from the session notes.
MARKABLE = frozenset({"bctq_sss", "bctq_fss", "quickdash_external"})
FROM_NOTES = (
    "Ratings, grip and pinch come from the session notes: correct them in the note "
    "(an amendment once it is signed)."
)
MET_MARK = "\u2713 "


@dataclass(frozen=True)
class LoadedProgress:
    """What one background read brings back: the course (with the plan's goals and
    review dates), the plan's goals as written and the clinic's settings."""

    course: PatientCourse
    settings: OutcomeSettings
    plan: PlanTargets = PlanTargets()


def read_progress(database: Database, patient_id: int, ctx: ClinicContext | None) -> LoadedProgress:
    """The patient's course (drafts included: the practitioner sees what was just entered)
    with the goals of the plan in use and the plans' review dates, and the clinic's
    outcome settings, read together."""
    today = ctx.today() if ctx is not None else None
    plan = read_plan_targets(database, patient_id)
    course = load_course(
        database,
        patient_id,
        goals=plan.measurable,
        review_dates=plan.review_dates,
        today=today,
        include_drafts=True,
    )
    return LoadedProgress(course, get_clinic_settings(database).outcomes, plan)


def describe_goal(standing: GoalStanding) -> str:
    """One plan goal and where it stands, e.g. "Numbness 3/10 or less: met (first on
    3 Mar 2026)" or, for a goal in words only, "Sleep through the night: not measured"."""
    progress = standing.progress
    words = standing.status.lower()
    if standing.met and progress is not None and progress.first_met_on is not None:
        words = f"met (first on {format_date(progress.first_met_on)})"
    elif standing.met and standing.plan_goal.achieved_on is not None:
        words = f"achieved on {format_date(standing.plan_goal.achieved_on)}"
    elif progress is not None and progress.latest is not None:
        words += f" (latest score {progress.latest.normalize():f})"
    mark = MET_MARK if standing.met else ""
    return f"{mark}{standing.plan_goal.description}: {words}"


def describe_goals(standings: list[GoalStanding]) -> str:
    """The plan's goals, one a line, headed; a line saying there are none otherwise."""
    if not standings:
        return "No plan goals: the current plan sets none (or there is no current plan)."
    return "Plan goals:\n" + "\n".join(describe_goal(s) for s in standings)


def describe_maps(course: PatientCourse) -> str:
    """The latest symptom map's Katz rating per hand, in words."""
    if not course.hand_maps:
        return "No hand symptom map yet."
    latest = course.hand_maps[-1]
    ratings = latest.ratings
    hands = "; ".join(
        f"{HAND_NAMES[hand]}: {KATZ_NAMES[ratings[hand].rating].lower()}"
        for hand in (Hand.RIGHT, Hand.LEFT)
    )
    count = len(course.hand_maps)
    earlier = f" ({count} maps in all)" if count > 1 else ""
    return f"Symptom map of {format_day(latest.taken_on)}{earlier}, Katz rating: {hands}."


class PatientProgressView(QWidget):
    """The Progress tab of a patient's record. ``changed`` (patient id) after a score is
    recorded or marked; ``loaded`` after each read of the course is shown."""

    changed = Signal(int)
    loaded = Signal()

    def __init__(
        self,
        database: Database,
        events: AppEvents,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("patientProgress")
        self.database = database
        self.events = events
        self.patient_id: int | None = None
        self.course: PatientCourse | None = None
        self.settings = OutcomeSettings()
        self.dialog: SavingDialog | None = None
        self._task: Task | None = None
        self._first_show = True
        self._stale = False

        self.bctq_button = button("Enter &BCTQ…")
        self.map_button = button("Hand symptom ma&p…")
        self.quickdash_button = button("External &QuickDASH…")
        self.side_picker = QComboBox()
        self.side_picker.setObjectName("progressSide")
        self.side_picker.setAccessibleName("Scores of")
        self.side_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        side_label = QLabel("Scores &of")
        side_label.setBuddy(self.side_picker)
        self.status = QLabel()
        self.status.setObjectName("progressStatus")
        self.status.setWordWrap(True)
        self.goals_label = QLabel()
        self.goals_label.setObjectName("planGoals")
        self.goals_label.setAccessibleName("Plan goals")
        self.goals_label.setWordWrap(True)
        self.maps_label = QLabel()
        self.maps_label.setObjectName("handMaps")
        self.maps_label.setWordWrap(True)
        self.panel = ProgressPanel(self.settings.thresholds, measures=COURSE_MEASURES)
        self.mark_button = button("Mark score entered in &error…")
        self.mark_button.setEnabled(False)
        self.mark_map_button = button("Mark latest map in error…")
        self.mark_map_button.setObjectName("markMapInError")
        self.mark_map_button.setEnabled(False)

        entry = QHBoxLayout()
        for widget in (self.bctq_button, self.map_button, self.quickdash_button):
            entry.addWidget(widget)
        entry.addStretch(1)
        which = QHBoxLayout()
        which.addWidget(side_label)
        which.addWidget(self.side_picker)
        which.addSpacing(12)
        which.addWidget(self.status, 1)
        below = QHBoxLayout()
        below.addWidget(self.maps_label, 1)
        below.addWidget(self.mark_map_button)
        below.addWidget(self.mark_button)
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        layout.addLayout(which)
        layout.addWidget(self.panel, 1)
        layout.addLayout(below)
        # The plan's goals in words, just above the chart that draws them.
        layout.insertWidget(layout.indexOf(self.panel), self.goals_label)

        self.bctq_button.clicked.connect(self.enter_bctq)
        self.map_button.clicked.connect(self.enter_hand_map)
        self.quickdash_button.clicked.connect(self.enter_quickdash)
        self.mark_button.clicked.connect(self.mark_selected_in_error)
        self.mark_map_button.clicked.connect(self.mark_latest_map_in_error)
        self.side_picker.currentIndexChanged.connect(self._show_side)
        self.panel.table_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.panel.table.modelReset.connect(self._selection_changed)
        events.context_changed.connect(self._context_changed)

    # --- what is shown ---------------------------------------------------------------

    @property
    def context(self) -> ClinicContext | None:
        return self.events.context

    def _context_changed(self) -> None:
        """Record scores as this practitioner from now on; read the course again (the
        clinic's thresholds or date may have changed)."""
        self._reload_when_seen()

    def show_patient(self, patient_id: int | None) -> None:
        """Show a patient's progress (None: nobody)."""
        if patient_id != self.patient_id:
            self._first_show = True
        self.patient_id = patient_id
        self._reload_when_seen()

    def _reload_when_seen(self) -> None:
        # Browsing patients does not read every course: only the one on screen.
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Read again each time the tab comes into view: a score recorded from a session
        # note, or a note signed meanwhile, shows without a manual refresh.
        if self._stale or self.patient_id is not None:
            self.reload()

    def reload(self) -> None:
        """Read the course again in the background (superseding a read still running)."""
        self._stale = False
        if self._task is not None:
            self._task.cancel()
        if self.patient_id is None:
            self.course = None
            self.status.setText("")
            return
        self.status.setText("Reading the course…")
        database, patient_id, ctx = self.database, self.patient_id, self.context
        self._task = ops.read(
            self,
            lambda: read_progress(database, patient_id, ctx),
            self._loaded,
            failed=lambda _error: self.status.setText("The course could not be read."),
        )

    def _loaded(self, result: LoadedProgress) -> None:
        course = result.course
        if course.patient_id != self.patient_id:
            return  # the record moved on to another patient meanwhile
        self.course = course
        self.settings = result.settings
        self.panel.set_thresholds(result.settings.thresholds)
        chosen = self.side_picker.currentData()
        sides = [side for side in SIDE_ORDER if side in course.sides() or side == "none"]
        self.side_picker.blockSignals(True)
        self.side_picker.clear()
        for side in sides:
            self.side_picker.addItem(SIDE_LABELS[side], side)
        index = self.side_picker.findData(chosen)
        self.side_picker.setCurrentIndex(max(index, 0))
        self.side_picker.blockSignals(False)
        if self._first_show:
            self._choose_first_measure(course, result.plan)
        self._show_side()
        self.goals_label.setText(describe_goals(goal_standings(result.plan.goals, course)))
        self.maps_label.setText(describe_maps(course))
        self.mark_map_button.setEnabled(bool(course.hand_maps))
        sessions = len(course.session_dates)
        self.status.setText(
            f"{sessions} session{'s' if sessions != 1 else ''} in the course "
            "(draft notes included). Scores entered in error are left out."
        )
        self.loaded.emit()

    def _choose_first_measure(self, course: PatientCourse, plan: PlanTargets) -> None:
        """On first showing a patient, the measure of the plan's first measurable goal
        when it has scores, else the first measure that has scores."""
        self._first_show = False
        measures = course.measures()
        if not measures:
            return
        code, side = measures[0]
        goal = plan.measurable[0] if plan.measurable else None
        if goal is not None and (goal.instrument, goal.side) in measures:
            code, side = goal.instrument, goal.side
        self.side_picker.blockSignals(True)
        self.side_picker.setCurrentIndex(max(self.side_picker.findData(side), 0))
        self.side_picker.blockSignals(False)
        self.panel.set_measure(code)

    def side(self) -> str:
        """The side shown ("none" for the whole-person ratings)."""
        return str(self.side_picker.currentData() or "none")

    def _show_side(self) -> None:
        if self.course is not None:
            side = self.side()
            self.panel.mark_available({code for code, s in self.course.measures() if s == side})
            self.panel.set_course(self.course.progress(side))

    def _selection_changed(self) -> None:
        rows = self.panel.table_view.selectionModel().selectedRows()
        markable = self.panel.measure() in MARKABLE
        self.mark_button.setEnabled(bool(rows) and markable)
        self.mark_button.setToolTip(
            "Select a score in the table first." if markable else FROM_NOTES
        )

    # --- recording -------------------------------------------------------------------

    def _target(self) -> EntryTarget | None:
        if self.patient_id is None:
            return None
        context = self.events.require_context(self)
        if context is None:
            return None
        return EntryTarget(self.database, context, self.patient_id)

    def _open(self, dialog: SavingDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._recorded)
        dialog.open()

    def enter_bctq(self) -> None:
        """Open the BCTQ entry (with the clinic's wording and minimum)."""
        target = self._target()
        if target is not None:
            self._open(BctqDialog(target, self.settings, self))

    def enter_hand_map(self) -> None:
        """Open the hand symptom map."""
        target = self._target()
        if target is not None:
            self._open(HandMapDialog(target, self))

    def enter_quickdash(self) -> None:
        """Open the entry of an external QuickDASH score."""
        target = self._target()
        if target is not None:
            self._open(QuickDashDialog(target, self))

    def mark_selected_in_error(self) -> None:
        """Ask why the score selected in the table was entered in error, then mark it."""
        rows = self.panel.table_view.selectionModel().selectedRows()
        if not rows or self.patient_id is None:
            return
        if self.events.require_context(self) is None:
            return
        observation = self.panel.table.progress_row(rows[0].row()).observation
        code = self.panel.measure()
        info = COURSE_MEASURES[code]
        patient_id = self.patient_id
        found = ops.call(
            self,
            lambda: stored_scores_on(
                self.database, patient_id, code, observation.side, observation.taken_on
            ),
        )
        if found is ops.FAILED:
            return
        value = Decimal(observation.value)
        matching = [score for score in found if score.score is not None and score.score == value]
        if not (matching or found):
            message = (
                f"This {info.name.lower()} comes from a session note (its ratings or "
                "examination): correct it in the note."
            )
            crash.show_error(self, WristCareError(message))
            return
        score = (matching or list(found))[0]
        description = (
            f"{info.name} of {format_day(observation.taken_on)}: "
            f"{format_value(info, observation.value)}."
        )
        if score.administration_id is not None:
            description += " Every scale of that sitting is marked with it."
        self._open(EnteredInErrorDialog(self.database, self.context, score.id, description, self))

    def mark_latest_map_in_error(self) -> None:
        """Ask why the latest hand symptom map was entered in error, then mark it (both
        hands of that sitting)."""
        course = self.course
        if course is None or not course.hand_maps or self.patient_id is None:
            return
        if self.events.require_context(self) is None:
            return
        latest = course.hand_maps[-1]
        patient_id = self.patient_id
        found = ops.call(
            self,
            lambda: [
                score
                for hand in ("right", "left")
                for score in stored_scores_on(
                    self.database, patient_id, "katz", hand, latest.taken_on
                )
            ],
        )
        if found is ops.FAILED:
            return
        if not found:
            return
        description = (
            f"The hand symptom map of {format_day(latest.taken_on)} (both hands of that sitting)."
        )
        self._open(
            EnteredInErrorDialog(self.database, self.context, found[0].id, description, self)
        )

    def _recorded(self, _: object) -> None:
        self.reload()
        if self.patient_id is not None:
            self.changed.emit(self.patient_id)
