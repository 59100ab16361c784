"""The progress panel: a measure picker, the chart of the chosen measure and its scores
as a table, side by side when there is room."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.outcomes.progress import (
    PROGRESS_MEASURES,
    CourseProgress,
    MeasureInfo,
    goal_lines,
)
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.gui.outcomes.chart_axes import goal_summary
from wristcare.gui.outcomes.progress_chart import ChartData, ProgressChart
from wristcare.gui.outcomes.progress_table import ProgressTable

# Narrower than this, the progress table goes under the chart instead of beside it.
SIDE_BY_SIDE_WIDTH = 900


class ProgressPanel(QWidget):
    """A measure picker, the chart of the chosen measure and its scores as a table."""

    def __init__(
        self,
        thresholds: OutcomeThresholds | None = None,
        parent: QWidget | None = None,
        measures: Mapping[str, MeasureInfo] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("progressPanel")
        self._course: CourseProgress | None = None
        self._measures = dict(measures or PROGRESS_MEASURES)
        self.measure_picker = QComboBox()
        self.measure_picker.setObjectName("measure")
        self.measure_picker.setAccessibleName("Measure")
        self.measure_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for code, info in self._measures.items():
            self.measure_picker.addItem(info.name, code)
        picker_label = QLabel("&Measure")
        picker_label.setBuddy(self.measure_picker)
        self.goal_label = QLabel()
        self.goal_label.setObjectName("goalStatus")
        self.goal_label.setAccessibleName("Goal")
        self.goal_label.setWordWrap(True)
        bold = self.goal_label.font()
        bold.setBold(True)
        self.goal_label.setFont(bold)
        self.chart = ProgressChart()
        self.table = ProgressTable(thresholds, self)
        self.table_view = QTableView()
        self.table_view.setObjectName("progressTable")
        self.table_view.setAccessibleName("Scores")
        self.table_view.setModel(self.table)
        self.table_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table_view.verticalHeader().setVisible(False)
        self.table_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.table_view.horizontalHeader().setStretchLastSection(True)
        self.table_view.setMinimumWidth(200)

        top = QHBoxLayout()
        top.addWidget(picker_label)
        top.addWidget(self.measure_picker)
        top.addSpacing(16)
        top.addWidget(self.goal_label, 1)
        # Chart and table side by side; the practitioner can drag the line between them.
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setObjectName("progressBody")
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(self.chart)
        self.body.addWidget(self.table_view)
        self.body.setStretchFactor(0, 3)
        self.body.setStretchFactor(1, 2)
        # The table's four columns shown whole at first; the chart takes the rest.
        self.body.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        self.measure_picker.currentIndexChanged.connect(self._show)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Beside the chart when there is room for both; under it when the panel is
        # narrow, so no column of numbers is cut off.
        wide = event.size().width() >= SIDE_BY_SIDE_WIDTH
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.body.orientation() != orientation:
            self.body.setOrientation(orientation)
            self.body.setSizes([560, 440] if wide else [620, 380])
        super().resizeEvent(event)

    def set_course(self, course: CourseProgress) -> None:
        """Show a course (the chosen measure stays chosen)."""
        self._course = course
        self._show()

    def set_thresholds(self, thresholds: OutcomeThresholds) -> None:
        """Judge the table's changes by these thresholds."""
        self.table.set_thresholds(thresholds)

    def mark_available(self, codes: Collection[str]) -> None:
        """Say in the picker which measures have no scores yet (they stay choosable)."""
        for index in range(self.measure_picker.count()):
            code = self.measure_picker.itemData(index)
            name = self._measures[code].name
            text = name if code in codes else f"{name} (no scores yet)"
            if self.measure_picker.itemText(index) != text:
                self.measure_picker.setItemText(index, text)

    def measure(self) -> str:
        """The code of the chosen measure."""
        return str(self.measure_picker.currentData())

    def set_measure(self, code: str) -> None:
        """Choose the measure to show."""
        self.measure_picker.setCurrentIndex(self.measure_picker.findData(code))

    def _show(self) -> None:
        course = self._course
        if course is None:
            return
        code = self.measure()
        info = self._measures[code]
        series = course.series(code)
        lines = goal_lines(course, code)
        self.table.set_series(info, series)
        self.table_view.setAccessibleName(f"Scores: {info.name}")
        self.chart.set_data(
            ChartData(info, tuple(series), course.session_dates, course.review_dates, tuple(lines))
        )
        if lines:
            self.goal_label.setText("  ".join(goal_summary(info, line) for line in lines))
        else:
            self.goal_label.setText(f"{info.name}: no plan goal.")
