"""The Home care page of the Library: every item a plan can use (shipped and the clinic's
own), with its illustration and text; add a clinic item or edit one."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, QSize, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.homecare_library import HomeCareLibraryItem, illustration_path
from wristcare.clinic.plans import (
    HomeCareItemDetails,
    add_homecare_item,
    list_homecare_items,
    save_homecare_item,
)
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import ops
from wristcare.gui.events import AppEvents
from wristcare.gui.plans.homecare_item_dialog import HomeCareItemDialog
from wristcare.gui.plans.homecare_model import HomeCareLibraryModel, dose_words, source_words
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.rows_table import rows_table

INTRO = (
    "What a plan's home care is chosen from. Edit a shipped item to keep the clinic's own "
    "version of it, or add the clinic's own items; plans already written keep their text."
)
PICTURE = QSize(260, 200)


def item_html(item: HomeCareLibraryItem) -> str:
    """The detail pane's text for one item."""
    parts = [f"<h3>{escape(item.title)}</h3>", f"<p><i>{escape(source_words(item))}</i>"]
    if dose := dose_words(item):
        parts.append(f" · {escape(dose)}")
    parts.append("</p>")
    if item.summary:
        parts.append(f"<p>{escape(item.summary)}</p>")
    parts.append("<p><b>Steps</b></p><ol>")
    parts += [f"<li>{escape(step)}</li>" for step in item.steps]
    parts.append("</ol>")
    if item.stop_rules:
        parts.append("<p><b>Stop when</b></p><ul>")
        parts += [f"<li>{escape(rule)}</li>" for rule in item.stop_rules]
        parts.append("</ul>")
    if item.caution:
        parts.append(f"<p><b>Caution:</b> {escape(item.caution)}</p>")
    return "".join(parts)


class HomeCareLibraryView(QWidget):
    def __init__(
        self, database: Database, events: AppEvents, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.events = events
        self._loading = False
        self.model = HomeCareLibraryModel(self)
        title = QLabel("Home-care library")
        title.setObjectName("viewTitle")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.table = rows_table("Home-care items", self.model)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, width in enumerate((220, 120, 110)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.picture = QSvgWidget()
        self.picture.setAccessibleName("Illustration")
        self.picture.setFixedSize(PICTURE)
        self.no_picture = QLabel("No illustration")
        self.no_picture.setFixedSize(PICTURE)
        self.no_picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Home-care item")
        self.detail.setPlaceholderText("Select an item to read its steps and stop rules.")
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        detail_layout.addWidget(self.no_picture, 0, Qt.AlignmentFlag.AlignHCenter)
        detail_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.add_button = button("&New item…")
        self.edit_button = button("&Edit item…")
        self.count = QLabel()
        self.count.setAccessibleName("Home-care items shown")
        actions = QHBoxLayout()
        actions.addWidget(self.count, 1)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        self.add_button.clicked.connect(self.add_item)
        self.edit_button.clicked.connect(self.edit_selected)
        self._show_picture(None)
        self._context_changed()
        events.context_changed.connect(self._context_changed)

    @property
    def context(self) -> ClinicContext | None:
        return self.events.context

    def _context_changed(self) -> None:
        """Who saves the clinic's items; nobody set up: read-only."""
        self.add_button.setEnabled(self.context is not None)
        self.edit_button.setEnabled(self.context is not None)

    def load(self) -> None:
        """Read the library in the background (the first time the page is shown)."""
        if self._loading:
            return
        self._loading = True
        ops.read(self, lambda: list_homecare_items(self.database), self.set_items,
                 failed=self._failed)  # fmt: skip

    def _failed(self, _error: BaseException) -> None:
        self._loading = False

    def set_items(self, items: list[HomeCareLibraryItem], select: str | None = None) -> None:
        self._loading = False
        chosen = select or (self.selected().key if self.selected() else None)
        self.model.set_items(items)
        self.count.setText(f"{len(items)} items")
        row = self.model.find_row(chosen) if chosen else None
        self.table.selectRow(row if row is not None else 0)

    def selected(self) -> HomeCareLibraryItem | None:
        row = self.table.currentIndex().row()
        return self.model.item(row) if 0 <= row < self.model.rowCount() else None

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        item = self.selected()
        self.detail.setHtml(item_html(item) if item else "")
        self._show_picture(item)

    def _show_picture(self, item: HomeCareLibraryItem | None) -> None:
        shown = False
        if item is not None and item.illustration:
            try:
                self.picture.load(str(illustration_path(item.illustration)))
                shown = self.picture.renderer().isValid()
            except WristCareError:
                shown = False
        self.picture.setVisible(shown)
        self.no_picture.setVisible(not shown)

    def _save(self, details: HomeCareItemDetails, version: int | None) -> HomeCareLibraryItem:
        assert self.context is not None
        if version is None:
            return add_homecare_item(self.database, self.context, details)
        return save_homecare_item(self.database, self.context, details, expected_version=version)

    def add_item(self) -> None:
        self._edit(None)

    def edit_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self._edit(item)

    def _edit(self, item: HomeCareLibraryItem | None) -> None:
        if self.context is None:
            return
        dialog = HomeCareItemDialog(item, self._save, self)
        if dialog.exec() and dialog.saved is not None:
            key = dialog.saved.key
            items = ops.call(self, lambda: list_homecare_items(self.database))
            if items is not ops.FAILED:
                self.set_items(items, select=key)
