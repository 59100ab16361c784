"""The Sessions section: notes across all patients, today's and every unsigned draft first,
then the rest newest first; Enter or a double click opens the note."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import count_sessions, list_sessions
from wristcare.db.engine import Database
from wristcare.gui import crash
from wristcare.gui.events import AppEvents
from wristcare.gui.sessions.list_model import SessionListModel
from wristcare.gui.sessions.table import SessionTable
from wristcare.gui.widgets.fields import button


class SessionsView(QWidget):
    def __init__(
        self,
        database: Database,
        events: AppEvents,
        *,
        page_size: int = 100,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.events = events
        self.model = SessionListModel(
            self._page, lambda: count_sessions(database), with_patient=True,
            page_size=page_size, parent=self,
        )  # fmt: skip
        self.table = SessionTable(
            self.model, "Sessions", (130, 180, 80, 280, 240, 100, 170), stretch=3
        )
        heading = QLabel("Sessions")
        heading.setObjectName("viewTitle")
        hint = QLabel("Today's sessions and every unsigned draft first, then the most recent.")
        self.count = QLabel()
        self.count.setAccessibleName("Sessions listed")
        self.refresh_button = button("Refresh")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(hint, 1)
        top.addWidget(self.count)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.table.open_requested.connect(events.open_session_requested)
        self.refresh_button.clicked.connect(self.refresh)
        events.session_changed.connect(self._changed)
        events.patient_changed.connect(self._changed)
        events.context_changed.connect(self._context_changed)
        self.model.failed.connect(lambda error: crash.show_error(self, error))
        self.model.search_finished.connect(self._listed)
        self._chosen: int | None = None
        self._set_tz()

    @property
    def context(self) -> ClinicContext | None:
        return self.events.context

    def _changed(self, _patient_id: int) -> None:
        if self.isVisible():
            self.refresh()

    def _set_tz(self) -> None:
        if self.context is not None:
            self.model.set_tz(self.context.tz)

    def _page(self, offset: int, limit: int) -> list:
        if self.context is None:
            return []
        return list_sessions(self.database, self.context, offset=offset, limit=limit)

    def _context_changed(self) -> None:
        self._set_tz()
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the list again off the GUI thread; the session selected stays selected."""
        selected = self.table.currentIndex().row()
        chosen = self.model.row_of(selected).id if 0 <= selected < self.model.rowCount() else None
        self._chosen = chosen if chosen is not None else self._chosen
        self.model.reload()

    def _listed(self) -> None:
        total = self.model.total
        self.count.setText("1 session" if total == 1 else f"{total:,} sessions")
        chosen, self._chosen = self._chosen, None
        if chosen is not None:
            self.table.select_session(chosen)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)
