"""The read-only table every list of rows is shown in: whole rows, one at a time, never
edited in place, no row numbers; named for a screen reader."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


def rows_table(name: str, model: QAbstractItemModel, table: QTableView | None = None) -> QTableView:
    """A table of ``model``'s rows (``table`` when given, say a subclass; else a new one);
    the caller adds colours, wrapping and column widths."""
    if table is None:
        table = QTableView()
    table.setAccessibleName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table
