"""How long a patient's record must be kept (clinical.md section 7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wristcare.config import RETENTION_ADULT_YEARS, RETENTION_CHILD_UNTIL_AGE


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        # 29 February in a year that has none. 1 March, not 28 February: someone born
        # on 29 February comes of age on 1 March (as age_on counts), and "at least N
        # years" is not over until then. A record kept one day longer does no harm;
        # one destroyed a day early breaks the rule.
        return date(day.year + years, 3, 1)


def age_on(date_of_birth: date, day: date) -> int:
    """Age in whole years on ``day``."""
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def keep_until(
    last_treatment: date,
    date_of_birth: date | None,
    *,
    adult_years: int = RETENTION_ADULT_YEARS.default,
    child_until_age: int = RETENTION_CHILD_UNTIL_AGE.default,
) -> date:
    """The earliest date the record may be destroyed.

    Adults: ``adult_years`` after the last treatment. Someone treated as a child: also
    until their ``child_until_age`` birthday, one year later if they were 17 when
    treatment ended (NHS records management code).
    """
    adult_rule = _add_years(last_treatment, adult_years)
    if date_of_birth is None:
        return adult_rule
    age = age_on(date_of_birth, last_treatment)
    if age >= 18:
        return adult_rule
    birthday = child_until_age + (1 if age == 17 else 0)
    return max(adult_rule, _add_years(date_of_birth, birthday))


@dataclass(frozen=True)
class RetentionPolicy:
    """Record-keeping periods (a clinic setting: clinics follow different codes)."""

    adult_years: int = RETENTION_ADULT_YEARS.field()
    child_until_age: int = RETENTION_CHILD_UNTIL_AGE.field()

    def keep_until(self, last_treatment: date, date_of_birth: date | None) -> date:
        """The earliest date the record may be destroyed, under this policy."""
        return keep_until(
            last_treatment,
            date_of_birth,
            adult_years=self.adult_years,
            child_until_age=self.child_until_age,
        )
