"""The home-care library as a table: shipped items and the clinic's own, with the dose."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from wristcare.clinic.homecare_library import CLINIC, HomeCareLibraryItem
from wristcare.clinic.plans.library import plan_kind
from wristcare.gui.plans.labels import HOME_CARE_KINDS

AnyIndex = QModelIndex | QPersistentModelIndex


def source_words(item: HomeCareLibraryItem) -> str:
    if item.source != CLINIC:
        return "Shipped"
    return "Clinic's version" if item.overrides_shipped else "Clinic's own"


def dose_words(item: HomeCareLibraryItem) -> str:
    """ "hold 5 to 10 s, 5 reps, 3 times a day, 6 weeks" """
    parts = []
    if item.hold_seconds is not None:
        parts.append(f"hold {item.hold_seconds} s")
    if item.repetitions is not None:
        parts.append(f"{item.repetitions} reps")
    if item.times_a_day is not None:
        parts.append(f"{item.times_a_day} times a day")
    if item.weeks is not None:
        parts.append(f"{item.weeks} weeks")
    if item.each_side:
        parts.append("each side")
    return ", ".join(parts)


class HomeCareLibraryModel(QAbstractTableModel):
    COLUMNS = ("Title", "Kind", "From", "Dose")
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[HomeCareLibraryItem] = []

    def set_items(self, items: list[HomeCareLibraryItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> HomeCareLibraryItem:
        return self._items[row]

    def find_row(self, key: str) -> int | None:
        return next((n for n, item in enumerate(self._items) if item.key == key), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._items[index.row()]
        if role == self.ItemRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                item.title,
                HOME_CARE_KINDS.get(plan_kind(item.kind), item.kind),
                source_words(item),
                dose_words(item),
            )[index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None
