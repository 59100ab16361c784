"""The Library view: every acupoint, filtered as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from wristcare.clinic.acupoints import PointInfo
from wristcare.gui.library.model import AcupointFilterModel, AcupointTableModel
from wristcare.gui.widgets.form import line_box

FILTER_LIMIT = 100


class LibraryView(QWidget):
    """The point library; the points are handed in, the view never reads the database."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AcupointTableModel(parent=self)
        self.proxy = AcupointFilterModel(self)
        self.proxy.setSourceModel(self.model)

        title = QLabel("Point library")
        title.setObjectName("viewTitle")
        # A code or a name fits easily; a page pasted by mistake is refused, with the
        # reason shown where the count is.
        self.filter = line_box(FILTER_LIMIT)
        self.filter.setPlaceholderText("Filter by code (pc7, SJ5), pinyin or characters (大陵)")
        self.filter.setAccessibleName("Filter points")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.refused.connect(lambda message: self.count.setText(message))

        self.table = QTableView()
        self.table.setAccessibleName("Points")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 220, 130, 130)):
            header.resizeSection(column, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)

        self.count = QLabel()
        self.count.setAccessibleName("Points shown")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._update_count()
        # Ctrl+F finds here as it does on the Patients page (each is active only when shown).
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_filter)

    def set_points(self, points: list[PointInfo]) -> None:
        self.model.set_points(points)
        self._update_count()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} points" if shown != total else f"{total} points")
