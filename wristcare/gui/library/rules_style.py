"""How the Safety page looks: the level cell tinted by level, beside the level in words,
so that the data model stays plain and nothing depends on colour alone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from wristcare.db.vocab import FindingLevel
from wristcare.gui.library.rules_model import SafetyRulesModel
from wristcare.gui.widgets.level_colours import LEVEL_COLOURS

LEVEL_COLUMN = 1
# Text and background per level, the banner's colours.
# QColors, not Qt.GlobalColors: the item delegate ignores a bare enum.
LOOKS = {level: (QColor(ink), QColor(paper)) for level, (ink, paper) in LEVEL_COLOURS.items()}
BOLD_LEVELS = frozenset({FindingLevel.STOP, FindingLevel.REFER})


class SafetyRulesStyle(QIdentityProxyModel):
    """The level cell in its level's colours, stops and red flags in bold."""

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and index.column() == LEVEL_COLUMN:
            level = super().data(index, SafetyRulesModel.LevelRole)
            if role == Qt.ItemDataRole.ForegroundRole:
                return LOOKS[level][0]
            if role == Qt.ItemDataRole.BackgroundRole:
                return LOOKS[level][1]
            if role == Qt.ItemDataRole.FontRole and level in BOLD_LEVELS:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)
