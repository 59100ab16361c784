"""The take-home plan's "your progress so far" chart, made from the patient's course:
one 0-10 rating (or the symptom total) at each visit, titled in the patient's words.

It shows the scores the patient gave and nothing else: no target line and no forecast,
so the handout makes no promise.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from wristcare.clinic.outcomes.measures import MEASURES
from wristcare.clinic.outcomes.progress import GSS
from wristcare.db.vocab import SYMPTOM_SCALES
from wristcare.export.care_plan_document import ProgressChart, ProgressVisit

if TYPE_CHECKING:
    from wristcare.clinic.outcome_store.course import PatientCourse

# The measures a patient rates themselves, as the handout names them.
TAKE_HOME_TITLES: dict[str, str] = {
    **{i: MEASURES[i].take_home for i in SYMPTOM_SCALES},
    GSS: "Your five symptom scores added up, at each visit",
}
RATING_NOTE = "0 = none, 10 = the worst you can imagine"
TOTAL_NOTE = "0 to 50: the five scores added together"
# Enough visits to show a course; older ones are left off a small chart.
MOST_VISITS = 16
# A chart needs a change to show: one score is a dot, not progress.
FEWEST_VISITS = 2
# Without a plan goal on a rating the patient gives: the commonest complaints first.
FALLBACK_MEASURES = ("nrs_numbness", "nrs_pain")


def take_home_progress(
    course: PatientCourse, measure: str = "nrs_numbness"
) -> ProgressChart | None:
    """The chart of one self-rated measure over the patient's latest visits (scores
    entered in error left out), or None when there is no score yet."""
    if measure not in TAKE_HOME_TITLES:
        raise ValueError(f"{measure!r} is not a score the patient gives")
    series = course.series(measure, "none")[-MOST_VISITS:]
    if not series:
        return None
    total = measure == GSS
    return ProgressChart(
        title=TAKE_HOME_TITLES[measure],
        scale_note=TOTAL_NOTE if total else RATING_NOTE,
        highest=50 if total else 10,
        visits=tuple(ProgressVisit(o.taken_on, int(o.value)) for o in series),
    )


def take_home_measure(course: PatientCourse, goal_measure: str | None = None) -> str | None:
    """The measure the take-home chart shows: the one the plan's first goal is on when the
    patient rates it themselves, else numbness, else pain; the first of them with at least
    two valid scores (None: no chart)."""
    for measure in (goal_measure, *FALLBACK_MEASURES):
        if measure in TAKE_HOME_TITLES and len(course.series(measure, "none")) >= FEWEST_VISITS:
            return measure
    return None


def progress_so_far(
    course: PatientCourse, today: date, goal_measure: str | None = None
) -> ProgressChart | None:
    """The "your progress so far" chart of a patient's course up to ``today``, on the
    measure ``take_home_measure`` chooses (None when there is too little to show)."""
    # Scores dated after today (a mistyped date) are not the patient's progress so far.
    kept = tuple(o for o in course.observations if o.taken_on <= today)
    course = replace(course, observations=kept)
    measure = take_home_measure(course, goal_measure)
    return take_home_progress(course, measure) if measure is not None else None
