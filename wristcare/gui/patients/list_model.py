"""The patient list model: fetches pages from the clinic layer as the view scrolls.

With 20,000 patients the list never holds more rows than have been scrolled to, and a
search or a new sort order is one query for the first page, done in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from wristcare.clinic.patients import PatientPage, PatientQuery, PatientRow
from wristcare.errors import WristCareError
from wristcare.gui.tasks import Task, run_in_background
from wristcare.gui.widgets.date_field import format_date

AnyIndex = QModelIndex | QPersistentModelIndex
FetchPage = Callable[[PatientQuery, int, int], PatientPage]

COLUMNS = ("Name", "Born", "Last visit", "Next review", "Phone", "Record")
NAME, BORN, LAST_VISIT, NEXT_REVIEW, PHONE, RECORD = range(len(COLUMNS))
# Columns the database can sort by (others keep the current order).
SORT_KEYS = {NAME: "name", BORN: "date_of_birth", LAST_VISIT: "last_visit", RECORD: "record_number"}


class PatientListModel(QAbstractTableModel):
    """Pages of patients from ``fetch_page``. A page that cannot be read (the database is
    busy or gone) leaves the list as it was and is reported through ``failed``: the model
    is asked from inside Qt (sorting, scrolling), where an exception has nowhere to go."""

    failed = Signal(object)
    # After a search, refresh or sort has shown its rows, or failed.
    search_finished = Signal()
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
        super().__init__(parent)
        self._fetch_page = fetch_page
        # The clinic's date (from the context), not the viewing machine's: a review is
        # overdue by the clinic's calendar.
        self._clinic_today = today
        self._page_size = page_size
        self._query = PatientQuery()
        self._requested = self._query
        self._search: Task | None = None
        self._rows: list[PatientRow] = []
        self._total = 0
        self._today = self._clinic_today()
        # After a page failed to load, scrolling stops asking (one message, not one per
        # scroll) until the next search or refresh.
        self._paging_failed = False

    @property
    def query(self) -> PatientQuery:
        """The query the rows shown answer."""
        return self._query

    @property
    def requested_query(self) -> PatientQuery:
        """The newest query asked for (still being searched, or shown)."""
        return self._requested

    @property
    def searching(self) -> bool:
        return self._search is not None and self._search.pending

    def search(self, query: PatientQuery) -> None:
        """Search off the GUI thread, so typing never waits for the database.

        A newer search (or a refresh, or a sort) supersedes this one: its result is
        dropped. A search that fails leaves the list as it was (``failed`` says why).
        """
        if self._search is not None:
            self._search.cancel()
        self._requested = query
        fetch, size = self._fetch_page, self._page_size
        self._search = run_in_background(
            lambda: fetch(query, 0, size),
            lambda page: self._show(query, page),
            self._search_failed,
            owner=self,
        )

    def _search_failed(self, error: BaseException) -> None:
        self._requested = self._query
        self._search = None
        if isinstance(error, WristCareError):
            self.failed.emit(error)
        self.search_finished.emit()
        if not isinstance(error, WristCareError):
            raise error  # a bug: to the crash hook, which logs it and tells the user

    @property
    def total(self) -> int:
        """How many patients match, fetched or not."""
        return self._total

    def set_query(self, query: PatientQuery) -> bool:
        """Run a new search or sort: the first page is fetched now, the rest on demand.

        False (and ``failed`` emitted) if the page could not be read; the list is unchanged.
        """
        # Read before the reset begins: a reset that never ends breaks every view on it.
        page = self._fetch(query, 0)
        if page is None:
            self.search_finished.emit()
            return False
        self._show(query, page)
        return True

    def _show(self, query: PatientQuery, page: PatientPage) -> None:
        if self._search is not None:
            self._search.cancel()  # an older search must not replace this
            self._search = None
        self.beginResetModel()
        self._query = self._requested = query
        self._today = self._clinic_today()
        self._rows, self._total = list(page.rows), page.total
        self._paging_failed = False
        self.endResetModel()
        self.search_finished.emit()

    def _fetch(self, query: PatientQuery, offset: int) -> PatientPage | None:
        try:
            return self._fetch_page(query, offset, self._page_size)
        except WristCareError as error:
            self.failed.emit(error)
            return None

    def refresh(self) -> bool:
        """Read the newest query again now (after a save, say)."""
        return self.set_query(self._requested)

    def row_of(self, row: int) -> PatientRow:
        return self._rows[row]

    def find_row(self, patient_id: int) -> int | None:
        """The row of a patient among those fetched so far."""
        for number, row in enumerate(self._rows):
            if row.id == patient_id:
                return number
        return None

    # Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._paging_failed and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        page = self._fetch(self._query, len(self._rows))
        if page is None:
            self._paging_failed = True
            return
        more = page.rows
        if not more:
            self._total = len(self._rows)  # the list shrank since it was counted
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == self.PatientIdRole:
            return row.id
        if role == self.ArchivedRole:
            return row.archived
        if role == self.ReviewRole and column == NEXT_REVIEW and row.next_review:
            return "overdue" if row.next_review < self._today else "planned"
        return None

    def _display(self, row: PatientRow, column: int) -> str:
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self._requested, sort=key, descending=descending))  # type: ignore[arg-type]
