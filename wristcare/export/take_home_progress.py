"""The take-home plan's "your progress so far" chart, made from the patient's course:
one 0-10 rating (or the symptom total) at each visit, titled in the patient's words."""

from __future__ import annotations

from wristcare.clinic.outcomes.course import PatientCourse
from wristcare.clinic.outcomes.progress import GSS
from wristcare.export.care_plan_document import ProgressChart, ProgressVisit

# The measures a patient rates themselves, as the handout names them.
TAKE_HOME_TITLES = {
    "nrs_numbness": "Your numbness scores at each visit",
    "nrs_tingling": "Your tingling scores at each visit",
    "nrs_pain": "Your pain scores at each visit",
    "nrs_weakness": "Your weakness or clumsiness scores at each visit",
    "nrs_night_waking": "How much your symptoms woke you at night, at each visit",
    GSS: "Your five symptom scores added up, at each visit",
}
RATING_NOTE = "0 = none, 10 = the worst you can imagine"
TOTAL_NOTE = "0 to 50: the five scores added together"
# Enough visits to show a course; older ones are left off a small chart.
MOST_VISITS = 16


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
