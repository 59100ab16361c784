"""The Plans section: the clinic's current plans across patients, the earliest review first
(overdue ones lead, marked in words), with a filter; Enter or a double click opens the plan.

The list is read off the GUI thread; a newer filter supersedes an older one, and a list
that cannot be read stays as it was, with the reason under the filter box.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.plans.overview import (
    OVERVIEW_LIMIT,
    PlanOverviewPage,
    PlanOverviewQuery,
    plans_overview,
)
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui.events import AppEvents
from wristcare.gui.plans.overview_model import (
    FLAG,
    HANDOUT,
    PATIENT,
    PROBLEM,
    RECORD,
    REVIEW_ON,
    SESSIONS,
    STARTED,
    PlanOverviewModel,
)
from wristcare.gui.plans.overview_style import PlanOverviewStyle
from wristcare.gui.tasks import Task, run_in_background
from wristcare.gui.widgets.fields import LimitedLineEdit, button, checkbox
from wristcare.gui.widgets.rows_table import rows_table

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FILTER_LIMIT = 100
# The widest usual value of each narrow column; the problem takes the room left.
COLUMN_SAMPLES = {
    FLAG: "Discontinued",
    PATIENT: "Margaret Featherstone",
    RECORD: "P000000",
    STARTED: "28/12/2026",
    REVIEW_ON: "28/12/2026",
    SESSIONS: "12 of 20",
    HANDOUT: "28/12/2026",
}
CELL_PADDING = 16
NO_PLANS = (
    "No current plans. A plan is written from the patient's record: open the patient, "
    "choose the Plans tab and press New plan."
)


class PlansOverview(QWidget):
    open_requested = Signal(int)  # a plan to open in its window

    def __init__(
        self,
        database: Database,
        events: AppEvents,
        *,
        limit: int = OVERVIEW_LIMIT,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.events = events
        # Reviews are dated by the practitioner's clinic calendar; a plan written
        # anywhere is shown the next time the list is seen.
        events.context_changed.connect(self.plans_changed)
        events.plan_changed.connect(self.plans_changed)
        events.patient_changed.connect(self.plans_changed)
        self.open_requested.connect(events.open_plan_requested)
        self.limit = limit
        self.model = PlanOverviewModel(self)
        self._task: Task | None = None
        self._total = 0
        self._open_when_shown = False

        heading = QLabel("Plans")
        heading.setObjectName("viewTitle")
        hint = QLabel("Current plans, the earliest review first. Enter opens the plan.")
        self.count = QLabel()
        self.count.setAccessibleName("Plans listed")
        self.refresh_button = button("Refresh")
        self.filter = LimitedLineEdit(FILTER_LIMIT)
        self.filter.setPlaceholderText("Filter by patient name, record number or problem")
        self.filter.setAccessibleName("Filter plans")
        self.filter.setClearButtonEnabled(True)
        self.show_inactive = checkbox("Show &drafts and completed plans")
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Plans problem")
        self.problem.hide()
        self.empty = QLabel()
        self.empty.setObjectName("emptyHint")
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.more = QLabel()
        self.more.setAccessibleName("More plans")
        self.more.hide()

        self.style_proxy = PlanOverviewStyle(self)
        self.style_proxy.setSourceModel(self.model)
        self.table = rows_table("Plans", self.style_proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, sample in COLUMN_SAMPLES.items():
            header.resizeSection(column, self._column_width(column, sample))
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(hint, 1)
        top.addWidget(self.count)
        top.addWidget(self.refresh_button)
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.show_inactive)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.empty)  # read before the empty table
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more)

        self.filter.textChanged.connect(self.refresh)
        self.filter.refused.connect(self._show_problem)
        self.show_inactive.toggled.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.installEventFilter(self)
        self.filter.installEventFilter(self)

    def _column_width(self, column: int, sample: str) -> int:
        title = (
            self.table.horizontalHeader()
            .fontMetrics()
            .horizontalAdvance(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
        )
        return max(self.table.fontMetrics().horizontalAdvance(sample), title) + CELL_PADDING

    @property
    def query(self) -> PlanOverviewQuery:
        return PlanOverviewQuery(
            text=self.filter.text(), include_inactive=self.show_inactive.isChecked()
        )

    @property
    def loading(self) -> bool:
        return self._task is not None and self._task.pending

    @property
    def context(self) -> ClinicContext | None:
        return self.events.context

    def plans_changed(self, _patient_id: int = 0) -> None:
        """A plan was written or its status changed: the list is read again when seen."""
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the list off the GUI thread; a newer read supersedes this one."""
        if self._task is not None:
            self._task.cancel()
        database, query, limit = self.database, self.query, self.limit
        today = self._today_and_zone()[0]
        self._task = run_in_background(
            lambda: plans_overview(database, query, today=today, limit=limit),
            lambda page: self._show(query, page),
            self._failed,
            owner=self,
        )

    def _today_and_zone(self) -> tuple[date, ZoneInfo]:
        if self.context is None:
            return date.today(), ZoneInfo("UTC")
        return self.context.today(), self.context.tz

    def _show(self, query: PlanOverviewQuery, page: PlanOverviewPage) -> None:
        self._task = None
        chosen = self.selected_plan_id()
        today, tz = self._today_and_zone()
        self.model.set_rows(page.rows, today, tz)
        self._total = page.total
        self.problem.hide()
        shown = len(page.rows)
        noun = "plan" if page.total == 1 else "plans"
        late = f" · {page.overdue:,} overdue" if page.overdue else ""
        self.count.setText(f"{page.total:,} {noun}{late}")
        self.more.setVisible(page.total > shown)
        self.more.setText(
            f"Showing the first {shown:,} of {page.total:,} by review date: "
            "type in the filter to find the others."
        )
        self.empty.setVisible(shown == 0)
        if query.text.strip():
            self.empty.setText(f"No plans match “{query.text.strip()}”.")
        elif query.include_inactive:
            self.empty.setText(NO_PLANS.replace("No current plans", "No plans yet"))
        else:
            self.empty.setText(NO_PLANS)
        row = self.model.find_row(chosen) if chosen is not None else None
        if row is None and shown:
            row = 0  # so that Enter opens the first match straight from the filter
        if row is not None:
            self.table.selectRow(row)
        if self._open_when_shown:
            self._open_when_shown = False
            self._open_selected()

    def _failed(self, error: BaseException) -> None:
        self._task = None
        self._open_when_shown = False
        if not isinstance(error, WristCareError):
            raise error  # a bug: to the crash hook, which logs it and tells the user
        self._show_problem(str(error))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def selected_plan_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_of(rows[0].row()).plan_id if rows else None

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._open_row(rows[0].row() if rows else -1)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_of(row).plan_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in OPEN_KEYS:
                # While a filter is being read the rows shown are the old ones: open the
                # first match of the new filter when it comes.
                self._open_when_shown = self.loading
                if not self.loading:
                    self._open_selected()
                return True
            if watched is self.filter and event.key() == Qt.Key.Key_Down:
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)
