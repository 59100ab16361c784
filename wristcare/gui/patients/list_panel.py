"""The patient list: search as you type, show archived, open with Enter."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wristcare.gui import crash
from wristcare.gui.patients.list_model import SORT_KEYS, PatientListModel
from wristcare.gui.patients.list_style import PatientListStyle
from wristcare.gui.widgets.form import button, checkbox

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
SORT_COLUMNS = {key: column for column, key in SORT_KEYS.items()}
# Room for a name and a date of birth. A whole document pasted by mistake would make
# hundreds of search words, more than the database takes in one query.
SEARCH_LIMIT = 100


class PatientListPanel(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, model: PatientListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, date of birth, phone, email or record")
        self.search.setAccessibleName("Search patients")
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(SEARCH_LIMIT)
        self.show_archived = checkbox("Show &archived")
        # No mnemonic: Ctrl+N does this, and Alt+N goes to the Name field.
        self.new_button = button("New patient")
        self.new_button.setToolTip("Ctrl+N")

        self.table = QTableView()
        self.table.setAccessibleName("Patients")
        self.style_proxy = PatientListStyle(self)
        self.style_proxy.setSourceModel(model)
        self.table.setModel(self.style_proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures rows, so a new page shows at once.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((190, 88, 88, 100, 120)):
            header.resizeSection(column, width)
        self.table.setWordWrap(False)

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
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self._query_changed)
        self.show_archived.toggled.connect(self._query_changed)
        self.new_button.clicked.connect(self.new_requested)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.table.installEventFilter(self)
        self.search.installEventFilter(self)
        model.modelReset.connect(self._update_count)
        model.rowsInserted.connect(self._update_count)
        model.failed.connect(lambda error: crash.show_error(self, error))
        header.sortIndicatorChanged.connect(self._show_sort_in_use)

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

    def select_patient(self, patient_id: int) -> None:
        row = self.model.find_row(patient_id)
        if row is not None:
            self.table.selectRow(row)

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
            self.model.query,
            text=self.search.text(),
            include_archived=self.show_archived.isChecked(),
        )
        self.model.set_query(query)

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
