"""The progress view: one measure across a course, as a chart and as a table.

``ProgressChart`` draws the scores with QPainter: points joined in date order on a time
axis, the measure's range on the y axis, sessions as ticks along the bottom, plan reviews
as dashed vertical lines, the plan goal's target as a dashed line, the baseline ringed
and "goal met" in words. ``ProgressTable`` gives the same scores as numbers against the
baseline. ``ProgressPanel`` puts a measure picker, the chart and the table together.

The chart is drawn once into a pixmap when its data or size changes; a paint only copies
that pixmap. Besides being cheap with hundreds of points, this keeps the number of calls
into Qt small: PySide6 6.12 on Python 3.11 drops a reference to None on every call of a
method returning void, and a few thousand of them crash the interpreter. For the same
reason the lines and dots are each drawn with one call (``drawPolyline``, ``drawPoints``).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QLineF,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.outcomes.goals import GOAL_STATUS_NAMES, GoalStatus
from wristcare.clinic.outcomes.improvement import Observation, Verdict
from wristcare.clinic.outcomes.progress import (
    PROGRESS_MEASURES,
    CourseProgress,
    GoalLine,
    MeasureInfo,
    ProgressRow,
    goal_lines,
    progress_rows,
)
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.db.vocab import GoalDirection

LINE = QColor("#1f5fa8")
TARGET = QColor("#2e7d32")
REVIEW = QColor("#9a5b00")
SESSION = QColor("#546e7a")
MET = QColor("#1b5e20")
# How near the pointer must be to a point (in pixels) for its tooltip.
NEAR = 24.0
# Narrower than this, the progress table goes under the chart instead of beside it.
SIDE_BY_SIDE_WIDTH = 900
# Fewest pixels between two date labels on the time axis.
DATE_LABEL_SPACING = 96.0


def format_value(info: MeasureInfo, value: Decimal | int) -> str:
    """A score as the measure shows it (its own number of decimals, halves up)."""
    quantum = Decimal(1).scaleb(-info.places)
    return str(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


def format_change(info: MeasureInfo, difference: Decimal) -> str:
    """A signed change, e.g. "-5" or "+0.40"; no change is "0"."""
    text = format_value(info, abs(difference))
    if difference > 0:
        return f"+{text}"
    if difference < 0:
        return f"-{text}"
    return text


def tick_label(value: Decimal) -> str:
    """An axis value without trailing zeros: "10", "2.5"."""
    text = f"{value.normalize():f}"
    return text if text != "-0" else "0"


def format_date(day: date) -> str:
    """A date as the chart and table show it, e.g. "3 Mar 2026"."""
    return f"{day.day} {day:%b %Y}"


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


def goal_summary(info: MeasureInfo, line: GoalLine) -> str:
    """A goal and where it stands, in words, e.g. "Target 3 or lower by 30 Apr 2026:
    met on 12 Mar 2026"."""
    way = "or lower" if line.goal.direction is GoalDirection.DECREASE else "or higher"
    text = f"Target {format_value(info, line.target)} {way}"
    if line.goal.target_on is not None:
        text += f" by {format_date(line.goal.target_on)}"
    status = line.progress.status
    if status is GoalStatus.MET and line.progress.first_met_on is not None:
        return f"{text}: goal met (first on {format_date(line.progress.first_met_on)})"
    if status is GoalStatus.MET:
        return f"{text}: goal met"
    return f"{text}: {GOAL_STATUS_NAMES[status].lower()}"


# --- the time axis ----------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def date_ticks(first: date, last: date, most: int) -> list[date]:
    """Dates for the time axis labels between ``first`` and ``last``: days, weeks (from
    a Monday) or months (from the 1st), as fine as ``most`` labels allow."""
    most = max(2, most)
    span = (last - first).days
    for days in (1, 2, 7, 14):
        if span / days < most:
            start = first if days < 7 else first + timedelta(days=-first.weekday() % 7)
            return [start + timedelta(days=n * days) for n in range(span // days + 2)
                    if start + timedelta(days=n * days) <= last]  # fmt: skip
    for months in (1, 2, 3, 6, 12):
        if span / (30.4 * months) < most:
            break
    start = date(first.year, first.month, 1)
    if start < first:
        start = _add_months(start, 1)
    ticks = []
    while start <= last:
        ticks.append(start)
        start = _add_months(start, months)
    return ticks


def _fitted(font: QFont, text: str, width: float) -> QFont:
    """``font`` made smaller (down to 12 px) until ``text`` fits ``width``: a narrow chart
    still says which way is better."""
    fitted = QFont(font)
    while fitted.pixelSize() > 12 and QFontMetricsF(fitted).horizontalAdvance(text) > width:
        fitted.setPixelSize(fitted.pixelSize() - 1)
    return fitted


@dataclass(frozen=True)
class ChartData:
    """What the chart draws: one measure's valid scores in date order, the session and
    review dates, and the plan goals on that measure."""

    info: MeasureInfo
    series: tuple[Observation, ...]
    session_dates: tuple[date, ...] = ()
    review_dates: tuple[date, ...] = ()
    goals: tuple[GoalLine, ...] = ()


class ProgressChart(QWidget):
    """One measure across a course, drawn with QPainter and cached as a pixmap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.setAccessibleName("Progress chart")
        # Small enough for the record's half of a 1280 x 720 screen; it grows from there.
        self.setMinimumSize(QSize(300, 220))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._data: ChartData | None = None
        self._picture: QPixmap | None = None
        self._points: list[tuple[float, float, Observation]] = []
        self._x_of: Callable[[date], float] | None = None
        self._y_of: Callable[[Decimal | int], float] | None = None
        self.draw_count = 0  # how often the picture was drawn (tests check the caching)

    def sizeHint(self) -> QSize:
        return QSize(820, 460)

    # --- data -------------------------------------------------------------------------

    def set_data(self, data: ChartData) -> None:
        """Show ``data``; the picture is drawn again on the next paint."""
        self._data = data
        self.setAccessibleDescription(self.describe())
        self.invalidate()

    def data(self) -> ChartData | None:
        """The data shown."""
        return self._data

    def describe(self) -> str:
        """The chart in words, for screen readers."""
        data = self._data
        if data is None or not data.series:
            return "No scores to show."
        info, first, last = data.info, data.series[0], data.series[-1]
        text = (
            f"{info.name}: {len(data.series)} scores, baseline "
            f"{format_value(info, first.value)} on {format_date(first.taken_on)}, latest "
            f"{format_value(info, last.value)} on {format_date(last.taken_on)}."
        )
        for line in data.goals:
            text += " " + goal_summary(info, line) + "."
        return text

    def invalidate(self) -> None:
        """Draw the chart again on the next paint."""
        self._picture = None
        self.update()

    def picture(self) -> QPixmap:
        """The cached drawing at the current size (drawn now if it is out of date)."""
        if self._picture is None:
            self._picture = self._draw()
        return self._picture

    # --- events -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._picture = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.invalidate()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.picture())
        painter.end()

    def event(self, event: QEvent) -> bool:
        # Tooltips on request (when the pointer rests), not on every mouse move.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def point_near(self, position: QPointF) -> Observation | None:
        """The score drawn nearest ``position`` (widget pixels), if within reach."""
        x, y = position.x(), position.y()
        best, best_distance = None, NEAR * NEAR
        for px, py, observation in self._points:
            distance = (px - x) ** 2 + (py - y) ** 2
            if distance <= best_distance:
                best, best_distance = observation, distance
        return best

    def tooltip_at(self, position: QPointF) -> str:
        """The tooltip for the score nearest ``position``: date and score."""
        self.picture()  # the point positions come with the drawing
        observation = self.point_near(position)
        if observation is None or self._data is None:
            return ""
        info = self._data.info
        text = f"{format_date(observation.taken_on)}: {format_value(info, observation.value)}"
        if observation is self._data.series[0]:
            text += " (baseline)"
        return text

    def x_for(self, day: date) -> float:
        """Where a date falls on the time axis (widget pixels); the chart must have scores."""
        self.picture()
        assert self._x_of is not None, "no scores drawn"
        return self._x_of(day)

    def y_for(self, value: Decimal | int) -> float:
        """Where a value falls on the y axis (widget pixels); the chart must have scores."""
        self.picture()
        assert self._y_of is not None, "no scores drawn"
        return self._y_of(value)

    def point_position(self, index: int) -> QPointF:
        """Where the score at ``index`` of the series is drawn (widget pixels)."""
        self.picture()
        x, y, _ = self._points[index]
        return QPointF(x, y)

    # --- drawing ----------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        small = QFont(self.font())
        small.setPixelSize(max(13, QFontMetricsF(self.font()).height() * 0.85))
        title = QFont(small)
        title.setPixelSize(17)
        title.setBold(True)
        bold = QFont(small)
        bold.setBold(True)
        return small, title, bold

    def _draw(self) -> QPixmap:
        self.draw_count += 1
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        palette = self.palette()
        pixmap.fill(palette.color(QPalette.ColorRole.Base))
        self._points = []
        self._x_of = self._y_of = None
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter, palette)
        finally:
            painter.end()
        return pixmap

    def _paint(self, painter: QPainter, palette: QPalette) -> None:
        small, title_font, bold = self._fonts()
        text_colour = palette.color(QPalette.ColorRole.Text)
        data = self._data
        width, height = float(self.width()), float(self.height())
        metrics = QFontMetricsF(small)
        line_height = metrics.height()
        if data is None:
            return
        info = data.info
        way = "lower" if info.better is GoalDirection.DECREASE else "higher"
        met = [g for g in data.goals if g.progress.status is GoalStatus.MET]
        title = f"{info.name} ({info.unit}, {way} is better)"
        room = width - 24 - (QFontMetricsF(title_font).horizontalAdvance("\u2713 Goal met") + 12
                             if met else 0)  # fmt: skip
        painter.setFont(_fitted(title_font, title, room))
        painter.setPen(QPen(text_colour))
        painter.drawText(QRectF(12, 6, room, 26), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(title_font)
        if met:
            painter.setPen(QPen(MET))
            painter.drawText(QRectF(12, 6, width - 24, 26), Qt.AlignmentFlag.AlignRight,
                             "\u2713 Goal met")  # fmt: skip
        if not data.series:
            painter.setFont(small)
            painter.setPen(QPen(text_colour))
            painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter,
                             f"{info.name}: no scores yet.")  # fmt: skip
            return

        values = [Decimal(o.value) for o in data.series] + [g.target for g in data.goals]
        low = info.low
        high = info.high
        if high is None:  # open-ended (grip): up to the next tick above the data
            top = max(values) * Decimal("1.1")
            high = max(
                info.tick * 2, (top / info.tick).to_integral_value("ROUND_CEILING") * info.tick
            )
        label_width = max(metrics.horizontalAdvance(format_value(info, high)), 24.0)
        target_width = max(
            (
                # The target label is drawn bold: measure it bold.
                QFontMetricsF(bold).horizontalAdvance(f"target {format_value(info, g.target)}")
                for g in data.goals
            ),
            default=0.0,
        )
        plot = QRectF(
            label_width + 22, 40 + line_height,
            width - label_width - 22 - max(24.0, target_width + 14),
            height - 40 - line_height - 2.4 * line_height - 10,
        )  # fmt: skip

        dates = (
            [o.taken_on for o in data.series] + list(data.session_dates) + list(data.review_dates)
        )
        first, last = min(dates), max(dates)
        if (last - first).days < 6:
            first, last = first - timedelta(days=3), last + timedelta(days=3)
        span = (last - first).days
        pad = max(1.0, span * 0.03)
        x_from, x_span = -pad, span + 2 * pad

        def x_of(day: date) -> float:
            return plot.left() + ((day - first).days - x_from) / x_span * plot.width()

        y_low, y_span = float(low), float(high - low)

        def y_of(value: Decimal | int) -> float:
            return plot.bottom() - (float(value) - y_low) / y_span * plot.height()

        self._x_of, self._y_of = x_of, y_of

        # Grid and y labels.
        ticks: list[Decimal] = []
        tick = low
        while tick <= high:
            ticks.append(tick)
            tick += info.tick
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        painter.setPen(QPen(grid, 1))
        painter.drawLines([QLineF(plot.left(), y_of(t), plot.right(), y_of(t)) for t in ticks])
        painter.setFont(small)
        painter.setPen(QPen(text_colour))
        for value in ticks:
            box = QRectF(0, y_of(value) - line_height / 2, plot.left() - 8, line_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             tick_label(value))  # fmt: skip

        # Time axis.
        days = date_ticks(first, last, int(plot.width() // DATE_LABEL_SPACING))
        painter.drawLines(
            [QLineF(x_of(d), plot.bottom(), x_of(d), plot.bottom() + 5) for d in days]
        )
        shown_year = None
        for day in days:
            label = f"{day.day} {day:%b}"
            if day.year != shown_year:
                label += f" {day.year}"
                shown_year = day.year
            box = QRectF(x_of(day) - DATE_LABEL_SPACING / 2, plot.bottom() + 6,
                         DATE_LABEL_SPACING, line_height)  # fmt: skip
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

        # Plan reviews: dashed lines across the plot, labelled at the top.
        if data.review_dates:
            painter.setPen(QPen(REVIEW, 1.5, Qt.PenStyle.DashLine))
            painter.drawLines([QLineF(x_of(d), plot.top(), x_of(d), plot.bottom())
                               for d in data.review_dates])  # fmt: skip
            painter.setPen(QPen(REVIEW))
            for day in sorted(set(data.review_dates)):
                box = QRectF(x_of(day) - 40, plot.top() - line_height - 2, 80, line_height)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "review")

        # Sessions: ticks along the bottom of the plot.
        if data.session_dates:
            painter.setPen(QPen(SESSION, 2.5))
            tick_top = plot.bottom() - 10
            painter.drawLines([QLineF(x_of(d), tick_top, x_of(d), plot.bottom())
                               for d in data.session_dates])  # fmt: skip

        # The plot's axes.
        painter.setPen(QPen(text_colour, 1.2))
        painter.drawLines([
            QLineF(plot.left(), plot.top(), plot.left(), plot.bottom()),
            QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()),
        ])  # fmt: skip

        # Targets: dashed lines, labelled at the right.
        for line in data.goals:
            y = y_of(line.target)
            painter.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
            painter.setPen(QPen(TARGET))
            painter.setFont(bold)
            box = QRectF(plot.right() + 6, y - line_height / 2, width - plot.right(), line_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"target {format_value(info, line.target)}")  # fmt: skip

        # The scores: one line through them, one dot each.
        self._points = [(x_of(o.taken_on), y_of(o.value), o) for o in data.series]
        polygon = QPolygonF([QPointF(x, y) for x, y, _ in self._points])
        many = len(self._points) > 150
        painter.setPen(QPen(LINE, 1.6 if many else 2.6, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))  # fmt: skip
        painter.drawPolyline(polygon)
        painter.setPen(QPen(LINE, 5 if many else 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPoints(polygon)

        # Baseline ringed and labelled; the latest score labelled.
        base_x, base_y, base = self._points[0]
        painter.setPen(QPen(text_colour, 2))
        painter.setBrush(QBrush())
        painter.drawEllipse(QPointF(base_x, base_y), 9.0, 9.0)
        painter.setFont(bold)
        self._label(painter, base_x, base_y, f"baseline {format_value(info, base.value)}",
                    plot, line_height, metrics)  # fmt: skip
        if len(self._points) > 1:
            last_x, last_y, latest = self._points[-1]
            painter.setPen(QPen(LINE))
            self._label(painter, last_x, last_y, f"latest {format_value(info, latest.value)}",
                        plot, line_height, metrics, right=True)  # fmt: skip

        # Legend, under the date labels.
        painter.setFont(small)
        legend_y = plot.bottom() + line_height + 12
        x = plot.left()
        legend = [
            (LINE, Qt.PenStyle.SolidLine, "scores", True),
            (TARGET, Qt.PenStyle.DashLine, "target (plan goal)", bool(data.goals)),
            (REVIEW, Qt.PenStyle.DashLine, "plan review", bool(data.review_dates)),
            (SESSION, Qt.PenStyle.SolidLine, "session", bool(data.session_dates)),
        ]
        for colour, style, text, shown in legend:
            if not shown:
                continue
            painter.setPen(QPen(colour, 2.5, style))
            mid = legend_y + line_height / 2
            if text == "session":
                painter.drawLine(QLineF(x + 10, mid - 6, x + 10, mid + 6))
            else:
                painter.drawLine(QLineF(x, mid, x + 24, mid))
            painter.setPen(QPen(text_colour))
            advance = metrics.horizontalAdvance(text)
            painter.drawText(QRectF(x + 30, legend_y, advance + 4, line_height),
                             Qt.AlignmentFlag.AlignLeft, text)  # fmt: skip
            x += 30 + advance + 22

    def _label(
        self,
        painter: QPainter,
        x: float,
        y: float,
        text: str,
        plot: QRectF,
        line_height: float,
        metrics: QFontMetricsF,
        right: bool = False,
    ) -> None:
        """A label beside a point, kept inside the plot, on a pale backing."""
        advance = metrics.horizontalAdvance(text) + 8
        left = x - advance - 10 if right else x + 12
        left = min(max(left, plot.left() + 2), plot.right() - advance - 2)
        top = y - line_height - 12 if y - line_height - 12 > plot.top() else y + 12
        box = QRectF(left, top, advance, line_height)
        pen = painter.pen()
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        painter.setBrush(QBrush(QColor(255, 255, 255, 215)))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(pen)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


# --- the table --------------------------------------------------------------------------


class ProgressTable(QAbstractTableModel):
    """One measure's scores as rows: date, score, change from baseline, and whether the
    change is clinically important (by the clinic's thresholds)."""

    # Two-line headers keep the columns narrow enough to sit beside the chart.
    HEADERS = ("Date", "Score", "Change from\nbaseline", "Clinically\nimportant")
    DATE, SCORE, CHANGE, IMPORTANT = range(4)

    def __init__(self, thresholds: OutcomeThresholds | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._thresholds = thresholds or OutcomeThresholds()
        self._info: MeasureInfo | None = None
        self._rows: list[ProgressRow] = []

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
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or self._info is None or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.IMPORTANT and row.verdict:
            return VERDICT_TIPS[row.verdict]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.SCORE, self.CHANGE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: ProgressRow, column: int) -> str:
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


# --- the panel --------------------------------------------------------------------------


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
