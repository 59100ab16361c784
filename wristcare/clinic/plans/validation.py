"""The pure rules a plan must meet to be saved (``validate_plan``, ``validate_new_plan``),
written on the validation kit (clinic.validation), and the limits they hold a plan to."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from wristcare.clinic.plans.details import (
    GoalDetails,
    HomeCareDetails,
    PlanDetails,
)
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.clinic.validation import Problems, is_date
from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    Side,
)

# A line the handout prints whole (the problem, a goal, a step) is at most this long.
LINE_LIMIT = 2_000
MAX_PHASES = 12
MAX_POINTS = 40
MAX_GOALS = 20
MAX_HOME_CARE = 30
MAX_STEPS = 30
MAX_WEEKS = 52
# Plans are written for the weeks ahead: a start further off than this is a typo.
LATEST_START = timedelta(days=366)
EARLIEST_START = date(1990, 1, 1)
# Doses a patient can follow; anything above is a typo, never printed.
DOSE_LIMITS = {
    "hold_seconds": (1, 300, "Hold (seconds)"),
    "repetitions": (1, 100, "Repetitions"),
    "sets": (1, 10, "Sets"),
    "times_a_day": (1, 12, "Times a day"),
    "days_a_week": (1, 7, "Days a week"),
    "weeks": (1, MAX_WEEKS, "Weeks"),
}
# Scores a goal's absolute target must lie within, by measure.
MEASURE_RANGES = {
    **{scale: (Decimal(0), Decimal(10)) for scale in (
        Instrument.NRS_PAIN, Instrument.NRS_NUMBNESS, Instrument.NRS_TINGLING,
        Instrument.NRS_WEAKNESS, Instrument.NRS_NIGHT_WAKING)},
    Instrument.BCTQ_SSS: (Decimal(1), Decimal(5)),
    Instrument.BCTQ_FSS: (Decimal(1), Decimal(5)),
    Instrument.GRIP: (Decimal(0), Decimal(200)),
    Instrument.PINCH_TIP: (Decimal(0), Decimal(60)),
    Instrument.PINCH_KEY: (Decimal(0), Decimal(60)),
    Instrument.PINCH_PALMAR: (Decimal(0), Decimal(60)),
    Instrument.QUICKDASH_EXTERNAL: (Decimal(0), Decimal(100)),
}  # fmt: skip
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


def validate_plan(details: PlanDetails, today: date) -> dict[str, str]:
    """What is wrong with a plan, by field (``goals.1.target_on`` for list rows).

    ``today`` is the clinic's date. An empty dict means the plan can be saved. A review
    date already past is allowed here (a plan entered after the fact, or one now overdue);
    a new plan is checked for that separately (``validate_new_plan``).
    """
    return _plan_problems(details, today).fields


def validate_new_plan(details: PlanDetails, today: date) -> dict[str, str]:
    """``validate_plan`` plus what only a new plan must meet: a review still to come."""
    problems = _plan_problems(details, today)
    problems.not_before(
        "review_on", details.review_on, today, "The review date of a new plan cannot be in the past"
    )
    return problems.fields


def _plan_problems(details: PlanDetails, today: date) -> Problems:
    problems = Problems()
    problems.text("problem", details.problem, "Problem", LINE_LIMIT)
    problems.required("problem", details.problem, "Describe the problem this plan is for")
    problems.text("supplements", details.supplements, "Supplements and herbs", LONG_TEXT_LIMIT)
    problems.text(
        "notes_for_patient", details.notes_for_patient, "Notes for the patient", LONG_TEXT_LIMIT
    )
    problems.text("private_notes", details.private_notes, "Private notes", LONG_TEXT_LIMIT)
    if "supplements" not in problems:  # text, so it has lines
        problems.check(
            "supplements",
            all(len(line) <= LINE_LIMIT for line in details.supplements.splitlines()),
            f"Each supplement line is at most {LINE_LIMIT:,} characters",
        )
    _validate_dates(details, today, problems)
    problems.count(
        "phases", details.phases, MAX_PHASES, "A plan holds at most {most} phases ({given} given)"
    )
    for index, phase in enumerate(details.phases):
        key = f"phases.{index}"
        problems.whole(f"{key}.sessions_per_week", phase.sessions_per_week, 1, 7, "Sessions a week")
        problems.whole(f"{key}.weeks", phase.weeks, 1, MAX_WEEKS, "Weeks")
        problems.text(f"{key}.note", phase.note, "Phase note", SHORT_TEXT_LIMIT)
    _validate_points(details, problems)
    problems.count(
        "goals", details.goals, MAX_GOALS, "A plan holds at most {most} goals ({given} given)"
    )
    start = details.started_on if is_date(details.started_on) else None
    for index, goal in enumerate(details.goals):
        _validate_goal(goal, f"goals.{index}", start, today, problems)
    problems.count(
        "home_care",
        details.home_care,
        MAX_HOME_CARE,
        "A plan holds at most {most} home-care items ({given} given)",
    )
    for index, item in enumerate(details.home_care):
        _validate_home_care(item, f"home_care.{index}", problems)
    return problems


def _validate_dates(details: PlanDetails, today: date, problems: Problems) -> None:
    for name, label in (
        ("started_on", "Start date"),
        ("review_on", "Review date"),
        ("ended_on", "End date"),
    ):
        problems.date(name, getattr(details, name), label)
    if problems.has("started_on", "review_on", "ended_on"):
        return  # the order of the dates is read only once they all are dates
    start, review, end = details.started_on, details.review_on, details.ended_on
    problems.not_before(
        "started_on",
        start,
        EARLIEST_START,
        f"The start date is before {EARLIEST_START.year}: check it",
    )
    problems.not_after(
        "started_on",
        start,
        today + LATEST_START,
        "The start date is more than a year ahead: check it",
    )
    problems.not_before(
        "review_on", review, start, "The review date cannot be before the plan starts"
    )
    problems.not_after(
        "review_on",
        review,
        today + 2 * LATEST_START,
        "The review date is more than two years ahead: check it",
    )
    problems.not_before("ended_on", end, start, "The plan cannot end before it starts")
    problems.not_after("ended_on", end, today, "The end date cannot be in the future")


def _validate_points(details: PlanDetails, problems: Problems) -> None:
    problems.count(
        "points", details.points, MAX_POINTS, "A plan holds at most {most} points ({given} given)"
    )
    count = len(details.points)
    for index, point in enumerate(details.points):
        key = f"points.{index}"
        problems.text(f"{key}.point", point.point, "Point", SHORT_TEXT_LIMIT)
        problems.required(
            f"{key}.point", point.point, "Which point? Type a code, pinyin or characters"
        )
        problems.vocab(f"{key}.side", point.side, Side, "Side")
        problems.required(f"{key}.side", point.side, "Side is required for every point")
        problems.text(f"{key}.note", point.note, "Point note", SHORT_TEXT_LIMIT)
        pair = point.electro_pair
        if pair is None:
            continue
        if not problems.check(
            f"{key}.electro_pair",
            isinstance(pair, int) and not isinstance(pair, bool) and 0 <= pair < count,
            "Pair it with one of the plan's points",
        ):
            continue
        problems.check(f"{key}.electro_pair", pair != index, "A point cannot be paired with itself")
        other = details.points[pair].electro_pair
        if other is not None:
            problems.check(
                f"{key}.electro_pair",
                other == index,
                f"Point {pair + 1} is already paired with point {other + 1}",
            )
    if "points" not in problems:
        problems.check(
            "points",
            len(details.electro_pairs()) <= 12,
            "At most 12 electro pairs (one per channel)",
        )


def _validate_goal(
    goal: GoalDetails, key: str, start: date | None, today: date, problems: Problems
) -> None:
    description, measure = f"{key}.description", f"{key}.measure"
    baseline, target = f"{key}.baseline", f"{key}.target"
    problems.text(description, goal.description, "Goal", LINE_LIMIT)
    problems.required(
        description, goal.description, "Describe the goal in words the patient understands"
    )
    problems.vocab(measure, goal.measure, Instrument, "Measure")
    problems.vocab(f"{key}.side", goal.side, MeasureSide, "Side")
    problems.vocab(f"{key}.direction", goal.direction, GoalDirection, "Direction")
    problems.vocab(f"{key}.target_kind", goal.target_kind, GoalTargetKind, "Kind of target")
    base = goal.baseline if problems.decimal(baseline, goal.baseline, "Baseline") else None
    aim = goal.target if problems.decimal(target, goal.target, "Target") else None
    if goal.target is not None or goal.baseline is not None:
        problems.required(
            measure, goal.measure, "Choose the measure the baseline and target are on"
        )
    if goal.measure is not None:
        problems.required(target, goal.target, "A measurable goal needs a target value")
    problems.check(
        measure,
        goal.measure != Instrument.KATZ,
        "The Katz diagram is a category, not a number to target",
    )
    if aim is not None and goal.target_kind != GoalTargetKind.ABSOLUTE:
        problems.check(target, aim > 0, "A target change must be more than 0")
        if goal.target_kind == GoalTargetKind.PERCENT_CHANGE:
            problems.check(target, aim <= 100, "A percent change is at most 100")
        problems.required(
            baseline, goal.baseline, "A target change needs the baseline it starts from"
        )
    limits = MEASURE_RANGES.get(goal.measure) if goal.measure else None
    if limits is not None:
        low, high = limits
        if base is not None:
            problems.check(
                baseline, low <= base <= high, f"The baseline on this measure is {low} to {high}"
            )
        if aim is not None and goal.target_kind == GoalTargetKind.ABSOLUTE:
            problems.check(
                target, low <= aim <= high, f"The target on this measure is {low} to {high}"
            )
    target_on, achieved_on = f"{key}.target_on", f"{key}.achieved_on"
    problems.date(target_on, goal.target_on, "Target date")
    problems.date(achieved_on, goal.achieved_on, "Date achieved")
    problems.not_before(
        target_on, goal.target_on, start, "The target date is before the plan starts"
    )
    problems.not_after(
        achieved_on, goal.achieved_on, today, "A goal cannot be achieved in the future"
    )
    problems.not_before(
        achieved_on, goal.achieved_on, start, "The date achieved is before the plan starts"
    )


def _validate_home_care(item: HomeCareDetails, key: str, problems: Problems) -> None:
    problems.vocab(f"{key}.kind", item.kind, HomeCareKind, "Kind")
    problems.text(f"{key}.title", item.title, "Title", SHORT_TEXT_LIMIT)
    problems.required(f"{key}.title", item.title, "Every home-care item needs a title")
    library_key = item.library_key
    problems.check(
        f"{key}.library_key",
        library_key is None or (isinstance(library_key, str) and bool(_KEY.match(library_key))),
        "Not a library item",
    )
    problems.lines(f"{key}.steps", item.steps, "Steps", most=MAX_STEPS, limit=LINE_LIMIT)
    problems.lines(
        f"{key}.stop_rules", item.stop_rules, "When to stop", most=MAX_STEPS, limit=LINE_LIMIT
    )
    for name, (low, high, label) in DOSE_LIMITS.items():
        problems.whole(f"{key}.{name}", getattr(item, name), low, high, label)
    problems.check(
        f"{key}.each_side", isinstance(item.each_side, bool), "Each side must be yes or no"
    )
    problems.text(f"{key}.note", item.note, "Note", LINE_LIMIT)
    problems.text(f"{key}.caution", item.caution, "Caution", LINE_LIMIT)
    picture = item.illustration
    problems.check(
        f"{key}.illustration",
        picture is None
        or (
            isinstance(picture, str) and re.fullmatch(r"[a-z0-9_]{1,90}\.svg", picture) is not None
        ),
        "Choose an illustration of the library",
    )
