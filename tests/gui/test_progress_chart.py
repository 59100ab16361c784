"""The progress view fed a course as plain data: the measure picker switches the chart and
the table, scores entered in error stay out, the target line, reviews and goal status are
drawn, the table judges each change, and hundreds of points draw from one cached picture."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

from wristcare.clinic.outcomes.goals import Goal
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.progress import (
    GSS,
    PROGRESS_MEASURES,
    CourseProgress,
    global_symptom_series,
)
from wristcare.gui.outcomes.chart_axes import date_ticks
from wristcare.gui.outcomes.progress_chart import REVIEW, TARGET, ChartData, ProgressChart
from wristcare.gui.outcomes.progress_panel import ProgressPanel
from wristcare.gui.outcomes.progress_table import ProgressTable

START = date(2026, 1, 12)  # a Monday
OFFSETS = [0, 3, 7, 10, 14, 17, 21, 28, 35, 42, 49, 56]  # twice a week, then weekly
SESSIONS = tuple(START + timedelta(days=d) for d in OFFSETS)
REVIEWS = (START + timedelta(days=21), START + timedelta(days=56))
NUMBNESS = [8, 7, 8, 6, 6, 5, 6, 4, 5, 4, 3, 3]
SSS = ["3.36", "3.27", "3.18", "3.00", "2.91", "2.82", "2.73", "2.55", "2.45", "2.36", "2.18"]


def demo_course(goals: bool = True) -> CourseProgress:
    observations = []
    for day, numbness in zip(SESSIONS, NUMBNESS, strict=True):
        observations.append(Observation("nrs_numbness", "right", day, numbness))
        observations.append(Observation("nrs_pain", "right", day, max(0, numbness - 2)))
    for day, sss in zip(SESSIONS, SSS, strict=False):
        observations.append(Observation("bctq_sss", "right", day, Decimal(sss)))
    # Entered in error: never charted, never in the table.
    observations.append(Observation("nrs_numbness", "right", SESSIONS[5] + timedelta(1), 10, True))
    # The other hand is another course.
    observations.append(Observation("nrs_numbness", "left", SESSIONS[2], 1))
    goal = Goal(
        "nrs_numbness", "right", 8, 3, "decrease", "absolute", START, START + timedelta(weeks=10)
    )
    return CourseProgress(
        "right",
        tuple(observations),
        (goal,) if goals else (),
        SESSIONS,
        REVIEWS,
        SESSIONS[-1],
    )


@pytest.fixture
def panel(qtbot: Any) -> ProgressPanel:
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.set_course(demo_course())
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def cell(model: ProgressTable, row: int, column: int) -> str:
    return model.data(model.index(row, column))


def table_rows(model: ProgressTable) -> list[list[str]]:
    return [[cell(model, r, c) for c in range(4)] for r in range(model.rowCount())]


def colour_count(image: QImage, colour: QColor, points: list[tuple[int, int]]) -> int:
    """How many of ``points`` are drawn in ``colour`` (allowing for antialiasing: a thin
    line at a fractional position is spread over two pixels, so a pixel either side of
    each point counts too)."""

    def distance(x: int, y: int) -> int:
        pixel = image.pixelColor(x, y)
        return (
            abs(pixel.red() - colour.red())
            + abs(pixel.green() - colour.green())
            + abs(pixel.blue() - colour.blue())
        )

    return sum(min(distance(x + dx, y) for dx in (-1, 0, 1)) < 150 for x, y in points)


def test_switching_measure_updates_the_table_and_the_chart(
    qtbot: Any, panel: ProgressPanel
) -> None:
    chart, model = panel.chart, panel.table
    assert panel.measure() == "nrs_pain"
    assert [r[1] for r in table_rows(model)] == [str(max(0, n - 2)) for n in NUMBNESS]
    pain_picture = chart.picture().toImage()
    drawn = chart.draw_count

    # Painting again without a change copies the cached picture.
    chart.repaint()
    chart.repaint()
    assert chart.draw_count == drawn

    # Down on the picker chooses numbness: table and chart follow.
    panel.measure_picker.setFocus()
    qtbot.keyClick(panel.measure_picker, Qt.Key.Key_Down)
    assert panel.measure() == "nrs_numbness"
    qtbot.waitUntil(lambda: chart.draw_count > drawn)
    assert chart.picture().toImage() != pain_picture

    rows = table_rows(model)
    assert len(rows) == 12  # the score entered in error and the left hand are left out
    assert rows[0] == ["12 Jan 2026", "8", "baseline", ""]
    assert rows[1] == ["15 Jan 2026", "7", "-1", "No"]  # 1 point, 12.5%: not important
    assert rows[2] == ["19 Jan 2026", "8", "0", "No"]
    assert rows[3] == ["22 Jan 2026", "6", "-2", "Yes, better"]  # 2 points
    assert rows[11] == ["9 Mar 2026", "3", "-5", "Yes, better"]
    assert [o.value for o in chart.data().series] == NUMBNESS  # type: ignore[union-attr]
    assert "goal met (first on 2 Mar 2026)" in panel.goal_label.text()
    assert panel.goal_label.text().startswith("Target 3 or lower by 23 Mar 2026")
    assert "baseline 8 on 12 Jan 2026, latest 3 on 9 Mar 2026" in chart.accessibleDescription()

    # Resizing draws the picture again, at the new size.
    before = chart.draw_count
    panel.resize(1200, 650)
    qtbot.waitUntil(lambda: chart.draw_count > before)
    assert chart.picture().size() == chart.size() * chart.devicePixelRatioF()


def test_target_line_and_reviews_are_drawn_where_they_belong(qtbot: Any) -> None:
    def draw(course: CourseProgress) -> ProgressPanel:
        panel = ProgressPanel()
        qtbot.addWidget(panel)
        panel.resize(1366, 700)
        panel.set_course(course)
        panel.set_measure("nrs_numbness")
        return panel

    with_goal, without_goal = draw(demo_course()), draw(demo_course(goals=False))
    for panel, expected in ((with_goal, True), (without_goal, False)):
        chart = panel.chart
        ratio = chart.devicePixelRatioF()
        image = chart.picture().toImage()
        y = round(chart.y_for(3) * ratio)
        left, right = chart.x_for(START), chart.x_for(SESSIONS[-1])
        across = [(round(x * ratio), y) for x in range(int(left) + 20, int(right) - 20, 3)]
        assert (colour_count(image, TARGET, across) > len(across) // 4) is expected
        x = round(chart.x_for(REVIEWS[0]) * ratio)
        top, bottom = round(chart.y_for(9) * ratio), round(chart.y_for(1) * ratio)
        down = [(x, y) for y in range(top, bottom)]
        # A dashed line: about half its length is drawn.
        assert colour_count(image, REVIEW, down) > len(down) // 4
    assert without_goal.goal_label.text() == "Numbness: no plan goal."
    assert "goal met" in with_goal.chart.accessibleDescription()


def test_tooltip_names_the_nearest_point(qtbot: Any, panel: ProgressPanel) -> None:
    panel.set_measure("nrs_numbness")
    chart = panel.chart
    spot = chart.point_position(11) + QPointF(4, -3)
    assert chart.tooltip_at(spot) == "9 Mar 2026: 3"
    assert chart.tooltip_at(chart.point_position(0)) == "12 Jan 2026: 8 (baseline)"
    assert chart.tooltip_at(QPointF(3, 3)) == ""
    where = spot.toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, where, chart.mapToGlobal(where))
    QApplication.sendEvent(chart, event)
    qtbot.waitUntil(lambda: QToolTip.text() == "9 Mar 2026: 3")
    QToolTip.hideText()


def test_bctq_changes_are_judged_against_the_clinically_important_change(qtbot: Any) -> None:
    model = ProgressTable()
    qtbot.addWidget(ProgressPanel())  # a live application for the tester's views
    info = PROGRESS_MEASURES["bctq_sss"]
    values = ["3.00", "4.05", "2.00", "1.95"]
    model.set_series(
        info,
        [
            Observation("bctq_sss", "right", START + timedelta(i), Decimal(v))
            for i, v in enumerate(values)
        ],
    )
    assert table_rows(model) == [
        ["12 Jan 2026", "3.00", "baseline", ""],
        ["13 Jan 2026", "4.05", "+1.05", "Yes, worse"],  # exactly the threshold
        ["14 Jan 2026", "2.00", "-1.00", "No"],
        ["15 Jan 2026", "1.95", "-1.05", "Yes, better"],
    ]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Change from\nbaseline"
    tip = model.data(model.index(1, 3), Qt.ItemDataRole.ToolTipRole)
    assert tip == "A clinically important worsening on the baseline."


def test_the_table_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = ProgressTable()
    qtmodeltester.check(model)
    course = demo_course()
    model.set_series(PROGRESS_MEASURES["nrs_numbness"], course.series("nrs_numbness"))
    qtmodeltester.check(model)
    model.set_series(PROGRESS_MEASURES["grip"], [])
    qtmodeltester.check(model)


def test_global_symptom_score_and_grip(qtbot: Any) -> None:
    def rating(code: str, day: date, value: int, error: bool = False) -> Observation:
        return Observation(code, "right", day, value, error)

    one, two, three = START, START + timedelta(7), START + timedelta(14)
    observations = [
        *(rating(c, one, v) for c, v in zip(PAIN_TO_NIGHT, (6, 8, 7, 4, 5), strict=True)),
        # No weakness rating on day two: no Global Symptom Score that day.
        *(rating(c, two, 5) for c in PAIN_TO_NIGHT if c != "nrs_weakness"),
        rating("nrs_pain", three, 9, error=True),
        *(rating(c, three, v) for c, v in zip(PAIN_TO_NIGHT, (2, 3, 3, 1, 1), strict=True)),
        Observation("grip", "right", one, Decimal("18.50")),
        Observation("grip", "right", three, Decimal("24.33")),
    ]
    series = global_symptom_series(observations, "right")
    assert [(o.taken_on, o.value) for o in series] == [(one, 30), (three, 10)]

    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    panel.set_course(CourseProgress("right", tuple(observations)))
    panel.set_measure(GSS)
    assert table_rows(panel.table) == [
        ["12 Jan 2026", "30", "baseline", ""],
        ["26 Jan 2026", "10", "-20", "No threshold"],
    ]
    panel.set_measure("grip")
    assert table_rows(panel.table) == [
        ["12 Jan 2026", "18.50", "baseline", ""],
        ["26 Jan 2026", "24.33", "+5.83", "No threshold"],
    ]
    chart = panel.chart
    # Open-ended grip axis: from 0 up to the tick above the data (24.33 * 1.1 -> 30).
    assert chart.y_for(0) > chart.y_for(Decimal("24.33")) > chart.y_for(30) > 0
    assert chart.y_for(30) == pytest.approx(chart.y_for(0) - (chart.y_for(0) - chart.y_for(15)) * 2)
    panel.set_measure("bctq_fss")
    assert panel.table.rowCount() == 0
    assert chart.accessibleDescription() == "No scores to show."


PAIN_TO_NIGHT = ("nrs_pain", "nrs_numbness", "nrs_tingling", "nrs_weakness", "nrs_night_waking")


def test_five_hundred_points_draw_from_one_picture(qtbot: Any) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(1000, 520)
    chart.show()
    qtbot.waitExposed(chart)
    first = date(2025, 1, 1)
    series = tuple(
        Observation("nrs_pain", "right", first + timedelta(n), (n * 7) % 11) for n in range(500)
    )
    chart.set_data(
        ChartData(
            PROGRESS_MEASURES["nrs_pain"],
            series,
            session_dates=tuple(o.taken_on for o in series[::3]),
            review_dates=(first + timedelta(100), first + timedelta(300)),
        )
    )
    drawn = chart.draw_count
    image = chart.grab().toImage()
    assert not image.isNull()
    assert chart.draw_count == drawn + 1
    chart.grab()
    assert chart.draw_count == drawn + 1
    position = chart.point_position(250)
    assert chart.point_near(position) is series[250]
    assert chart.tooltip_at(position) == f"8 Sep 2025: {(250 * 7) % 11}"
    assert 0 < position.x() < chart.width() and 0 < position.y() < chart.height()


def test_time_axis_labels() -> None:
    weekly = date_ticks(date(2026, 1, 14), date(2026, 3, 9), 8)
    assert weekly[0] == date(2026, 1, 19) and weekly[-1] == date(2026, 3, 9)
    assert all((b - a).days == 7 for a, b in zip(weekly, weekly[1:], strict=False))
    monthly = date_ticks(date(2025, 1, 15), date(2026, 1, 10), 6)
    assert monthly == [date(2025, m, 1) for m in (2, 4, 6, 8, 10, 12)]
    daily = date_ticks(date(2026, 2, 27), date(2026, 3, 2), 10)
    assert daily == [date(2026, 2, 27), date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]


def test_the_table_goes_under_the_chart_when_the_panel_is_narrow(qtbot: Any) -> None:
    panel = ProgressPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 600)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.body.orientation() is Qt.Orientation.Horizontal
    panel.resize(640, 700)
    qtbot.waitUntil(lambda: panel.body.orientation() is Qt.Orientation.Vertical)
    # Under the chart, the table has the panel's width: no column is cut off.
    qtbot.waitUntil(lambda: panel.table_view.width() > 560)
