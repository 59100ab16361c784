"""The plan's history of care plans handed to the patient: when, by whom, large print or
not, the PDF's SHA-256; and "Reprint exactly" for the one selected."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
)

from wristcare.clinic.plans import HandoutRow
from wristcare.gui.plans.list_model import HandoutListModel
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.rows_table import rows_table


class HandoutsPanel(QGroupBox):
    reprint_requested = Signal(int)  # handout id

    def __init__(self) -> None:
        super().__init__("Care plans given to the patient")
        self.model = HandoutListModel(self)
        self.table = rows_table("Care plans given", self.model)
        header = self.table.horizontalHeader()
        for column, width in enumerate((140, 200, 90)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.empty = QLabel("None yet: Print care plan… (Ctrl+P) saves one and records it here.")
        self.reprint_button = button("&Reprint exactly…")
        self.reprint_button.setToolTip(
            "Save the selected care plan again, exactly as it was given (same SHA-256)"
        )
        actions = QHBoxLayout()
        actions.addWidget(self.empty)
        actions.addStretch(1)
        actions.addWidget(self.reprint_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        self.reprint_button.clicked.connect(self._reprint)
        self.table.doubleClicked.connect(lambda _index: self._reprint())

    def show_handouts(self, handouts: tuple[HandoutRow, ...], tz: ZoneInfo) -> None:
        self.model.tz = tz
        self.model.set_rows(handouts)
        self.table.setVisible(bool(handouts))
        self.empty.setVisible(not handouts)
        self.reprint_button.setEnabled(bool(handouts))
        if handouts:
            self.table.selectRow(len(handouts) - 1)

    def selected(self) -> int | None:
        row = self.table.currentIndex().row()
        return self.model.row_of(row).id if 0 <= row < self.model.rowCount() else None

    def _reprint(self) -> None:
        handout = self.selected()
        if handout is not None:
            self.reprint_requested.emit(handout)
