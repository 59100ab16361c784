"""How session lists look: drafts in bold (they still need signing), notes entered in
error in grey struck-through text, so the model itself stays plain data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from wristcare.db.vocab import SessionStatus
from wristcare.gui.sessions.list_model import SessionListModel

TIPS = {
    SessionStatus.DRAFT: "Unsigned draft: open it to finish and sign",
    SessionStatus.ENTERED_IN_ERROR: "Entered in error: kept in the record, not part of care",
}


class SessionListStyle(QIdentityProxyModel):
    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role in (
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            status = super().data(index, SessionListModel.StatusRole)
            if status == SessionStatus.DRAFT and role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if status == SessionStatus.ENTERED_IN_ERROR:
                if role == Qt.ItemDataRole.FontRole:
                    font = QFont()
                    font.setStrikeOut(True)
                    return font
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            if role == Qt.ItemDataRole.ToolTipRole and status in TIPS:
                return TIPS[SessionStatus(status)]
        return super().data(index, role)
