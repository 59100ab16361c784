"""Table models of the plan editor: a patient's plans (the current one marked) and the
care plans handed to the patient (the plan's history)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from wristcare.clinic.plans import HandoutRow, PlanRow
from wristcare.db.vocab import PlanStatus
from wristcare.gui.plans.labels import PLAN_STATUSES
from wristcare.gui.widgets.date_field import format_date

AnyIndex = QModelIndex | QPersistentModelIndex


class _RowsModel(QAbstractTableModel):
    COLUMNS: tuple[str, ...] = ()
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, row: int) -> Any:
        return self._rows[row]

    def find_row(self, row_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == row_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def _text(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        if role == self.IdRole:
            return row.id
        return None


class PlanListModel(_RowsModel):
    """A patient's plans, newest first; the current (active) plan in bold."""

    COLUMNS = ("Status", "Problem", "Started", "Review", "Sessions", "Handouts")

    def _text(self, row: PlanRow, column: int) -> str:
        if column == 0:
            return PLAN_STATUSES[row.status]
        if column == 1:
            return row.problem.splitlines()[0] if row.problem else "(no problem written yet)"
        if column == 2:
            return format_date(row.started_on)
        if column == 3:
            return format_date(row.review_on)
        if column == 4:
            return str(row.planned_sessions)
        return str(row.handout_count) if row.handout_count else ""

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid():
            if self._rows[index.row()].status == PlanStatus.ACTIVE:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


class HandoutListModel(_RowsModel):
    """The care plans given to the patient from one plan, oldest first."""

    COLUMNS = ("Given", "By", "Large print", "SHA-256")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = ZoneInfo("UTC")

    def _text(self, row: HandoutRow, column: int) -> str:
        if column == 0:
            return row.issued_at.astimezone(self.tz).strftime("%d/%m/%Y %H:%M")
        if column == 1:
            return row.issued_by_name
        if column == 2:
            return "Yes" if row.large_print else "No"
        return row.sha256[:12]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and index.column() == 3:
            return self._rows[index.row()].sha256
        return super().data(index, role)
