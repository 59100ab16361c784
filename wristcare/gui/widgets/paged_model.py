"""A lazy table model over pages of rows read from the clinic layer as the view scrolls.

With 20,000 patients (or every session of every patient) a list never holds more rows
than have been scrolled to, and a search or a new order is one query for the first page,
done in the database. A search runs off the GUI thread (gui/tasks.py), so typing never
waits for the database; a newer search supersedes an older one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QModelIndex, Signal

from wristcare.errors import WristCareError
from wristcare.gui.tasks import Task, run_in_background
from wristcare.gui.widgets.rows_model import AnyIndex, Row, RowsModel

Query = TypeVar("Query")


class PageOf(Protocol):
    """What a fetch returns: some rows, and how many the query matches in all."""

    @property
    def rows(self) -> Sequence[Any]: ...

    @property
    def total(self) -> int: ...


@dataclass(frozen=True)
class Page(Generic[Row]):
    """A page of rows and the number of rows matching in all."""

    rows: Sequence[Row]
    total: int


FetchPage = Callable[[Any, int, int], PageOf]


class PagedRowsModel(RowsModel[Row], Generic[Query, Row]):
    """Pages of rows from ``fetch_page(query, offset, limit)``.

    A page that cannot be read (the database is busy or gone) leaves the list as it was
    and is reported through ``failed``: the model is asked from inside Qt (sorting,
    scrolling), where an exception has nowhere to go. After a page failed to load,
    scrolling stops asking (one message, not one per scroll) until the next search.
    """

    failed = Signal(object)
    # After a search or refresh has shown its rows, or failed.
    search_finished = Signal()

    def __init__(
        self, fetch_page: FetchPage, query: Query, *, page_size: int = 100, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._page_size = page_size
        self._query: Query = query
        self._requested: Query = query
        self._search: Task | None = None
        self._total = 0
        self._paging_failed = False

    @property
    def query(self) -> Query:
        """The query the rows shown answer."""
        return self._query

    @property
    def requested_query(self) -> Query:
        """The newest query asked for (still being searched, or shown)."""
        return self._requested

    @property
    def searching(self) -> bool:
        return self._search is not None and self._search.pending

    @property
    def total(self) -> int:
        """How many rows match, fetched or not."""
        return self._total

    def search(self, query: Query) -> None:
        """Read the first page for ``query`` off the GUI thread, then show it.

        A newer search (or a refresh) supersedes this one: its result is dropped. A search
        that fails leaves the list as it was (``failed`` says why).
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

    def reload(self) -> None:
        """Search the newest query again, off the GUI thread (after a save, say)."""
        self.search(self._requested)

    def _search_failed(self, error: BaseException) -> None:
        self._requested = self._query
        self._search = None
        if isinstance(error, WristCareError):
            self.failed.emit(error)
        self.search_finished.emit()
        if not isinstance(error, WristCareError):
            raise error  # a bug: to the crash hook, which logs it and tells the user

    def set_query(self, query: Query) -> bool:
        """Read the first page for ``query`` now and show it; the rest come on demand.

        False (and ``failed`` emitted) if the page could not be read; the list is unchanged.
        """
        # Read before the reset begins: a reset that never ends breaks every view on it.
        page = self._fetch(query, 0)
        if page is None:
            self.search_finished.emit()
            return False
        self._show(query, page)
        return True

    def refresh(self) -> bool:
        """Read the newest query again now; False (and ``failed``) if unreadable."""
        return self.set_query(self._requested)

    def about_to_show(self, query: Query) -> None:
        """Called inside the reset, just before the first page of ``query`` is shown."""

    def _show(self, query: Query, page: PageOf) -> None:
        if self._search is not None:
            self._search.cancel()  # an older search must not replace this
            self._search = None
        self.beginResetModel()
        self._query = self._requested = query
        self.about_to_show(query)
        self._rows, self._total = list(page.rows), page.total
        self._paging_failed = False
        self.endResetModel()
        self.search_finished.emit()

    def _fetch(self, query: Query, offset: int) -> PageOf | None:
        try:
            return self._fetch_page(query, offset, self._page_size)
        except WristCareError as error:
            self.failed.emit(error)
            return None

    # Qt model interface

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
