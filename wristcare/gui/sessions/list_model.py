"""Session lists as a lazy table model: pages are read from the clinic layer as the view
scrolls, so the Sessions view across every patient never holds more than it shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from wristcare.clinic.sessions import SessionListRow, SessionRow
from wristcare.clinic.sessions.labels import STATUSES
from wristcare.errors import WristCareError
from wristcare.gui.widgets.date_field import format_date

AnyIndex = QModelIndex | QPersistentModelIndex
FetchPage = Callable[[int, int], Sequence[SessionRow]]

PATIENT_COLUMNS = ("Date", "Complaint", "Points", "Status", "Practitioner")
ALL_COLUMNS = ("Date", "Patient", "Record", "Complaint", "Points", "Status", "Practitioner")


class SessionListModel(QAbstractTableModel):
    """Rows from ``fetch_page(offset, limit)``, ``count()`` of them in all.

    With ``with_patient`` the patient's name and record number are columns (the Sessions
    view); without, the list is one patient's. A page that cannot be read leaves the list
    as it was and is reported through ``failed``.
    """

    failed = Signal(object)
    SessionIdRole = Qt.ItemDataRole.UserRole + 1
    PatientIdRole = Qt.ItemDataRole.UserRole + 2
    StatusRole = Qt.ItemDataRole.UserRole + 3

    def __init__(
        self,
        fetch_page: FetchPage,
        count: Callable[[], int],
        *,
        with_patient: bool,
        page_size: int = 100,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch_page = fetch_page
        self._count = count
        self._columns = ALL_COLUMNS if with_patient else PATIENT_COLUMNS
        self._page_size = page_size
        self._rows: list[SessionRow] = []
        self._total = 0
        self._paging_failed = False
        self.tz = ZoneInfo("UTC")

    def set_tz(self, tz: ZoneInfo) -> None:
        """Times are shown in the clinic's zone."""
        self.tz = tz

    @property
    def total(self) -> int:
        return self._total

    def refresh(self) -> bool:
        """Read the count and the first page again; False (and ``failed``) if unreadable."""
        try:
            total = self._count()
            rows = list(self._fetch_page(0, self._page_size))
        except WristCareError as error:
            self.failed.emit(error)
            return False
        self.beginResetModel()
        self._rows, self._total = rows, max(total, len(rows))
        self._paging_failed = False
        self.endResetModel()
        return True

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._total = [], 0
        self.endResetModel()

    def row_of(self, row: int) -> SessionRow:
        return self._rows[row]

    def find_row(self, session_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.id == session_id:
                return number
        return None

    # Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return not parent.isValid() and not self._paging_failed and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex) -> None:
        if parent.isValid():
            return
        try:
            more = list(self._fetch_page(len(self._rows), self._page_size))
        except WristCareError as error:
            self._paging_failed = True
            self.failed.emit(error)
            return
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
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, self._columns[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole and self._columns[index.column()] in (
            "Complaint",
            "Points",
        ):
            return self._display(row, self._columns[index.column()]) or None
        if role == self.SessionIdRole:
            return row.id
        if role == self.PatientIdRole:
            return row.patient_id
        if role == self.StatusRole:
            return str(row.status)
        return None

    def _display(self, row: SessionRow, column: str) -> str:
        if column == "Date":
            return f"{format_date(row.local_date)} {row.started_at.astimezone(self.tz):%H:%M}"
        if column == "Patient":
            return row.patient_name if isinstance(row, SessionListRow) else ""
        if column == "Record":
            return row.record_number if isinstance(row, SessionListRow) else ""
        if column == "Complaint":
            return row.complaint
        if column == "Points":
            return row.points_summary
        if column == "Status":
            return STATUSES[row.status]
        return row.practitioner_name

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section]
        return None
