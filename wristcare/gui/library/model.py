"""Item models for the acupoint library."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QFont

from wristcare.clinic.acupoints import PointInfo, point_matches
from wristcare.gui.widgets.rows_model import AnyIndex, RowsModel


class AcupointTableModel(RowsModel[PointInfo]):
    """The points of the library, one row each."""

    COLUMNS = ("Code", "Pinyin", "Chinese", "Simplified", "Other codes")
    KEY = "code"
    PointRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, points: list[PointInfo] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = list(points or [])

    def set_points(self, points: list[PointInfo]) -> None:
        self.set_rows(points)

    def point(self, row: int) -> PointInfo:
        return self.row_of(row)

    def text(self, point: PointInfo, column: int) -> str:
        return (
            point.code or "—",
            point.pinyin,
            point.hanzi_traditional,
            point.hanzi_simplified,
            ", ".join(filter(None, (point.other_codes, point.other_names))),
        )[column]

    def cell(self, point: PointInfo, column: int, role: int) -> Any:
        if role == self.PointRole:
            return point
        if role == Qt.ItemDataRole.FontRole and column in (2, 3):
            # Characters are denser than Latin text: a size up keeps strokes legible.
            font = QFont()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            # Read aloud without the dash or gaps of a point that has no WHO code.
            code = point.code or point.other_codes
            return " ".join(filter(None, (code, point.pinyin, point.hanzi_traditional)))
        return super().cell(point, column, role)


class AcupointFilterModel(QSortFilterProxyModel):
    """Filters the library as the practitioner types a code, a name or characters."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AcupointTableModel)
        return point_matches(model.point(source_row), self._query)
