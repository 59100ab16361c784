"""The plain-language sentences of the handout: schedule, dose and dates."""

from __future__ import annotations

from datetime import date

import pytest

from wristcare.export.care_plan_document import HomeCareDose, SchedulePhase
from wristcare.export.care_plan_wording import (
    describe_dose,
    describe_phase,
    long_date,
    short_date,
    weekday_short,
)


@pytest.mark.parametrize(
    ("phase", "text"),
    [
        (SchedulePhase(2, 3), "Twice a week for 3 weeks (6 sessions)."),
        (SchedulePhase(1, 1), "Once a week for 1 week (1 session)."),
        (SchedulePhase(3, 4, "Mornings."), "3 times a week for 4 weeks (12 sessions). Mornings."),
    ],
)
def test_a_phase_reads_as_a_sentence(phase: SchedulePhase, text: str) -> None:
    assert describe_phase(phase) == text


def test_a_full_dose_reads_in_the_order_it_is_done() -> None:
    dose = HomeCareDose(
        hold_seconds=7, repetitions=10, sets=2, times_a_day=3, days_a_week=7, weeks=6
    )
    assert describe_dose(dose) == [
        "Hold each position for 7 seconds.",
        "Do it 10 times.",
        "That is one set. Do 2 sets.",
        "Do this 3 times a day, every day.",
        "Keep going for 6 weeks.",
    ]


def test_a_partial_dose_says_only_what_is_set() -> None:
    assert describe_dose(HomeCareDose()) == []
    assert describe_dose(HomeCareDose(hold_seconds=1, repetitions=1, each_side=True)) == [
        "Hold each position for 1 second.",
        "Do it once on each side.",
    ]
    assert describe_dose(HomeCareDose(days_a_week=5, each_side=True)) == [
        "Do both sides.",
        "Do this 5 days a week.",
    ]


def test_dates_are_written_out_with_no_locale() -> None:
    day = date(2028, 2, 29)
    assert long_date(day) == "29 February 2028"
    assert short_date(day) == "29 Feb"
    assert weekday_short(day) == "Tue"
