"""A table model over a list of frozen rows: the one base for the GUI's lists of rows.

A subclass names its ``COLUMNS`` and says what a cell shows (``text``, or ``cell`` for
other roles); the base holds the rows, counts them, gives the headers and finds a row by
its key. Rows are replaced whole (``set_rows``): they are frozen values read from the
clinic layer, never edited in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

# Looked up once: a view asks ``data`` for every role of every visible cell on each
# repaint, and reaching a PySide6 enum member through its class costs a lookup each time.
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole

# What Qt passes as a model index: a plain or a persistent one.
AnyIndex = QModelIndex | QPersistentModelIndex

Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Rows given whole by ``set_rows``, one table row each.

    ``COLUMNS`` are the header texts; ``HEADER_TIPS`` (column → text) the header tooltips.
    ``KEY`` is the row attribute ``find_row`` looks for (``id`` unless said otherwise).
    By default a cell's display text is also its tooltip, so a value cut short in a narrow
    column can still be read whole.
    """

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    HEADER_TIPS: ClassVar[Mapping[int, str]] = {}
    KEY: ClassVar[str] = "id"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows instead of those shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, row: int) -> Row:
        """The row shown at table row ``row``."""
        return self._rows[row]

    def key_of(self, row: Row) -> Any:
        """What identifies a row (its ``KEY`` attribute)."""
        return getattr(row, self.KEY)

    def find_row(self, key: Any) -> int | None:
        """The table row of the row whose key is ``key``, or None if it is not shown."""
        return next((n for n, row in enumerate(self._rows) if self.key_of(row) == key), None)

    def columns(self) -> tuple[str, ...]:
        """The header texts (a subclass may choose them per instance)."""
        return self.COLUMNS

    # What a subclass says

    def text(self, row: Row, column: int) -> str:
        """What ``column`` of ``row`` reads as."""
        raise NotImplementedError

    def tooltip(self, row: Row, column: int) -> str | None:
        """The tooltip of ``column`` of ``row`` (None: none); its text unless overridden."""
        return self.text(row, column)

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What ``role`` gives for ``column`` of ``row``; None for nothing.

        Override to add roles, and call this for the rest: it gives ``text`` as the
        display text and ``tooltip`` as the tooltip.
        """
        if role == DISPLAY:
            return self.text(row, column)
        if role == TOOLTIP:
            return self.tooltip(row, column)
        return None

    # Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        columns = self.columns()
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return columns[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS.get(section)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        number = index.row()
        if not 0 <= number < len(self._rows) or not index.isValid():
            return None
        return self.cell(self._rows[number], index.column(), role)
