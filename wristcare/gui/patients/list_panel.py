"""The patient list: search as you type, show archived, open with Enter."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from wristcare.gui.patients.list_model import (
    BORN,
    COLUMNS,
    LAST_VISIT,
    NAME,
    NEXT_REVIEW,
    PHONE,
    RECORD,
    SORT_KEYS,
    PatientListModel,
)
from wristcare.gui.patients.list_style import PatientListStyle
from wristcare.gui.widgets.fields import LimitedLineEdit, button, checkbox
from wristcare.gui.widgets.rows_table import rows_table

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SORT_COLUMNS = {key: column for column, key in SORT_KEYS.items()}
# The widest usual value of each column after the name (dates are dd/mm/yyyy).
COLUMN_SAMPLES = {
    BORN: "28/12/1970",
    LAST_VISIT: "28/12/2026",
    NEXT_REVIEW: "28/12/2026",
    PHONE: "+44 7700 900123",
    RECORD: "P000000",
}
SORT_ARROW = 16
CELL_PADDING = 14
# Room for a name and a date of birth. A whole document pasted by mistake would make
# hundreds of search words, more than the database takes in one query.
SEARCH_LIMIT = 100
# How far down the list "show this patient" fetches before searching by record number.
FIND_ROW_LIMIT = 2_000


class PatientListPanel(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, model: PatientListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.search = LimitedLineEdit(SEARCH_LIMIT)
        self.search.setPlaceholderText("Search name, date of birth, phone, email or record")
        self.search.setAccessibleName("Search patients")
        self.search.setClearButtonEnabled(True)
        self.show_archived = checkbox("Show &archived")
        # No mnemonic: Ctrl+N does this, and Alt+N goes to the Name field.
        self.new_button = button("New patient")
        self.new_button.setToolTip("Ctrl+N")

        self.style_proxy = PatientListStyle(self)
        self.style_proxy.setSourceModel(model)
        self.table = rows_table("Patients", self.style_proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        # Fixed row heights: the view never measures rows, so a new page shows at once.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The name takes what the other columns leave, so that all six show without a
        # horizontal scroll bar on a 1366-pixel screen; a long name is shortened with "…"
        # and shown whole in the record.
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        for column, sample in COLUMN_SAMPLES.items():
            header.resizeSection(column, self._column_width(column, sample))
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        # Why the list could not be read or a paste was refused: under the search box,
        # never a dialog per keystroke.
        self.problem = QLabel()
        self.problem.setObjectName("searchProblem")
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Search problem")
        self.problem.hide()
        self.count = QLabel()
        self.count.setAccessibleName("Patients found")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_archived)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self._query_changed)
        self.show_archived.toggled.connect(self._query_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.installEventFilter(self)
        self.search.installEventFilter(self)
        model.modelReset.connect(self._update_count)
        model.modelReset.connect(self._list_shown)
        model.rowsInserted.connect(self._update_count)
        model.failed.connect(self._show_problem)
        model.search_finished.connect(self._search_finished)
        self.search.refused.connect(self._show_problem)
        # Enter pressed while a search runs opens the first match of that search.
        self._open_when_found = False
        header.sortIndicatorChanged.connect(self._show_sort_in_use)

    def _column_width(self, column: int, sample: str) -> int:
        """Room for the widest usual value and for the title with its sort arrow."""
        title = self.table.horizontalHeader().fontMetrics().horizontalAdvance(COLUMNS[column])
        value = self.table.fontMetrics().horizontalAdvance(sample)
        return max(value, title + SORT_ARROW) + CELL_PADDING

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        """Re-read the list, keeping the selection on the same patient when possible."""
        selected = self.selected_patient_id()
        self.model.refresh()
        if selected is not None:
            self.select_patient(selected)

    def selected_patient_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_of(rows[0].row()).id if rows else None

    def select_patient(self, patient_id: int, record_number: str = "") -> None:
        """Highlight the patient shown in the record, wherever it is in the list.

        Rows further down are fetched (up to FIND_ROW_LIMIT); a patient not among them
        is found by record number instead. The highlight is never left on someone else.
        """
        row = self._find_row(patient_id)
        if row is None and record_number:
            # The search box says why the list now shows this one patient; the list is
            # read at once (superseding the background search the new text started).
            self.search.setText(record_number)
            self.model.refresh()
            row = self.model.find_row(patient_id)
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.table.model().index(row, 0))

    def _find_row(self, patient_id: int) -> int | None:
        row = self.model.find_row(patient_id)
        while (
            row is None
            and self.model.rowCount() < FIND_ROW_LIMIT
            and self.model.canFetchMore(QModelIndex())
        ):
            before = self.model.rowCount()
            self.model.fetchMore(QModelIndex())
            if self.model.rowCount() == before:
                break
            row = self.model.find_row(patient_id)
        return row

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in OPEN_KEYS:
                self._open_current()
                return True
            if watched is self.search and event.key() == Qt.Key.Key_Down:
                self.table.setFocus()
                if self.model.rowCount():
                    self.table.selectRow(max(0, self.table.currentIndex().row()))
                return True
        return super().eventFilter(watched, event)

    def _open_current(self) -> None:
        if self.model.searching:
            self._open_when_found = True
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_row(rows[0].row())
        elif self.model.rowCount():
            # Enter in the search box with nothing selected opens the first match.
            self.table.selectRow(0)
            self._open_row(0)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_of(row).id)

    def _query_changed(self) -> None:
        query = replace(
            self.model.requested_query,
            text=self.search.text(),
            include_archived=self.show_archived.isChecked(),
        )
        self._open_when_found = False
        self.model.search(query)

    def _show_problem(self, problem: object) -> None:
        self._open_when_found = False  # not a match from a search that failed
        message = problem if isinstance(problem, str) else getattr(problem, "message", None)
        self.problem.setText(message or "The list could not be read.")
        self.problem.show()

    def _list_shown(self) -> None:
        self.problem.hide()

    def _search_finished(self) -> None:
        if self._open_when_found:
            self._open_when_found = False
            self._open_current()

    def _show_sort_in_use(self) -> None:
        """Keep the header's arrow on the order the list is really in: a click on a column
        the database cannot sort by (phone, next review), or a sort that failed, leaves
        both the list and the arrow as they were."""
        query = self.model.query
        column = SORT_COLUMNS[query.sort]
        order = Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        if (header.sortIndicatorSection(), header.sortIndicatorOrder()) != (column, order):
            with QSignalBlocker(header):
                header.setSortIndicator(column, order)

    def _update_count(self) -> None:
        total = self.model.total
        if total == 0 and self.model.query.text.strip():
            self.count.setText("No patient matches")
        elif total == 0:
            self.count.setText("No patients yet: Ctrl+N adds one")
        else:
            self.count.setText("1 patient" if total == 1 else f"{total:,} patients")
