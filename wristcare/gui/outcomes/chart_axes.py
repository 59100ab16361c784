"""The progress chart's arithmetic, without Qt: how scores and dates are written, which
dates and values the axes label, and where a date or a value falls along its axis (as a
fraction of the plot, 0 at the left or bottom, 1 at the right or top)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from wristcare.clinic.outcomes.goals import GOAL_STATUS_NAMES, GoalStatus
from wristcare.clinic.outcomes.progress import GoalLine, MeasureInfo
from wristcare.db.vocab import GoalDirection

# --- words ------------------------------------------------------------------------------


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


def date_labels(days: Sequence[date]) -> list[str]:
    """ "12 Jan 2026", "26 Jan", "9 Feb": the year on the first label and where it turns."""
    labels, shown_year = [], None
    for day in days:
        label = f"{day.day} {day:%b}"
        if day.year != shown_year:
            label += f" {day.year}"
            shown_year = day.year
        labels.append(label)
    return labels


@dataclass(frozen=True)
class TimeAxis:
    """The dates the time axis spans: ``first`` to ``last``, with a little room either
    side so no point sits on the plot's edge."""

    first: date
    last: date
    start: float  # the plot's left edge, in days after ``first`` (negative: the room)
    days: float  # the days across the plot

    def fraction(self, day: date) -> float:
        """How far along the axis ``day`` falls."""
        return ((day - self.first).days - self.start) / self.days


def time_axis(dates: Iterable[date]) -> TimeAxis:
    """The time axis for these dates (at least a week across)."""
    dates = list(dates)
    first, last = min(dates), max(dates)
    if (last - first).days < 6:
        first, last = first - timedelta(days=3), last + timedelta(days=3)
    span = (last - first).days
    pad = max(1.0, span * 0.03)
    return TimeAxis(first, last, -pad, span + 2 * pad)


# --- the value axis ---------------------------------------------------------------------


@dataclass(frozen=True)
class ValueAxis:
    """The values the y axis spans, labelled every ``step``."""

    low: Decimal
    high: Decimal
    step: Decimal

    def fraction(self, value: Decimal | int) -> float:
        """How far up the axis ``value`` falls."""
        return (float(value) - float(self.low)) / float(self.high - self.low)

    def ticks(self) -> list[Decimal]:
        """The values labelled, from ``low`` up to ``high``."""
        ticks: list[Decimal] = []
        tick = self.low
        while tick <= self.high:
            ticks.append(tick)
            tick += self.step
        return ticks


def value_axis(info: MeasureInfo, values: Iterable[Decimal]) -> ValueAxis:
    """The measure's range; an open-ended measure (grip) goes up to the tick above the
    highest of ``values`` (with a tenth to spare)."""
    high = info.high
    if high is None:
        top = max(values) * Decimal("1.1")
        high = max(info.tick * 2, (top / info.tick).to_integral_value("ROUND_CEILING") * info.tick)
    return ValueAxis(info.low, high, info.tick)
