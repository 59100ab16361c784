"""How long a record is kept (NHS records code by default): pure functions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wristcare.clinic.retention import age_on, keep_until


@pytest.mark.parametrize(
    ("dob", "day", "age"),
    [
        (date(1980, 5, 17), date(2025, 5, 16), 44),
        (date(1980, 5, 17), date(2025, 5, 17), 45),
        (date(2008, 2, 29), date(2025, 2, 28), 16),
        (date(2008, 2, 29), date(2025, 3, 1), 17),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_age_on(dob: date, day: date, age: int) -> None:
    assert age_on(dob, day) == age


def test_adult_kept_eight_years_after_last_treatment() -> None:
    assert keep_until(date(2025, 3, 10), date(1970, 1, 1)) == date(2033, 3, 10)


def test_unknown_birth_date_uses_the_adult_rule() -> None:
    assert keep_until(date(2025, 3, 10), None) == date(2033, 3, 10)


def test_child_kept_until_25th_birthday() -> None:
    # Treated at 10: 8 years later they are only 18, so the birthday rule wins.
    assert keep_until(date(2020, 4, 1), date(2010, 7, 20)) == date(2035, 7, 20)


def test_child_treated_long_ago_is_still_kept_until_25() -> None:
    assert keep_until(date(2001, 1, 1), date(1995, 1, 1)) == date(2020, 1, 1)


def test_seventeen_at_last_treatment_kept_until_26th_birthday() -> None:
    assert keep_until(date(2025, 1, 1), date(2007, 6, 1)) == date(2033, 6, 1)
    # ... unless eight years after treatment is later still.
    assert keep_until(date(2025, 5, 31), date(2007, 6, 1)) == date(2033, 6, 1)


def test_sixteen_and_eighteen_at_last_treatment() -> None:
    dob = date(2008, 6, 1)
    assert keep_until(date(2025, 1, 1), dob) == date(2033, 6, 1)  # 16: 25th birthday
    assert keep_until(date(2026, 6, 1), dob) == date(2034, 6, 1)  # 18: adult rule


def test_settings_change_the_periods() -> None:
    assert keep_until(date(2025, 3, 10), date(1970, 1, 1), adult_years=5) == date(2030, 3, 10)
    assert keep_until(date(2020, 4, 1), date(2010, 7, 20), child_until_age=21) == date(2031, 7, 20)


def test_leap_day_birthday_is_not_cut_short() -> None:
    # Born 29 February 2008, treated at 12. Their 25th birthday falls in 2033, which has no
    # 29 February: they turn 25 on 1 March (age_on agrees), so the record is kept to then.
    keep = keep_until(date(2020, 6, 1), date(2008, 2, 29))
    assert keep == date(2033, 3, 1)
    assert age_on(date(2008, 2, 29), keep) == 25
    assert age_on(date(2008, 2, 29), keep - timedelta(days=1)) == 24


def test_leap_day_birthday_seventeen_at_last_treatment() -> None:
    # 17 on 1 June 2025; the 26th birthday (2034) has no 29 February either.
    assert keep_until(date(2025, 6, 1), date(2008, 2, 29)) == date(2034, 3, 1)
    assert keep_until(date(2010, 6, 1), date(1996, 2, 29)) == date(2021, 3, 1)


def test_leap_day_last_treatment() -> None:
    # Eight years after 29 February 2024 is 29 February 2032; five years after is 2029,
    # which has none: at least five whole years means 1 March.
    assert keep_until(date(2024, 2, 29), None) == date(2032, 2, 29)
    assert keep_until(date(2024, 2, 29), None, adult_years=5) == date(2029, 3, 1)


@settings(database=None)
@given(
    dob=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
    gap_days=st.integers(min_value=0, max_value=365 * 100),
)
def test_never_before_either_rule(dob: date, gap_days: int) -> None:
    last = dob + timedelta(days=gap_days)
    keep = keep_until(last, dob)
    assert keep > last
    assert (keep - last).days >= 8 * 365  # at least eight whole years after treatment
    assert age_on(last, keep) >= 8
    if age_on(dob, last) < 18:
        assert age_on(dob, keep) >= 25
