"""How the patient list looks: a proxy that turns the model's facts into fonts, colours
and tooltips, so that the data model stays plain and the looks can change alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from wristcare.gui.patients.list_model import NAME, PHONE, PatientListModel

REVIEW_TIPS = {"overdue": "Review overdue", "planned": "Next planned review"}
# A QColor, not a Qt.GlobalColor: the item delegate ignores a bare enum.
OVERDUE = QColor("#a01010")


class PatientListStyle(QIdentityProxyModel):
    """Archived patients in grey italics, overdue reviews in dark red.

    Sorting and fetching more rows pass straight through to the source model, where
    the database does them.
    """

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.FontRole:
            archived = self._fact(index, PatientListModel.ArchivedRole)
            overdue = self._fact(index, PatientListModel.ReviewRole) == "overdue"
            if archived or overdue:
                font = QFont()
                font.setItalic(archived)
                font.setBold(overdue)
                return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._fact(index, PatientListModel.ArchivedRole):
                return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            if self._fact(index, PatientListModel.ReviewRole) == "overdue":
                return OVERDUE
        if role == Qt.ItemDataRole.ToolTipRole:
            review = self._fact(index, PatientListModel.ReviewRole)
            if review:
                return REVIEW_TIPS[review]
            if index.column() in (NAME, PHONE):
                # The column may be too narrow for the whole name: the tooltip has it.
                return self._fact(index, Qt.ItemDataRole.DisplayRole)
        return self._fact(index, role)

    def _fact(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        # Straight to the Python model, not through super().data(): PySide6 6.12.0 drops a
        # reference to None each time C++ hands an empty value back to Python, and most
        # roles are empty (see the pin in pyproject.toml and tests/gui/test_refcounts.py).
        source = self.sourceModel()
        return source.data(self.mapToSource(index), role) if source is not None else None
