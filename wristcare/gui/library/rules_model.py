"""The safety rules as the Safety page shows them: one row per rule, and a filter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from string import Formatter
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QColor

from wristcare.clinic.safety import Rule, RuleBook, list_rules
from wristcare.clinic.safety.rulebook import ALWAYS_ON_LEVELS, LEVELS, threshold_values
from wristcare.gui.widgets.rows_model import AnyIndex, RowsModel

CLINIC_MAY = "The clinic"
ALWAYS_ON = "Always on"
# The "In use" column: whether the rule is checked in this clinic.
IN_USE = "On"
SWITCHED_OFF = "Switched off"
ALWAYS = "Always"
SOURCE_COLUMN = 4
IN_USE_COLUMN = 5
# A switched-off rule reads greyed, beside the words that say so.
OFF_INK = QColor("#6b7280")

# What a finding fills into a rule's wording, as a reader of the rule (not of a finding)
# should see it: the rules say "{points} planned", the page says "the points planned".
STAND_INS = {
    "points": "the points",
    "due": " (due date)",
    "modalities": "the treatment",
    "age": "the age",
    "device": "the device",
    "electroacupuncture": "electroacupuncture planned",
    "limb": "limb",
    "bleeding": "Anticoagulant or bleeding disorder",
    "problems": "each point with the needle, depth or angle at issue",
    "herbs": "a herb",
    "where": "the health history or a plan",
    "detail": "The problem",
    "how": "at the site",
    "pattern": "Bilateral or glove-and-stocking symptoms",
    "recorded": "",
}


@dataclass(frozen=True)
class RuleRow:
    """A rule with its wording ready to read: templates filled with stand-ins."""

    rule: Rule
    explanation: str
    guidance: str
    points: str

    @property
    def level_words(self) -> str:
        return LEVELS[self.rule.level]

    @property
    def switchable(self) -> bool:
        """Whether the clinic may switch the rule off."""
        return self.rule.level not in ALWAYS_ON_LEVELS and self.rule.may_disable

    @property
    def switch_off(self) -> str:
        """Who may switch the rule off: the clinic, or no one."""
        return CLINIC_MAY if self.switchable else ALWAYS_ON


def fill(template: str, values: dict[str, str]) -> str:
    """A rule's wording with each ``{field}`` replaced by its value or its stand-in."""
    parts = []
    for literal, field, _, _ in Formatter().parse(template):
        parts.append(literal)
        if field is not None:
            parts.append(values.get(field, STAND_INS.get(field, field.replace("_", " "))))
    return "".join(parts)


def rule_rows(book: RuleBook) -> list[RuleRow]:
    """Every rule in the book, with its explanation and guidance readable as a rule."""
    values = {**threshold_values(book), "weeks": str(book.parameters.no_improvement_weeks)}
    rows = []
    for rule in list_rules(book):
        regions = ", ".join(name.replace("_", " ") for name in rule.regions)
        points = "; ".join(filter(None, (rule.points_text, regions and f"regions: {regions}")))
        rows.append(
            RuleRow(
                rule=rule,
                explanation=fill(rule.explanation, values),
                guidance=fill(rule.guidance, values),
                points=points,
            )
        )
    return rows


class SafetyRulesModel(RowsModel[RuleRow]):
    """Every safety rule, one row each, in the order of the rules file."""

    COLUMNS = ("Code", "Level", "Title", "Who may switch it off", "Source", "In use")
    RowRole = Qt.ItemDataRole.UserRole + 1
    LevelRole = Qt.ItemDataRole.UserRole + 2
    # The practitioner ticked or cleared a rule's "In use" box: (code, on). The box
    # follows once the clinic's setting is saved (set_off).
    switch_requested = Signal(str, bool)

    def __init__(self, rows: list[RuleRow] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = list(rows or [])
        self._off: frozenset[str] = frozenset()
        # Whether the boxes may be ticked (someone is using WristCare on a database).
        self.editable = False

    def key_of(self, row: RuleRow) -> str:
        return row.rule.code

    def set_rows(self, rows: Sequence[RuleRow], off: frozenset[str] = frozenset()) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._off = off
        self.endResetModel()

    def set_off(self, off: frozenset[str]) -> None:
        """The rules the clinic has switched off now."""
        self._off = off
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 5))

    def is_off(self, row: RuleRow) -> bool:
        return row.rule.code in self._off

    def in_use(self, row: RuleRow) -> str:
        if not row.switchable:
            return ALWAYS
        return SWITCHED_OFF if self.is_off(row) else IN_USE

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == IN_USE_COLUMN:
            row = self._rows[index.row()]
            if row.switchable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                if not self.editable:
                    flags &= ~Qt.ItemFlag.ItemIsEnabled
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and index.column() == IN_USE_COLUMN and self.editable):
            return False
        row = self._rows[index.row()]
        if role != Qt.ItemDataRole.CheckStateRole or not row.switchable:
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked
        if on == (not self.is_off(row)):
            return False
        self.switch_requested.emit(row.rule.code, on)
        return False  # shown once saved (set_off), never before

    def row(self, number: int) -> RuleRow:
        return self.row_of(number)

    def text(self, row: RuleRow, column: int) -> str:
        rule = row.rule
        return (
            rule.code, row.level_words, rule.title, row.switch_off, rule.source,
            self.in_use(row),
        )[column]  # fmt: skip

    def tooltip(self, row: RuleRow, column: int) -> str:
        # A long source is cut short in its column: its tip shows all of it.
        if column == SOURCE_COLUMN:
            return row.rule.source
        if column == IN_USE_COLUMN:
            if not row.switchable:
                return "Always checked: a clinic cannot switch this rule off."
            if self.is_off(row):
                return "Switched off by the clinic: not checked on any note. Tick to use it."
            return "Checked on every note. Clear the tick to switch it off for the clinic."
        return f"{row.explanation}\n{row.guidance}"

    def cell(self, row: RuleRow, column: int, role: int) -> Any:
        if role == self.RowRole:
            return row
        if role == self.LevelRole:
            return row.rule.level
        if role == Qt.ItemDataRole.CheckStateRole and column == IN_USE_COLUMN:
            if not row.switchable:
                return None
            return Qt.CheckState.Unchecked if self.is_off(row) else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ForegroundRole and self.is_off(row):
            return OFF_INK
        if role == Qt.ItemDataRole.AccessibleTextRole:
            rule = row.rule
            off = " Switched off by the clinic." if self.is_off(row) else ""
            return f"{rule.code}, {row.level_words}: {rule.title}. {row.switch_off}.{off}"
        return super().cell(row, column, role)


class SafetyRulesFilter(QSortFilterProxyModel):
    """Keeps the rules whose code or title holds every word typed (PREG, bleed, EA)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, SafetyRulesModel)
        rule = model.row(source_row).rule
        haystack = f"{rule.code} {rule.title}".casefold()
        return all(word in haystack for word in self._words)
