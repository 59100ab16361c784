"""A read-only table of sessions: Enter or a double click opens the note."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from wristcare.gui.sessions.list_model import SessionListModel
from wristcare.gui.sessions.list_style import SessionListStyle
from wristcare.gui.widgets.rows_table import rows_table

OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SessionTable(QTableView):
    open_requested = Signal(int)  # session id

    def __init__(
        self,
        model: SessionListModel,
        name: str,
        widths: tuple[int, ...],
        stretch: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = model
        self.style_proxy = SessionListStyle(self)
        self.style_proxy.setSourceModel(model)
        rows_table(name, self.style_proxy, self)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        # Fixed row heights: the view never measures rows, so a new page shows at once.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        # The complaint takes the room left; the other columns keep their widths.
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in OPEN_KEYS
        ):
            self._open_row(self.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.source.rowCount():
            self.open_requested.emit(self.source.row_of(row).id)

    def select_session(self, session_id: int) -> None:
        row = self.source.find_row(session_id)
        if row is not None:
            self.selectRow(row)
