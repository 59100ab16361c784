"""The Plans tab of a patient's record: their plans, newest first, the current one marked;
"New plan", "Copy to a new plan" and open (Enter or a double click)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.plans import PlanRow, list_plans
from wristcare.db.engine import Database
from wristcare.db.vocab import PlanStatus
from wristcare.gui import ops
from wristcare.gui.plans.list_model import PlanListModel
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.rows_table import rows_table

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PatientPlansPanel(QWidget):
    """One patient's plans. Emits what to open or create; MainWindow wires the plan
    windows to it."""

    open_requested = Signal(int)  # plan id
    new_requested = Signal(int)  # patient id
    copy_requested = Signal(int)  # plan id

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.patient_id: int | None = None
        self._rows: list[PlanRow] = []
        self.model = PlanListModel(self)
        self.table = rows_table("Plans of this patient", self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # The dates and counts fit their words; the problem takes the room left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setAccessibleName("Plans recorded")
        self.summary.setWordWrap(True)
        self.new_button = button("New plan")
        self.copy_button = button("Copy to a new plan")
        self.copy_button.setToolTip("A new draft plan starting from the selected plan")
        self.open_button = button("Open plan")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.copy_button)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.new_button.clicked.connect(self.request_new)
        self.copy_button.clicked.connect(self._copy)
        self.open_button.clicked.connect(self._open)
        self.table.doubleClicked.connect(lambda _index: self._open())
        self.table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in OPEN_KEYS
        ):
            self._open()
            return True
        return super().eventFilter(watched, event)

    def selected(self) -> int | None:
        row = self.table.currentIndex().row()
        return self.model.row_of(row).id if 0 <= row < self.model.rowCount() else None

    def request_new(self) -> None:
        if self.patient_id is not None:
            self.new_requested.emit(self.patient_id)

    def _copy(self) -> None:
        plan = self.selected()
        if plan is not None:
            self.copy_requested.emit(plan)

    def _open(self) -> None:
        plan = self.selected()
        if plan is not None:
            self.open_requested.emit(plan)

    def show_patient(self, patient_id: int | None) -> None:
        self.patient_id = patient_id
        self.reload()

    def plans_changed(self, patient_id: int) -> None:
        if patient_id == self.patient_id:
            self.reload()

    def reload(self) -> None:
        chosen = self.selected()
        if self.patient_id is None:
            self._rows = []
        else:
            patient_id = self.patient_id
            rows = ops.call(self, lambda: list_plans(self.database, patient_id))
            self._rows = [] if rows is ops.FAILED else rows  # shown; the list left empty
        self.model.set_rows(self._rows)
        current = next((row for row in self._rows if row.status == PlanStatus.ACTIVE), None)
        if not self._rows:
            text = "No plans yet: New plan starts one."
        else:
            count = "1 plan" if len(self._rows) == 1 else f"{len(self._rows)} plans"
            if current is None:
                text = f"{count}; none is current."
            else:
                review = format_date(current.review_on) or "not set"
                text = f"{count}; the current one (bold) is reviewed on {review}."
        self.summary.setText(text)
        has_rows = bool(self._rows)
        self.copy_button.setEnabled(has_rows)
        self.open_button.setEnabled(has_rows)
        row = self.model.find_row(chosen) if chosen is not None else None
        if row is None and has_rows:
            row = self.model.find_row(current.id) if current is not None else 0
        if row is not None:
            self.table.selectRow(row)
