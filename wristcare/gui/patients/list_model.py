"""The patient list model: fetches pages from the clinic layer as the view scrolls.

With 20,000 patients the list never holds more rows than have been scrolled to, and a
search or a new sort order is one query for the first page, done in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from wristcare.clinic.patients import PatientPage, PatientQuery, PatientRow
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.paged_model import PagedRowsModel
from wristcare.gui.widgets.rows_model import DISPLAY

FetchPage = Callable[[PatientQuery, int, int], PatientPage]

COLUMNS = ("Name", "Born", "Last visit", "Next review", "Phone", "Record")
NAME, BORN, LAST_VISIT, NEXT_REVIEW, PHONE, RECORD = range(len(COLUMNS))
# Columns the database can sort by (others keep the current order).
SORT_KEYS = {NAME: "name", BORN: "date_of_birth", LAST_VISIT: "last_visit", RECORD: "record_number"}


class PatientListModel(PagedRowsModel[PatientQuery, PatientRow]):
    """Pages of patients from ``fetch_page``, searched off the GUI thread (``search``) or
    read now (``set_query``, ``refresh``, a new sort order)."""

    COLUMNS = COLUMNS
    # Facts for the presentation proxy (list_style.py), which turns them into looks.
    PatientIdRole = Qt.ItemDataRole.UserRole + 1
    ArchivedRole = Qt.ItemDataRole.UserRole + 2
    ReviewRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        fetch_page: FetchPage,
        *,
        page_size: int = 100,
        today: Callable[[], date] = date.today,
        parent: Any = None,
    ) -> None:
        super().__init__(fetch_page, PatientQuery(), page_size=page_size, parent=parent)
        # The clinic's date (from the context), not the viewing machine's: a review is
        # overdue by the clinic's calendar.
        self._clinic_today = today
        self._today = self._clinic_today()

    def about_to_show(self, query: PatientQuery) -> None:
        self._today = self._clinic_today()

    def tooltip(self, row: PatientRow, column: int) -> str | None:
        return None  # the style proxy gives the tooltips

    def cell(self, row: PatientRow, column: int, role: int) -> Any:
        # Asked for every role of every visible cell on each keystroke's repaint: the
        # display text first, the facts next, and no tooltip (``tooltip`` above).
        if role == DISPLAY:
            return self.text(row, column)
        if role == self.PatientIdRole:
            return row.id
        if role == self.ArchivedRole:
            return row.archived
        if role == self.ReviewRole and column == NEXT_REVIEW and row.next_review:
            return "overdue" if row.next_review < self._today else "planned"
        return None

    def text(self, row: PatientRow, column: int) -> str:
        if column == NAME:
            name = f"{row.name} ({row.preferred_name})" if row.preferred_name else row.name
            return f"{name} — archived" if row.archived else name
        return {
            BORN: format_date(row.date_of_birth),
            LAST_VISIT: format_date(row.last_visit),
            NEXT_REVIEW: format_date(row.next_review),
            PHONE: row.phone,
            RECORD: row.record_number,
        }[column]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._requested, sort=key, descending=descending))  # type: ignore[arg-type]  # SORT_KEYS' values are the Literal's
