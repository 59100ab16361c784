"""The progress table: one measure's scores as rows, each judged against the baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from wristcare.clinic.outcomes.improvement import Observation, Verdict
from wristcare.clinic.outcomes.progress import MeasureInfo, ProgressRow, progress_rows
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.gui.outcomes.chart_axes import format_change, format_date, format_value
from wristcare.gui.widgets.rows_model import RowsModel

VERDICT_TEXT = {
    Verdict.IMPORTANT_IMPROVEMENT: "Yes, better",
    Verdict.IMPORTANT_WORSENING: "Yes, worse",
    Verdict.NOT_IMPORTANT: "No",
    Verdict.NO_THRESHOLD: "No threshold",
}
VERDICT_TIPS = {
    Verdict.IMPORTANT_IMPROVEMENT: "A clinically important improvement on the baseline.",
    Verdict.IMPORTANT_WORSENING: "A clinically important worsening on the baseline.",
    Verdict.NOT_IMPORTANT: "Less than the clinically important change.",
    Verdict.NO_THRESHOLD: "No published clinically important change for this measure.",
}


class ProgressTable(RowsModel[ProgressRow]):
    """One measure's scores as rows: date, score, change from baseline, and whether the
    change is clinically important (by the clinic's thresholds)."""

    # Two-line headers keep the columns narrow enough to sit beside the chart.
    HEADERS = ("Date", "Score", "Change from\nbaseline", "Clinically\nimportant")
    COLUMNS = HEADERS
    DATE, SCORE, CHANGE, IMPORTANT = range(4)

    def __init__(self, thresholds: OutcomeThresholds | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._thresholds = thresholds or OutcomeThresholds()
        self._info: MeasureInfo | None = None

    def set_thresholds(self, thresholds: OutcomeThresholds) -> None:
        """Judge changes by these thresholds from now on (the clinic's, as last read)."""
        self._thresholds = thresholds
        if self._info is not None:
            self.set_series(self._info, [row.observation for row in self._rows])

    def set_series(self, info: MeasureInfo, series: Sequence[Observation]) -> None:
        """Show one measure's valid scores (date order)."""
        self.beginResetModel()
        self._info = info
        self._rows = progress_rows(list(series), info.code, self._thresholds)
        self.endResetModel()

    def progress_row(self, row: int) -> ProgressRow:
        """The score and its judgement on one row."""
        return self.row_of(row)

    def tooltip(self, row: ProgressRow, column: int) -> str | None:
        if column == self.IMPORTANT and row.verdict:
            return VERDICT_TIPS[row.verdict]
        return None

    def cell(self, row: ProgressRow, column: int, role: int) -> Any:
        if self._info is None:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.SCORE, self.CHANGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().cell(row, column, role)

    def text(self, row: ProgressRow, column: int) -> str:
        info = self._info
        assert info is not None
        observation = row.observation
        if column == self.DATE:
            return format_date(observation.taken_on)
        if column == self.SCORE:
            return format_value(info, observation.value)
        if column == self.CHANGE:
            return "baseline" if row.change is None else format_change(info, row.change.difference)
        if column == self.IMPORTANT:
            return "" if row.verdict is None else VERDICT_TEXT[row.verdict]
        return ""
