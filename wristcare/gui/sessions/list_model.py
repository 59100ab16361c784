"""Session lists as a lazy table model: pages are read from the clinic layer as the view
scrolls, so the Sessions view across every patient never holds more than it shows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from wristcare.clinic.sessions import SessionListRow, SessionRow
from wristcare.clinic.sessions.labels import STATUSES
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.paged_model import Page, PagedRowsModel

FetchPage = Callable[[int, int], Sequence[SessionRow]]

PATIENT_COLUMNS = ("Date", "Complaint", "Points", "Status", "Practitioner")
ALL_COLUMNS = ("Date", "Patient", "Record", "Complaint", "Points", "Status", "Practitioner")
# Columns whose text may be cut short: their tooltip shows all of it.
TIPPED = ("Complaint", "Points")


class SessionListModel(PagedRowsModel[None, SessionRow]):
    """Rows from ``fetch_page(offset, limit)``, ``count()`` of them in all.

    With ``with_patient`` the patient's name and record number are columns (the Sessions
    view); without, the list is one patient's. ``reload`` reads the first page off the GUI
    thread, ``refresh`` now. A page that cannot be read leaves the list as it was and is
    reported through ``failed``.
    """

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
        def page(_query: None, offset: int, limit: int) -> Page[SessionRow]:
            # Counted with the first page only: later pages add to the rows counted then.
            total = count() if offset == 0 else 0
            rows = list(fetch_page(offset, limit))
            return Page(rows, max(total, len(rows)))

        super().__init__(page, None, page_size=page_size, parent=parent)
        self._columns = ALL_COLUMNS if with_patient else PATIENT_COLUMNS
        self.tz = ZoneInfo("UTC")

    def set_tz(self, tz: ZoneInfo) -> None:
        """Times are shown in the clinic's zone."""
        self.tz = tz

    def columns(self) -> tuple[str, ...]:
        return self._columns

    def tooltip(self, row: SessionRow, column: int) -> str | None:
        if self._columns[column] in TIPPED:
            return self.text(row, column) or None
        return None

    def cell(self, row: SessionRow, column: int, role: int) -> Any:
        if role == self.SessionIdRole:
            return row.id
        if role == self.PatientIdRole:
            return row.patient_id
        if role == self.StatusRole:
            return str(row.status)
        return super().cell(row, column, role)

    def text(self, row: SessionRow, column: int) -> str:
        name = self._columns[column]
        if name == "Date":
            return f"{format_date(row.local_date)} {row.started_at.astimezone(self.tz):%H:%M}"
        if name == "Patient":
            return row.patient_name if isinstance(row, SessionListRow) else ""
        if name == "Record":
            return row.record_number if isinstance(row, SessionListRow) else ""
        if name == "Complaint":
            return row.complaint
        if name == "Points":
            return row.points_summary
        if name == "Status":
            return STATUSES[row.status]
        return row.practitioner_name
