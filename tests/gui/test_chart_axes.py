"""The progress chart's arithmetic on its own (no Qt): where dates and values fall, and
which dates and values the axes label."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from wristcare.clinic.outcomes.progress import PROGRESS_MEASURES
from wristcare.gui.outcomes.chart_axes import date_labels, time_axis, value_axis


def test_the_year_is_written_on_the_first_label_and_where_it_turns() -> None:
    days = [date(2025, 12, 1), date(2025, 12, 15), date(2026, 1, 5), date(2026, 1, 19)]
    assert date_labels(days) == ["1 Dec 2025", "15 Dec", "5 Jan 2026", "19 Jan"]
    assert date_labels([]) == []


def test_the_time_axis_leaves_room_either_side_and_spans_a_week_at_least() -> None:
    axis = time_axis([date(2026, 1, 1), date(2026, 4, 11)])  # 100 days
    assert (axis.first, axis.last, axis.start, axis.days) == (
        date(2026, 1, 1), date(2026, 4, 11), -3.0, 106.0
    )  # fmt: skip
    assert axis.fraction(date(2026, 1, 1)) == 3 / 106
    assert axis.fraction(date(2026, 4, 11)) == 103 / 106
    one_day = time_axis([date(2026, 3, 10)])
    assert (one_day.first, one_day.last) == (date(2026, 3, 7), date(2026, 3, 13))
    assert one_day.fraction(date(2026, 3, 10)) == 0.5


def test_the_value_axis_is_the_measures_range_or_up_to_the_tick_above_the_data() -> None:
    pain = value_axis(PROGRESS_MEASURES["nrs_pain"], [Decimal(3), Decimal(12)])
    assert (pain.low, pain.high) == (0, 10)  # a closed range is never stretched
    assert pain.fraction(5) == 0.5 and pain.ticks()[-1] == 10
    grip = value_axis(PROGRESS_MEASURES["grip"], [Decimal("18.50"), Decimal("24.33")])
    assert grip.high == 30  # 24.33 * 1.1 = 26.8 -> the next tick of 10
    assert grip.ticks() == [0, 10, 20, 30]
    weak = value_axis(PROGRESS_MEASURES["grip"], [Decimal("1.0")])
    assert weak.high == 2 * PROGRESS_MEASURES["grip"].tick  # never flatter than two ticks
