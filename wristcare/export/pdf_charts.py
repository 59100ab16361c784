"""Charts for the PDFs, drawn with ReportLab graphics (vectors, no Qt): a measure across
a course for the progress report, and a plain bar chart of a patient's scores at each
visit for the take-home care plan.

Both are Drawings sized by the caller; every label is placed inside the drawing, so
nothing is clipped when the drawing sits in a table cell or a frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from wristcare.export.care_plan_document import ProgressChart
from wristcare.export.pdf_fonts import LATIN, LATIN_BOLD

if TYPE_CHECKING:
    # Only for the annotation: the report's document module reads the database, and the
    # care plan (which draws its progress chart here) must not import it.
    from wristcare.export.progress_report_document import ChartSeries

INK = colors.HexColor("#111111")
AXIS = colors.HexColor("#7d8a96")
GRID = colors.HexColor("#dfe5eb")
LINE = colors.HexColor("#1c5a8c")
TARGET = colors.HexColor("#2e7d32")
SESSION = colors.HexColor("#9aa7b3")
REVIEW = colors.HexColor("#b86e00")
BAR = colors.HexColor("#5b8db8")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(day: date) -> str:
    """ "3 Mar" (the year is in the report's heading)."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _number(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}"


def _ticks(low: Decimal, high: Decimal, tick: Decimal) -> list[Decimal]:
    values = []
    value = low
    while value <= high:
        values.append(value)
        value += tick
    return values


def course_chart(
    series: ChartSeries,
    width: float,
    height: float,
    session_dates: Sequence[date] = (),
    review_dates: Sequence[date] = (),
    font_size: float = 7.5,
    span: tuple[date, date] | None = None,
) -> Drawing:
    """One measure across the course: the scores joined by a line, the sessions marked
    along the foot, plan reviews as dashed lines and goal targets as green lines.
    ``span`` (first and last day) puts every chart of a report on the same time axis;
    by default the axis runs from the first score to the last."""
    drawing = Drawing(width, height)
    better = "lower is better" if series.lower_is_better else "higher is better"
    drawing.add(String(0, height - font_size * 1.3, series.title, fontName=LATIN_BOLD,
                       fontSize=font_size * 1.25, fillColor=INK))  # fmt: skip
    drawing.add(String(0, height - font_size * 2.6, f"{series.unit}, {better}",
                       fontName=LATIN, fontSize=font_size, fillColor=AXIS))  # fmt: skip
    labels = [_number(v, 0 if series.tick == series.tick.to_integral() else 1)
              for v in _ticks(series.low, series.high, series.tick)]  # fmt: skip
    label_width = max(len(label) for label in labels) * font_size * 0.62
    left = label_width + 4
    right = width - font_size * 2.5
    top = height - font_size * 4
    bottom = font_size * 3.6  # room for the session marks and the date labels
    first, last = span or (series.points[0][0], series.points[-1][0])
    days = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return left + (right - left) * (day - first).days / days

    def y_of(value: Decimal) -> float:
        share = (value - series.low) / (series.high - series.low)
        return bottom + (top - bottom) * float(share)

    for value, label in zip(_ticks(series.low, series.high, series.tick), labels, strict=True):
        y = y_of(value)
        drawing.add(Line(left, y, right, y, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(String(left - 3, y - font_size * 0.35, label, fontName=LATIN,
                           fontSize=font_size, fillColor=INK, textAnchor="end"))  # fmt: skip
    drawing.add(Line(left, bottom, right, bottom, strokeColor=AXIS, strokeWidth=0.8))
    drawing.add(Line(left, bottom, left, top, strokeColor=AXIS, strokeWidth=0.8))
    for day in review_dates:
        if first <= day <= last:
            x = x_of(day)
            drawing.add(Line(x, bottom, x, top, strokeColor=REVIEW, strokeWidth=0.8,
                             strokeDashArray=[3, 2]))  # fmt: skip
            drawing.add(String(x + 2, top - font_size, "review", fontName=LATIN,
                               fontSize=font_size * 0.9, fillColor=REVIEW))  # fmt: skip
    mark = font_size * 0.55
    for day in session_dates:
        if first <= day <= last:
            x = x_of(day)
            drawing.add(Polygon([x, bottom - 1, x - mark * 0.6, bottom - 1 - mark,
                                 x + mark * 0.6, bottom - 1 - mark],
                                fillColor=SESSION, strokeColor=None))  # fmt: skip
    for target in series.targets:
        if series.low <= target <= series.high:
            y = y_of(target)
            drawing.add(Line(left, y, right, y, strokeColor=TARGET, strokeWidth=1.2,
                             strokeDashArray=[5, 3]))  # fmt: skip
            drawing.add(String(right + 2, y - font_size * 0.35, "goal", fontName=LATIN_BOLD,
                               fontSize=font_size * 0.9, fillColor=TARGET))  # fmt: skip
    points: list[float] = []
    for day, value in series.points:
        points += [x_of(day), y_of(value)]
    drawing.add(PolyLine(points, strokeColor=LINE, strokeWidth=1.8))
    for day, value in series.points:
        drawing.add(Circle(x_of(day), y_of(value), 2.2, fillColor=LINE, strokeColor=colors.white,
                           strokeWidth=0.5))  # fmt: skip
    # The first and latest values written beside their dots, inside the plot area.
    for (day, value), anchor, shift in ((series.points[0], "start", 3),
                                        (series.points[-1], "end", -3)):  # fmt: skip
        y = y_of(value) + 4 if y_of(value) + 4 + font_size < top else y_of(value) - font_size - 2
        text = _number(value, series.places)
        text_width = stringWidth(text, LATIN_BOLD, font_size)
        x = x_of(day) + shift - (text_width if anchor == "end" else 0)
        # A white backing keeps the number readable where it crosses the line.
        drawing.add(Rect(x - 1, y - 1.5, text_width + 2, font_size + 1,
                         fillColor=colors.Color(1, 1, 1, 0.85), strokeColor=None))  # fmt: skip
        drawing.add(String(x, y, text, fontName=LATIN_BOLD, fontSize=font_size,
                           fillColor=LINE))  # fmt: skip
    date_y = bottom - mark - font_size * 1.4
    drawing.add(String(left, date_y, short_day(first), fontName=LATIN, fontSize=font_size,
                       fillColor=INK, textAnchor="start"))  # fmt: skip
    if last != first:
        drawing.add(String(right, date_y, short_day(last), fontName=LATIN, fontSize=font_size,
                           fillColor=INK, textAnchor="end"))  # fmt: skip
    count = sum(1 for day in session_dates if first <= day <= last)
    if count:
        drawing.add(String((left + right) / 2, date_y, f"\u25b2 {count} sessions",
                           fontName=LATIN, fontSize=font_size, fillColor=SESSION,
                           textAnchor="middle"))  # fmt: skip
    return drawing


def take_home_chart(chart: ProgressChart, width: float, height: float, font_size: float) -> Drawing:
    """A bar for each visit's score, the score written on it and the date under it:
    simple enough to read at a glance, with no line suggesting where scores will go."""
    drawing = Drawing(width, height)
    visits = chart.visits
    bottom = font_size * 2.2
    top = height - font_size * 1.8
    left, right = font_size * 2.2, width
    drawing.add(Line(left, bottom, right, bottom, strokeColor=AXIS, strokeWidth=0.8))
    for value in (0, chart.highest):
        y = bottom + (top - bottom) * value / chart.highest
        drawing.add(String(left - 4, y - font_size * 0.35, str(value), fontName=LATIN,
                           fontSize=font_size, fillColor=INK, textAnchor="end"))  # fmt: skip
        if value:
            drawing.add(Line(left, y, right, y, strokeColor=GRID, strokeWidth=0.5))
    slot = (right - left) / max(len(visits), 1)
    bar = min(slot * 0.6, font_size * 3)
    label_width = font_size * 0.85 * 3.4  # "30 Sep"
    every = max(1, -(-int(label_width + 4) // max(int(slot), 1)))
    for index, visit in enumerate(visits):
        centre = left + slot * (index + 0.5)
        y = bottom + (top - bottom) * visit.score / chart.highest
        drawing.add(Rect(centre - bar / 2, bottom, bar, y - bottom, fillColor=BAR,
                         strokeColor=None))  # fmt: skip
        drawing.add(String(centre, y + font_size * 0.3, str(visit.score), fontName=LATIN_BOLD,
                           fontSize=font_size, fillColor=INK, textAnchor="middle"))  # fmt: skip
        # With many visits only every second (or third) date fits under the bars.
        if index % every == 0:
            drawing.add(String(centre, bottom - font_size * 1.3, short_day(visit.on),
                               fontName=LATIN, fontSize=font_size * 0.85, fillColor=INK,
                               textAnchor="middle"))  # fmt: skip
    return drawing
