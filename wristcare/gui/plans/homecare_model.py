"""The home-care library as a table: shipped items and the clinic's own, with the dose."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from wristcare.clinic.homecare_library import CLINIC, HomeCareLibraryItem
from wristcare.clinic.plans.library import plan_kind
from wristcare.gui.plans.labels import HOME_CARE_KINDS
from wristcare.gui.widgets.rows_model import RowsModel


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


class HomeCareLibraryModel(RowsModel[HomeCareLibraryItem]):
    COLUMNS = ("Title", "Kind", "From", "Dose")
    KEY = "key"
    ItemRole = Qt.ItemDataRole.UserRole + 1

    def set_items(self, items: list[HomeCareLibraryItem]) -> None:
        self.set_rows(items)

    def item(self, row: int) -> HomeCareLibraryItem:
        return self.row_of(row)

    def text(self, item: HomeCareLibraryItem, column: int) -> str:
        return (
            item.title,
            HOME_CARE_KINDS.get(plan_kind(item.kind), item.kind),
            source_words(item),
            dose_words(item),
        )[column]

    def cell(self, item: HomeCareLibraryItem, column: int, role: int) -> Any:
        if role == self.ItemRole:
            return item
        return super().cell(item, column, role)
