"""What the progress report says: a frozen document built from a patient's course, so
the PDF code draws it without a database and tests can check it without ReportLab.

``build_progress_report`` is the step from a course to the document; ``report_document``
maps the facts clinic/ read (``progress_facts``) onto it. The report describes
measurements; it never says what caused a change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from wristcare.clinic.outcome_store.course import (
    COURSE_MEASURES,
    SIDE_NAMES,
    CourseAdverseEvent,
    CoursePatient,
    DatedHandMap,
    PatientCourse,
    PointUse,
)
from wristcare.clinic.outcome_store.plan_goals import PlanGoal, goal_standings
from wristcare.clinic.outcomes.hand_map import HAND_NAMES, HandMap
from wristcare.clinic.outcomes.improvement import (
    NRS_CODES,
    Verdict,
    change_from_baseline,
    measure_progress,
)
from wristcare.clinic.outcomes.katz import KATZ_NAMES
from wristcare.clinic.outcomes.progress import GSS, goal_lines
from wristcare.clinic.outcomes.thresholds import NrsRule, OutcomeThresholds
from wristcare.db.vocab import GoalDirection
from wristcare.export.care_plan_document import ClinicLetterhead
from wristcare.export.letterhead import clinic_letterhead

if TYPE_CHECKING:
    from wristcare.clinic.documents.progress import ProgressFacts

VERDICT_WORDS = {
    Verdict.IMPORTANT_IMPROVEMENT: "Clinically important improvement",
    Verdict.IMPORTANT_WORSENING: "Clinically important worsening",
    Verdict.NOT_IMPORTANT: "Smaller than a clinically important change",
    Verdict.NO_THRESHOLD: "No agreed threshold",
}
ABOUT_CHANGES = (
    "A clinically important change is one large enough to matter to patients in published "
    "studies; the thresholds are the clinic's settings. Symptoms change for many reasons: "
    "this report records measurements and does not show what caused a change."
)


@dataclass(frozen=True)
class ChartSeries:
    """One measure of one side across the course, ready to draw: the scale (``high``
    already worked out for open-ended measures), the scores and any goal targets."""

    title: str
    unit: str
    low: Decimal
    high: Decimal
    tick: Decimal
    places: int
    lower_is_better: bool
    points: tuple[tuple[date, Decimal], ...]
    targets: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class ChangeRow:
    """Baseline against latest for one measure, with the verdict in words. ``latest``
    and the change are None while there is only the baseline."""

    measure: str
    unit: str
    places: int
    baseline_on: date
    baseline: Decimal
    latest_on: date | None
    latest: Decimal | None
    difference: Decimal | None
    percent: Decimal | None  # the improvement as a percentage of baseline
    verdict: str
    threshold: str


@dataclass(frozen=True)
class GoalRow:
    """A plan goal as the report lists it: the words of the plan (empty for a goal given
    without them), the measure and target (empty and None for a goal in words only), the
    target date, where it stands in words, and when met the day the scores first reached
    the target (or the day a goal in words only was marked achieved)."""

    measure: str
    target: Decimal | None
    places: int
    target_on: date | None
    status: str
    description: str = ""
    met: bool = False
    met_on: date | None = None
    lower_is_better: bool = True


@dataclass(frozen=True)
class HandMapFigure:
    """A hand symptom map to draw, with each hand's Katz rating in words."""

    label: str
    taken_on: date
    hand_map: HandMap
    ratings: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ProgressReportDocument:
    """Everything the progress report prints, and nothing else."""

    letterhead: ClinicLetterhead
    patient_name: str
    record_number: str
    date_of_birth: date | None
    issued_on: date
    issued_at: datetime  # aware; the PDF's creation date
    referred_by: str = ""
    session_dates: tuple[date, ...] = ()
    review_dates: tuple[date, ...] = ()
    charts: tuple[ChartSeries, ...] = ()
    changes: tuple[ChangeRow, ...] = ()
    goals: tuple[GoalRow, ...] = ()
    hand_maps: tuple[HandMapFigure, ...] = ()
    points: tuple[PointUse, ...] = ()
    adverse_events: tuple[CourseAdverseEvent, ...] = ()
    thresholds: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None:
            raise ValueError("the time the report was issued must carry its time zone")


def measure_name(measure: str, side: str) -> str:
    """A measure as the report names it, e.g. "Numbness" or "Grip strength, right hand"."""
    name = COURSE_MEASURES[measure].name
    where = SIDE_NAMES.get(side, "")
    return f"{name}, {where}" if where else name


def threshold_words(measure: str, thresholds: OutcomeThresholds) -> str:
    """The clinically important change of a measure in words."""
    if measure in NRS_CODES:
        points = f"{thresholds.nrs_points} points"
        percent = f"{thresholds.nrs_percent}% of baseline"
        return {
            NrsRule.EITHER: f"{points} or {percent}",
            NrsRule.POINTS: points,
            NrsRule.PERCENT: percent,
            NrsRule.BOTH: f"{points} and {percent}",
        }[thresholds.nrs_rule]
    if measure == "bctq_sss":
        return f"{thresholds.bctq_sss} (mean score)"
    if measure == "bctq_fss":
        return f"{thresholds.bctq_fss} (mean score)"
    return "None agreed"


def _open_high(values: Sequence[Decimal], targets: Sequence[Decimal], tick: Decimal) -> Decimal:
    """The top of an open-ended scale: the next tick above the highest value, with room."""
    top = max([*values, *targets, tick]) * Decimal("1.1")
    return tick * math.ceil(top / tick)


def _chart(course: PatientCourse, measure: str, side: str) -> ChartSeries | None:
    series = course.series(measure, side)
    if len(series) < 2:
        return None
    info = COURSE_MEASURES[measure]
    values = [Decimal(o.value) for o in series]
    targets = tuple(line.target for line in goal_lines(course.progress(side), measure))
    high = info.high if info.high is not None else _open_high(values, targets, info.tick)
    return ChartSeries(
        title=measure_name(measure, side),
        unit=info.unit,
        low=info.low,
        high=high,
        tick=info.tick,
        places=info.places,
        lower_is_better=info.better is GoalDirection.DECREASE,
        points=tuple((o.taken_on, Decimal(o.value)) for o in series),
        targets=targets,
    )


def _change(
    course: PatientCourse, measure: str, side: str, thresholds: OutcomeThresholds
) -> ChangeRow:
    series = course.series(measure, side)
    info = COURSE_MEASURES[measure]
    first = series[0]
    row = ChangeRow(
        measure=measure_name(measure, side),
        unit=info.unit,
        places=info.places,
        baseline_on=first.taken_on,
        baseline=Decimal(first.value),
        latest_on=None,
        latest=None,
        difference=None,
        percent=None,
        verdict="Baseline only",
        threshold=threshold_words(measure, thresholds),
    )
    if len(series) < 2:
        return row
    if measure == GSS:
        # A sum of the five ratings: no clinically important change is agreed for it.
        last = series[-1]
        change = change_from_baseline(first.value, last.value, GoalDirection.DECREASE)
        return _with_change(row, last.taken_on, change.latest, change.difference,
                            change.percent, Verdict.NO_THRESHOLD)  # fmt: skip
    progress = measure_progress(series, measure, side, thresholds)
    assert progress is not None
    return _with_change(
        row,
        progress.latest.taken_on,
        Decimal(progress.latest.value),
        progress.change.difference,
        progress.change.percent,
        progress.verdict,
    )


def _with_change(
    row: ChangeRow,
    latest_on: date,
    latest: Decimal,
    difference: Decimal,
    percent: Decimal | None,
    verdict: Verdict,
) -> ChangeRow:
    return ChangeRow(
        measure=row.measure,
        unit=row.unit,
        places=row.places,
        baseline_on=row.baseline_on,
        baseline=row.baseline,
        latest_on=latest_on,
        latest=latest,
        difference=difference,
        percent=percent,
        verdict=VERDICT_WORDS[verdict],
        threshold=row.threshold,
    )


def _goals(course: PatientCourse, plan_goals: Sequence[PlanGoal] | None) -> tuple[GoalRow, ...]:
    """Every goal of the plan in its order (goals in words only too); without the plan's
    words, the course's measurable goals."""
    if plan_goals is None:
        plan_goals = [PlanGoal("", goal) for goal in course.goals]
    rows = []
    for standing in goal_standings(plan_goals, course):
        goal, progress = standing.plan_goal.goal, standing.progress
        met_on = None
        if standing.met:
            met_on = progress.first_met_on if progress else standing.plan_goal.achieved_on
        rows.append(
            GoalRow(
                measure=measure_name(goal.instrument, goal.side) if goal else "",
                target=progress.target_value if progress else None,
                places=COURSE_MEASURES[goal.instrument].places if goal else 0,
                target_on=goal.target_on if goal else None,
                status=standing.status,
                met_on=met_on,
                description=standing.plan_goal.description,
                met=standing.met,
                lower_is_better=goal is None or goal.direction is GoalDirection.DECREASE,
            )
        )
    return tuple(rows)


def _hand_map_figures(maps: Sequence[DatedHandMap]) -> tuple[HandMapFigure, ...]:
    def figure(label: str, dated: DatedHandMap) -> HandMapFigure:
        ratings = dated.ratings
        words = tuple((HAND_NAMES[hand], KATZ_NAMES[ratings[hand].rating]) for hand in ratings)
        return HandMapFigure(label, dated.taken_on, dated.hand_map, words)

    if not maps:
        return ()
    if len(maps) == 1:
        return (figure("Symptom map", maps[0]),)
    return (figure("First symptom map", maps[0]), figure("Latest symptom map", maps[-1]))


def build_progress_report(
    course: PatientCourse,
    patient: CoursePatient,
    letterhead: ClinicLetterhead,
    thresholds: OutcomeThresholds,
    *,
    issued_at: datetime,
    issued_on: date,
    points: Sequence[PointUse] = (),
    adverse_events: Sequence[CourseAdverseEvent] = (),
    plan_goals: Sequence[PlanGoal] | None = None,
) -> ProgressReportDocument:
    """The report of a course: a chart for each measure with two or more scores, the
    baseline against the latest score of every measure, goals (``plan_goals``, the plan's
    goals as written, words-only ones included; the course's goals when not given), the
    first and latest hand maps, the points used and the adverse events."""
    pairs = course.measures()
    charts = tuple(c for c in (_chart(course, m, s) for m, s in pairs) if c is not None)
    changes = tuple(_change(course, m, s, thresholds) for m, s in pairs)
    measured = {m for m, _ in pairs}
    threshold_lines = []
    if measured & NRS_CODES:
        threshold_lines.append(f"0-10 ratings: {threshold_words('nrs_pain', thresholds)}")
    for code, name in (("bctq_sss", "BCTQ symptom severity"), ("bctq_fss", "BCTQ function")):
        if code in measured:
            threshold_lines.append(f"{name}: {threshold_words(code, thresholds)}")
    return ProgressReportDocument(
        letterhead=letterhead,
        patient_name=patient.name,
        record_number=patient.record_number,
        date_of_birth=patient.date_of_birth,
        issued_on=issued_on,
        issued_at=issued_at,
        referred_by=patient.referring_clinician,
        session_dates=course.session_dates,
        review_dates=course.review_dates,
        charts=charts,
        changes=changes,
        goals=_goals(course, plan_goals),
        hand_maps=_hand_map_figures(course.hand_maps),
        points=tuple(points),
        adverse_events=tuple(adverse_events),
        thresholds=tuple(threshold_lines),
    )


def report_document(facts: ProgressFacts) -> ProgressReportDocument:
    """The progress report of ``facts``: the letterhead (a clinic with no name is printed
    as "Acupuncture clinic"), the course, the goals of the plan in use as written and the
    clinic's thresholds."""
    return build_progress_report(
        facts.course,
        facts.patient,
        clinic_letterhead(facts.letterhead),
        facts.thresholds,
        issued_at=facts.issued_at,
        issued_on=facts.issued_on,
        points=facts.points,
        adverse_events=facts.adverse_events,
        plan_goals=facts.plan_goals,
    )
