"""The progress chart: one measure across a course, drawn with QPainter.

Points are joined in date order on a time axis, the measure's range on the y axis,
sessions as ticks along the bottom, plan reviews as dashed vertical lines, the plan goal's
target as a dashed line, the baseline ringed and "goal met" in words. Where things fall
is worked out in chart_axes.py; this module only draws.

The chart is drawn once into a pixmap when its data or size changes; a paint only copies
that pixmap. Besides being cheap with hundreds of points, this keeps the number of calls
into Qt small: PySide6 6.12 on Python 3.11 drops a reference to None on every call of a
method returning void, and a few thousand of them crash the interpreter. For the same
reason the lines and dots are each drawn with one call (``drawPolyline``, ``drawPoints``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, QSize, Qt
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
from PySide6.QtWidgets import QToolTip, QWidget

from wristcare.clinic.outcomes.goals import GoalStatus
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.progress import GoalLine, MeasureInfo
from wristcare.db.vocab import GoalDirection
from wristcare.gui.outcomes.chart_axes import (
    TimeAxis,
    ValueAxis,
    date_labels,
    date_ticks,
    format_date,
    format_value,
    goal_summary,
    tick_label,
    time_axis,
    value_axis,
)

LINE = QColor("#1f5fa8")
TARGET = QColor("#2e7d32")
REVIEW = QColor("#9a5b00")
SESSION = QColor("#546e7a")
MET = QColor("#1b5e20")
# How near the pointer must be to a point (in pixels) for its tooltip.
NEAR = 24.0
# Fewest pixels between two date labels on the time axis.
DATE_LABEL_SPACING = 96.0


def _fitted(font: QFont, text: str, width: float) -> QFont:
    """``font`` made smaller (down to 12 px) until ``text`` fits ``width``: a narrow chart
    still says which way is better."""
    fitted = QFont(font)
    while fitted.pixelSize() > 12 and QFontMetricsF(fitted).horizontalAdvance(text) > width:
        fitted.setPixelSize(fitted.pixelSize() - 1)
    return fitted


@dataclass(frozen=True)
class _Look:
    """The fonts and inks of one drawing (they follow the widget's font and palette)."""

    small: QFont
    title: QFont
    bold: QFont
    text: QColor
    grid: QColor
    metrics: QFontMetricsF  # of ``small``
    line_height: float


@dataclass(frozen=True)
class _Frame:
    """The plot's rectangle in widget pixels and the axes mapped onto it."""

    plot: QRectF
    times: TimeAxis
    values: ValueAxis

    def x_of(self, day: date) -> float:
        return self.plot.left() + self.times.fraction(day) * self.plot.width()

    def y_of(self, value: Decimal | int) -> float:
        return self.plot.bottom() - self.values.fraction(value) * self.plot.height()


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
        data = self._data
        if data is None:
            return
        look = self._look(palette)
        self._paint_title(painter, look, data, float(self.width()))
        if not data.series:
            painter.setFont(look.small)
            painter.setPen(QPen(look.text))
            whole = QRectF(0, 0, float(self.width()), float(self.height()))
            painter.drawText(
                whole, Qt.AlignmentFlag.AlignCenter, f"{data.info.name}: no scores yet."
            )
            return
        frame = self._frame(look, data)
        self._x_of, self._y_of = frame.x_of, frame.y_of
        self._paint_grid(painter, look, frame)
        self._paint_time_axis(painter, look, frame)
        self._paint_course(painter, look, frame, data)
        self._paint_axes(painter, look, frame)
        self._paint_targets(painter, look, frame, data)
        self._paint_series(painter, frame, data)
        self._paint_labels(painter, look, frame, data)
        self._paint_legend(painter, look, frame, data)

    def _look(self, palette: QPalette) -> _Look:
        small, title, bold = self._fonts()
        grid = QColor(palette.color(QPalette.ColorRole.Mid))
        grid.setAlpha(90)
        metrics = QFontMetricsF(small)
        text = palette.color(QPalette.ColorRole.Text)
        return _Look(small, title, bold, text, grid, metrics, metrics.height())

    def _paint_title(self, painter: QPainter, look: _Look, data: ChartData, width: float) -> None:
        """The measure and which way is better; "✓ Goal met" at the right once it is."""
        info = data.info
        way = "lower" if info.better is GoalDirection.DECREASE else "higher"
        met = [g for g in data.goals if g.progress.status is GoalStatus.MET]
        title = f"{info.name} ({info.unit}, {way} is better)"
        room = width - 24 - (QFontMetricsF(look.title).horizontalAdvance("\u2713 Goal met") + 12
                             if met else 0)  # fmt: skip
        painter.setFont(_fitted(look.title, title, room))
        painter.setPen(QPen(look.text))
        painter.drawText(QRectF(12, 6, room, 26), Qt.AlignmentFlag.AlignLeft, title)
        painter.setFont(look.title)
        if met:
            painter.setPen(QPen(MET))
            painter.drawText(QRectF(12, 6, width - 24, 26), Qt.AlignmentFlag.AlignRight,
                             "\u2713 Goal met")  # fmt: skip

    def _frame(self, look: _Look, data: ChartData) -> _Frame:
        """The plot's rectangle (room left for the value labels at the left and the target
        labels at the right) and the axes that map dates and values into it."""
        info = data.info
        values = value_axis(
            info, [Decimal(o.value) for o in data.series] + [g.target for g in data.goals]
        )
        width, height = float(self.width()), float(self.height())
        line_height = look.line_height
        label_width = max(look.metrics.horizontalAdvance(format_value(info, values.high)), 24.0)
        target_width = max(
            (
                # The target label is drawn bold: measure it bold.
                QFontMetricsF(look.bold).horizontalAdvance(f"target {format_value(info, g.target)}")
                for g in data.goals
            ),
            default=0.0,
        )
        plot = QRectF(
            label_width + 22, 40 + line_height,
            width - label_width - 22 - max(24.0, target_width + 14),
            height - 40 - line_height - 2.4 * line_height - 10,
        )  # fmt: skip
        times = time_axis(
            [o.taken_on for o in data.series] + list(data.session_dates) + list(data.review_dates)
        )
        return _Frame(plot, times, values)

    def _paint_grid(self, painter: QPainter, look: _Look, frame: _Frame) -> None:
        """A faint line at each labelled value, and the labels at the left."""
        plot, y_of, line_height = frame.plot, frame.y_of, look.line_height
        ticks = frame.values.ticks()
        painter.setPen(QPen(look.grid, 1))
        painter.drawLines([QLineF(plot.left(), y_of(t), plot.right(), y_of(t)) for t in ticks])
        painter.setFont(look.small)
        painter.setPen(QPen(look.text))
        for value in ticks:
            box = QRectF(0, y_of(value) - line_height / 2, plot.left() - 8, line_height)
            painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             tick_label(value))  # fmt: skip

    def _paint_time_axis(self, painter: QPainter, look: _Look, frame: _Frame) -> None:
        """Ticks under the plot and the dates they mark."""
        plot, x_of = frame.plot, frame.x_of
        days = date_ticks(
            frame.times.first, frame.times.last, int(plot.width() // DATE_LABEL_SPACING)
        )
        painter.setFont(look.small)
        painter.setPen(QPen(look.text))
        painter.drawLines(
            [QLineF(x_of(d), plot.bottom(), x_of(d), plot.bottom() + 5) for d in days]
        )
        for day, label in zip(days, date_labels(days), strict=True):
            box = QRectF(x_of(day) - DATE_LABEL_SPACING / 2, plot.bottom() + 6,
                         DATE_LABEL_SPACING, look.line_height)  # fmt: skip
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_course(self, painter: QPainter, look: _Look, frame: _Frame, data: ChartData) -> None:
        """Plan reviews as dashed lines labelled at the top; sessions as ticks at the bottom."""
        plot, x_of = frame.plot, frame.x_of
        if data.review_dates:
            painter.setPen(QPen(REVIEW, 1.5, Qt.PenStyle.DashLine))
            painter.drawLines([QLineF(x_of(d), plot.top(), x_of(d), plot.bottom())
                               for d in data.review_dates])  # fmt: skip
            painter.setPen(QPen(REVIEW))
            painter.setFont(look.small)
            for day in sorted(set(data.review_dates)):
                box = QRectF(
                    x_of(day) - 40, plot.top() - look.line_height - 2, 80, look.line_height
                )
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "review")
        if data.session_dates:
            painter.setPen(QPen(SESSION, 2.5))
            tick_top = plot.bottom() - 10
            painter.drawLines([QLineF(x_of(d), tick_top, x_of(d), plot.bottom())
                               for d in data.session_dates])  # fmt: skip

    def _paint_axes(self, painter: QPainter, look: _Look, frame: _Frame) -> None:
        plot = frame.plot
        painter.setPen(QPen(look.text, 1.2))
        painter.drawLines([
            QLineF(plot.left(), plot.top(), plot.left(), plot.bottom()),
            QLineF(plot.left(), plot.bottom(), plot.right(), plot.bottom()),
        ])  # fmt: skip

    def _paint_targets(
        self, painter: QPainter, look: _Look, frame: _Frame, data: ChartData
    ) -> None:
        """Each goal's target as a dashed line, labelled at the right."""
        plot = frame.plot
        for line in data.goals:
            y = frame.y_of(line.target)
            painter.setPen(QPen(TARGET, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
            painter.setPen(QPen(TARGET))
            painter.setFont(look.bold)
            box = QRectF(
                plot.right() + 6, y - look.line_height / 2, self.width() - plot.right(),
                look.line_height,
            )  # fmt: skip
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"target {format_value(data.info, line.target)}")  # fmt: skip

    def _paint_series(self, painter: QPainter, frame: _Frame, data: ChartData) -> None:
        """The scores: one line through them, one dot each (thinner when there are many)."""
        self._points = [(frame.x_of(o.taken_on), frame.y_of(o.value), o) for o in data.series]
        polygon = QPolygonF([QPointF(x, y) for x, y, _ in self._points])
        many = len(self._points) > 150
        painter.setPen(QPen(LINE, 1.6 if many else 2.6, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))  # fmt: skip
        painter.drawPolyline(polygon)
        painter.setPen(QPen(LINE, 5 if many else 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPoints(polygon)

    def _paint_labels(self, painter: QPainter, look: _Look, frame: _Frame, data: ChartData) -> None:
        """The baseline ringed and labelled; the latest score labelled."""
        info, plot, line_height = data.info, frame.plot, look.line_height
        base_x, base_y, base = self._points[0]
        painter.setPen(QPen(look.text, 2))
        painter.setBrush(QBrush())
        painter.drawEllipse(QPointF(base_x, base_y), 9.0, 9.0)
        painter.setFont(look.bold)
        self._label(painter, base_x, base_y, f"baseline {format_value(info, base.value)}",
                    plot, line_height, look.metrics)  # fmt: skip
        if len(self._points) > 1:
            last_x, last_y, latest = self._points[-1]
            painter.setPen(QPen(LINE))
            self._label(painter, last_x, last_y, f"latest {format_value(info, latest.value)}",
                        plot, line_height, look.metrics, right=True)  # fmt: skip

    def _paint_legend(self, painter: QPainter, look: _Look, frame: _Frame, data: ChartData) -> None:
        """What each line means, under the date labels; only those drawn."""
        line_height = look.line_height
        painter.setFont(look.small)
        legend_y = frame.plot.bottom() + line_height + 12
        x = frame.plot.left()
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
            painter.setPen(QPen(look.text))
            advance = look.metrics.horizontalAdvance(text)
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
