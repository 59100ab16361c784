"""The Safety page of the Library: every safety rule, filtered as you type, with the
selected rule's explanation, guidance and source beside the table."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.rule_switches import rules_off, switch_rule
from wristcare.clinic.safety import rule_book
from wristcare.db.engine import Database
from wristcare.gui import dialogs, ops
from wristcare.gui.events import AppEvents
from wristcare.gui.library.rules_model import (
    RuleRow,
    SafetyRulesFilter,
    SafetyRulesModel,
    rule_rows,
)
from wristcare.gui.library.rules_style import SafetyRulesStyle
from wristcare.gui.widgets.fields import FILTER_LIMIT, line_box
from wristcare.gui.widgets.rows_table import rows_table

INTRO = (
    "Every rule WristCare checks before a treatment, and the red flags it screens for. "
    "A stop needs a change of treatment or an override with a reason; a caution needs a "
    "reason to proceed; a red flag needs a referral or a reason not to refer. "
    "The clinic may switch off a caution it does not want checked (the In use column); "
    "stops and red flags are always on."
)


def read_rules() -> list[RuleRow]:
    """The shipped rules, ready to show (reads and checks the rules file on first use)."""
    return rule_rows(rule_book())


def rule_html(row: RuleRow, off: bool = False) -> str:
    """The detail pane's text for one rule (``off``: the clinic has switched it off)."""
    rule = row.rule
    lines = [
        f"<h3>{escape(rule.code)}: {escape(rule.title)}</h3>",
        f"<p><b>Level:</b> {escape(row.level_words)}"
        f" &nbsp;·&nbsp; <b>Who may switch it off:</b> {escape(row.switch_off)}</p>",
    ]
    if off:
        lines.append("<p><b>Switched off by the clinic:</b> it is not checked on any note.</p>")
    lines += [
        f"<p><b>When it fires:</b> {escape(row.explanation)}</p>",
        f"<p><b>What to do:</b> {escape(row.guidance)}</p>",
    ]
    if row.points:
        lines.append(f"<p><b>Points:</b> {escape(row.points)}</p>")
    lines.append(f"<p><b>Source:</b> {escape(rule.source)}</p>")
    return "".join(lines)


class SafetyRulesView(QWidget):
    """The rules, read in the background the first time the page is shown."""

    def __init__(
        self,
        database: Database | None = None,
        events: AppEvents | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._loading = False
        self.database = database
        self.events = events
        self.model = SafetyRulesModel(parent=self)
        self.model.switch_requested.connect(self.switch)
        self.proxy = SafetyRulesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.looks = SafetyRulesStyle(self)
        self.looks.setSourceModel(self.proxy)

        title = QLabel("Safety rules")
        title.setObjectName("viewTitle")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.filter = line_box(FILTER_LIMIT)
        self.filter.setPlaceholderText("Filter by code or title (PREG, bleeding, EA)")
        self.filter.setAccessibleName("Filter safety rules")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)

        self.table = rows_table("Safety rules", self.looks)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() * 2)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Rule details")
        self.detail.setPlaceholderText("Select a rule to read its explanation and guidance.")

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # Room for a rule's whole text without scrolling on a 768-pixel-high screen.
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 9)
        splitter.setChildrenCollapsible(False)

        self.count = QLabel()
        self.count.setAccessibleName("Rules shown")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.filter)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)
        self._update_count()
        self._context_changed()
        if events is not None:
            events.context_changed.connect(self._context_changed)

    def _context_changed(self) -> None:
        """Switching a rule on or off is done (and audited) as this practitioner."""
        context = self.events.context if self.events is not None else None
        self.model.editable = context is not None and self.database is not None

    def load(self) -> None:
        """Read the rules (and the clinic's switched-off ones) in the background, once."""
        if self._loading or self.model.rowCount():
            return
        self._loading = True
        database = self.database

        def read() -> tuple[list[RuleRow], frozenset[str]]:
            return read_rules(), rules_off(database) if database is not None else frozenset()

        ops.read(self, read, lambda found: self.set_rows(*found), failed=self._failed)

    def set_rows(self, rows: list[RuleRow], off: frozenset[str] = frozenset()) -> None:
        self._loading = False
        self.model.set_rows(rows, off)
        self._fit_columns()
        self._update_count()

    def switch(self, code: str, on: bool) -> None:
        """Switch one caution on or off for the whole clinic, once confirmed."""
        if self.database is None or self.events is None:
            return
        context = self.events.require_context(self)
        if context is None:
            return
        question = (
            f"Check {code} again on every note, for the whole clinic?"
            if on
            else f"Switch off {code} for the whole clinic? It will no longer be checked on "
            "any note, by anyone, until it is switched on again. The change is audited."
        )
        action = "Switch on" if on else "Switch off"
        if not dialogs.confirm(self, f"{action} a safety rule", question, action):
            return
        database = self.database
        off = ops.call(self, lambda: switch_rule(database, context, code, on))
        if off is ops.FAILED:
            return
        self.model.set_off(off)
        self._show_selected()

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _failed(self, _error: BaseException) -> None:
        self._loading = False

    def _fit_columns(self) -> None:
        # Code, level and who may switch it off fit their words; the title takes the rest
        # up to a limit, leaving the source the last, stretched column.
        for column in (0, 1, 3, 5):
            self.table.resizeColumnToContents(column)
        self.table.resizeColumnToContents(2)
        header = self.table.horizontalHeader()
        header.resizeSection(2, min(header.sectionSize(2), 420))
        header.resizeSection(4, min(header.sectionSize(4), 360))

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.detail.clear()
            return
        row = rows[0].data(SafetyRulesModel.RowRole)
        self.detail.setHtml(rule_html(row, self.model.is_off(row)))

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} rules" if shown != total else f"{total} rules")
