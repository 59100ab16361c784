"""The Library view: every acupoint, filtered as you type, the safety rules and the
home-care items."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.acupoints import PointInfo, list_points
from wristcare.db.engine import Database
from wristcare.gui import ops
from wristcare.gui.events import AppEvents
from wristcare.gui.library.model import AcupointFilterModel, AcupointTableModel
from wristcare.gui.library.rules_view import SafetyRulesView
from wristcare.gui.plans.homecare_library_view import HomeCareLibraryView
from wristcare.gui.widgets.fields import FILTER_LIMIT, line_box


class LibraryView(QWidget):
    """The point library and the Safety rules page, one tab each, and with a database
    the Home care page.

    The points are read in the background when the view is built (or handed in); the
    rules are read from the rules file the first time their tab is shown, with the caution
    rules the clinic has switched off (``database``).
    """

    def __init__(
        self,
        database: Database | None = None,
        events: AppEvents | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = AcupointTableModel(parent=self)
        self.proxy = AcupointFilterModel(self)
        self.proxy.setSourceModel(self.model)

        title = QLabel("Point library")
        title.setObjectName("viewTitle")
        # A code or a name fits easily; a page pasted by mistake is refused, with the
        # reason shown where the count is.
        self.filter = line_box(FILTER_LIMIT)
        self.filter.setPlaceholderText("Filter by code (pc7, SJ5), pinyin or characters (大陵)")
        self.filter.setAccessibleName("Filter points")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.refused.connect(lambda message: self.count.setText(message))

        self.table = QTableView()
        self.table.setAccessibleName("Points")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((90, 220, 130, 130)):
            header.resizeSection(column, width)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)

        self.count = QLabel()
        self.count.setAccessibleName("Points shown")

        points = QWidget()
        layout = QVBoxLayout(points)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._update_count()

        self.rules = SafetyRulesView(database, events)
        self.homecare: QWidget | None = None
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Library pages")
        # Alt+P and Alt+S switch pages from the keyboard.
        self.tabs.addTab(points, "&Points")
        self.tabs.addTab(self.rules, "&Safety rules")
        self.tabs.currentChanged.connect(self._page_changed)
        # The tab bar comes last in the Tab order, after the page: Ctrl+4 lands in the
        # points filter, as it did before there were tabs.
        QWidget.setTabOrder(self.rules.detail, self.tabs.tabBar())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)
        # Ctrl+F finds here as it does on the Patients page (each is active only when shown).
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_filter)
        if database is not None and events is not None:
            self.add_homecare(HomeCareLibraryView(database, events))
            ops.read(self, lambda: list_points(database), self.set_points)

    def add_homecare(self, page: QWidget) -> None:
        """The Home care page, read the first time it is shown."""
        self.homecare = page
        self.tabs.addTab(page, "&Home care")

    def set_points(self, points: list[PointInfo]) -> None:
        self.model.set_points(points)
        self._update_count()

    def focus_filter(self) -> None:
        """The filter of the page shown: points or rules."""
        if self.tabs.currentWidget() is self.rules:
            self.rules.focus_filter()
            return
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _page_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.rules:
            self.rules.load()
            self.rules.focus_filter()
        elif self.homecare is not None and self.tabs.widget(index) is self.homecare:
            self.homecare.load()  # type: ignore[attr-defined]  # the page added is a HomeCareLibraryView

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} points" if shown != total else f"{total} points")
