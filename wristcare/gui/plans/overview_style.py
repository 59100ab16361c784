"""How the Plans section's table looks: an overdue review in bold dark red, one due this
week in bold, and a tooltip that says why, so the model stays plain data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from wristcare.clinic.plans.overview import ReviewDue
from wristcare.gui.plans.overview_model import FLAG, REVIEW_ON, PlanOverviewModel

# The patient list's colour for an overdue review (gui/patients/list_style.py).
OVERDUE = QColor("#a01010")
TIPS = {
    ReviewDue.OVERDUE: "The review date has passed: review the plan with the patient",
    ReviewDue.THIS_WEEK: "The review is due within the next seven days",
}


class PlanOverviewStyle(QIdentityProxyModel):
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role in (
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ) and index.column() in (FLAG, REVIEW_ON):
            review = self._fact(index, PlanOverviewModel.ReviewRole)
            if review is not None:
                if role == Qt.ItemDataRole.FontRole:
                    font = QFont()
                    font.setBold(True)
                    return font
                if role == Qt.ItemDataRole.ForegroundRole:
                    return OVERDUE if review == ReviewDue.OVERDUE else None
                return TIPS[ReviewDue(review)]
        return self._fact(index, role)

    def _fact(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        # Straight to the Python model, not through super().data(): see
        # gui/patients/list_style.py (a PySide6 reference-count bug on empty values).
        source = self.sourceModel()
        return source.data(self.mapToSource(index), role) if source is not None else None
