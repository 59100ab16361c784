"""Table models of the plan editor: a patient's plans (the current one marked) and the
care plans handed to the patient (the plan's history)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from wristcare.clinic.plans import HandoutRow, PlanRow
from wristcare.db.vocab import PlanStatus
from wristcare.gui.plans.labels import PLAN_STATUSES
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.rows_model import RowsModel


class _IdRowsModel(RowsModel[Any]):
    IdRole = Qt.ItemDataRole.UserRole + 1

    def cell(self, row: Any, column: int, role: int) -> Any:
        if role == self.IdRole:
            return row.id
        return super().cell(row, column, role)


class PlanListModel(_IdRowsModel):
    """A patient's plans, newest first; the current (active) plan in bold."""

    COLUMNS = ("Status", "Problem", "Started", "Review", "Sessions", "Handouts")

    def text(self, row: PlanRow, column: int) -> str:
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

    def cell(self, row: PlanRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            if row.status == PlanStatus.ACTIVE:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().cell(row, column, role)


class HandoutListModel(_IdRowsModel):
    """The care plans given to the patient from one plan, oldest first."""

    COLUMNS = ("Given", "By", "Large print", "SHA-256")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.tz = ZoneInfo("UTC")

    def text(self, row: HandoutRow, column: int) -> str:
        if column == 0:
            return row.issued_at.astimezone(self.tz).strftime("%d/%m/%Y %H:%M")
        if column == 1:
            return row.issued_by_name
        if column == 2:
            return "Yes" if row.large_print else "No"
        return row.sha256[:12]

    def tooltip(self, row: HandoutRow, column: int) -> str:
        return row.sha256 if column == 3 else self.text(row, column)
