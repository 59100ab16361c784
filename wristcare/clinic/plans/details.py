"""A treatment plan as the editor fills it (``...Details``) and as it is read (frozen views),
and the pure rules a plan must meet to be saved."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, clean, text_problem
from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    PlanStatus,
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


@dataclass
class PhaseDetails:
    """One phase of the schedule: "twice a week for 3 weeks"."""

    sessions_per_week: int = 1
    weeks: int = 1
    note: str = ""

    @property
    def sessions(self) -> int:
        return self.sessions_per_week * self.weeks


@dataclass
class PlanPointDetails:
    """A point of the planned protocol, typed as in session notes (code, alias, pinyin or
    characters), with the index of the point it is paired with for electroacupuncture."""

    point: str = ""
    side: Side | None = None
    electro_pair: int | None = None
    note: str = ""


@dataclass
class GoalDetails:
    """A goal in words, and when measurable its measure, baseline, target and date."""

    description: str = ""
    measure: Instrument | None = None
    side: MeasureSide | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    direction: GoalDirection = GoalDirection.DECREASE
    target_kind: GoalTargetKind = GoalTargetKind.ABSOLUTE
    target_on: date | None = None
    achieved_on: date | None = None


@dataclass
class HomeCareDetails:
    """One home-care item in this patient's plan: the text as it will be printed (a
    snapshot of the library item it came from, if any) and the dose for this patient."""

    library_key: str | None = None
    kind: HomeCareKind = HomeCareKind.EXERCISE
    title: str = ""
    steps: list[str] = field(default_factory=list)
    stop_rules: list[str] = field(default_factory=list)
    hold_seconds: int | None = None
    repetitions: int | None = None
    sets: int | None = None
    times_a_day: int | None = None
    days_a_week: int | None = None
    weeks: int | None = None
    each_side: bool = False
    note: str = ""
    illustration: str | None = None  # an SVG of the shipped library (None: none)
    caution: str = ""  # printed with the item


@dataclass
class PlanDetails:
    """Everything the practitioner writes in a plan."""

    problem: str = ""
    started_on: date | None = None
    review_on: date | None = None
    ended_on: date | None = None
    phases: list[PhaseDetails] = field(default_factory=list)
    points: list[PlanPointDetails] = field(default_factory=list)
    goals: list[GoalDetails] = field(default_factory=list)
    home_care: list[HomeCareDetails] = field(default_factory=list)
    supplements: str = ""
    notes_for_patient: str = ""
    private_notes: str = ""

    def planned_sessions(self) -> int:
        """The number of sessions the phases add up to."""
        return sum(
            phase.sessions_per_week * phase.weeks
            for phase in self.phases
            if isinstance(phase.sessions_per_week, int) and isinstance(phase.weeks, int)
        )

    def electro_pairs(self) -> list[tuple[int, int]]:
        """Each electro pairing once, as (lower index, higher index), in point order."""
        pairs: list[tuple[int, int]] = []
        for index, point in enumerate(self.points):
            if point.electro_pair is None:
                continue
            pair = (min(index, point.electro_pair), max(index, point.electro_pair))
            if pair not in pairs:
                pairs.append(pair)
        return sorted(pairs)


# --- what is read back --------------------------------------------------------------------


@dataclass(frozen=True)
class HandoutRow:
    """A handout given to the patient (what the plan's history lists)."""

    id: int
    plan_id: int
    issued_at: datetime
    issued_by_name: str
    large_print: bool
    sha256: str


@dataclass(frozen=True)
class PlanRow:
    """A plan in the patient's list of plans."""

    id: int
    status: PlanStatus
    problem: str
    started_on: date | None
    review_on: date | None
    planned_sessions: int
    handout_count: int


@dataclass(frozen=True)
class PlanView:
    """A whole plan, read-only. ``version`` goes back with the next save; ``details`` is a
    copy made for this view (``to_details()`` gives a fresh one to edit)."""

    id: int
    patient_id: int
    status: PlanStatus
    version: int
    practitioner_id: int
    practitioner_name: str
    created_at: datetime
    details: PlanDetails
    planned_sessions: int
    handouts: tuple[HandoutRow, ...]
    # The library code, pinyin and characters of each planned point, in point order.
    point_names: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_current(self) -> bool:
        return self.status is PlanStatus.ACTIVE

    def to_details(self) -> PlanDetails:
        """An editable copy of the plan."""
        return copy.deepcopy(self.details)


# --- rules --------------------------------------------------------------------------------


def cleaned(details: PlanDetails) -> PlanDetails:
    """Trim the text the practitioner typed (the same object, edited in place)."""
    details.problem = clean(details.problem)
    details.supplements = clean(details.supplements)
    details.notes_for_patient = clean(details.notes_for_patient)
    details.private_notes = clean(details.private_notes)
    for phase in details.phases:
        phase.note = clean(phase.note)
    for point in details.points:
        point.point, point.note = clean(point.point), clean(point.note)
    for goal in details.goals:
        goal.description = clean(goal.description)
    for item in details.home_care:
        item.title, item.note = clean(item.title), clean(item.note)
        item.caution = clean(item.caution)
        if isinstance(item.steps, list):
            item.steps = [clean(step) for step in item.steps if clean(step)]
        if isinstance(item.stop_rules, list):
            item.stop_rules = [clean(rule) for rule in item.stop_rules if clean(rule)]
    return details


def _text(errors: dict[str, str], key: str, value: object, label: str, limit: int) -> None:
    problem = text_problem(value, label, limit)
    if problem:
        errors[key] = problem


def _whole(errors: dict[str, str], key: str, value: object, low: int, high: int,
           label: str) -> None:  # fmt: skip
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        errors[key] = f"{label} must be a whole number"
    elif not low <= value <= high:
        errors[key] = f"{label} must be between {low} and {high}"


def _vocab(errors: dict[str, str], key: str, value: object, vocabulary: type[StrEnum],
           label: str) -> None:  # fmt: skip
    if value is not None and value not in {member.value for member in vocabulary}:
        errors[key] = f"{label}: choose one of the listed values"


def _count(errors: dict[str, str], key: str, items: list, limit: int, label: str) -> None:
    if len(items) > limit:
        errors[key] = f"A plan holds at most {limit} {label} ({len(items)} given)"


def validate_plan(details: PlanDetails, today: date) -> dict[str, str]:
    """What is wrong with a plan, by field (``goals.1.target_on`` for list rows).

    ``today`` is the clinic's date. An empty dict means the plan can be saved. A review
    date already past is allowed here (a plan entered after the fact, or one now overdue);
    a new plan is checked for that separately (``validate_new_plan``).
    """
    errors: dict[str, str] = {}
    _text(errors, "problem", details.problem, "Problem", LINE_LIMIT)
    if "problem" not in errors and not details.problem.strip():
        errors["problem"] = "Describe the problem this plan is for"
    for name, label in (
        ("supplements", "Supplements and herbs"),
        ("notes_for_patient", "Notes for the patient"),
        ("private_notes", "Private notes"),
    ):
        _text(errors, name, getattr(details, name), label, LONG_TEXT_LIMIT)
    if "supplements" not in errors and any(
        len(line) > LINE_LIMIT for line in details.supplements.splitlines()
    ):
        errors["supplements"] = f"Each supplement line is at most {LINE_LIMIT:,} characters"
    _validate_dates(details, today, errors)
    _count(errors, "phases", details.phases, MAX_PHASES, "phases")
    for index, phase in enumerate(details.phases):
        key = f"phases.{index}"
        _whole(errors, f"{key}.sessions_per_week", phase.sessions_per_week, 1, 7,
               "Sessions a week")  # fmt: skip
        _whole(errors, f"{key}.weeks", phase.weeks, 1, MAX_WEEKS, "Weeks")
        _text(errors, f"{key}.note", phase.note, "Phase note", SHORT_TEXT_LIMIT)
    _validate_points(details, errors)
    _count(errors, "goals", details.goals, MAX_GOALS, "goals")
    for index, goal in enumerate(details.goals):
        _validate_goal(goal, f"goals.{index}", details.started_on, today, errors)
    _count(errors, "home_care", details.home_care, MAX_HOME_CARE, "home-care items")
    for index, item in enumerate(details.home_care):
        _validate_home_care(item, f"home_care.{index}", errors)
    return errors


def validate_new_plan(details: PlanDetails, today: date) -> dict[str, str]:
    """``validate_plan`` plus what only a new plan must meet: a review still to come."""
    errors = validate_plan(details, today)
    if details.review_on is not None and details.review_on < today and "review_on" not in errors:
        errors["review_on"] = "The review date of a new plan cannot be in the past"
    return errors


def _is_date(value: object) -> bool:
    return isinstance(value, date) and not isinstance(value, datetime)


def _validate_dates(details: PlanDetails, today: date, errors: dict[str, str]) -> None:
    for name, label in (("started_on", "Start date"), ("review_on", "Review date"),
                        ("ended_on", "End date")):  # fmt: skip
        value = getattr(details, name)
        if value is not None and not _is_date(value):
            errors[name] = f"{label} must be a date"
    if errors.keys() & {"started_on", "review_on", "ended_on"}:
        return
    start, review, end = details.started_on, details.review_on, details.ended_on
    if start is not None:
        if start < EARLIEST_START:
            errors["started_on"] = f"The start date is before {EARLIEST_START.year}: check it"
        elif start > today + LATEST_START:
            errors["started_on"] = "The start date is more than a year ahead: check it"
    if review is not None and start is not None and review < start:
        errors["review_on"] = "The review date cannot be before the plan starts"
    elif review is not None and review > today + 2 * LATEST_START:
        errors["review_on"] = "The review date is more than two years ahead: check it"
    if end is not None:
        if start is not None and end < start:
            errors["ended_on"] = "The plan cannot end before it starts"
        elif end > today:
            errors["ended_on"] = "The end date cannot be in the future"


def _validate_points(details: PlanDetails, errors: dict[str, str]) -> None:
    _count(errors, "points", details.points, MAX_POINTS, "points")
    count = len(details.points)
    for index, point in enumerate(details.points):
        key = f"points.{index}"
        _text(errors, f"{key}.point", point.point, "Point", SHORT_TEXT_LIMIT)
        if f"{key}.point" not in errors and not point.point:
            errors[f"{key}.point"] = "Which point? Type a code, pinyin or characters"
        _vocab(errors, f"{key}.side", point.side, Side, "Side")
        if point.side is None:
            errors[f"{key}.side"] = "Side is required for every point"
        _text(errors, f"{key}.note", point.note, "Point note", SHORT_TEXT_LIMIT)
        pair = point.electro_pair
        if pair is None:
            continue
        if isinstance(pair, bool) or not isinstance(pair, int) or not 0 <= pair < count:
            errors[f"{key}.electro_pair"] = "Pair it with one of the plan's points"
        elif pair == index:
            errors[f"{key}.electro_pair"] = "A point cannot be paired with itself"
        else:
            other = details.points[pair].electro_pair
            if other is not None and other != index:
                errors[f"{key}.electro_pair"] = (
                    f"Point {pair + 1} is already paired with point {other + 1}"
                )
    if "points" not in errors and len(details.electro_pairs()) > 12:
        errors["points"] = "At most 12 electro pairs (one per channel)"


def _number(errors: dict[str, str], key: str, value: object, label: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        errors[key] = f"{label} must be a number"
        return False
    number = Decimal(value)
    if not number.is_finite() or abs(number) >= 10_000:
        errors[key] = f"{label} must be a number below 10,000"
        return False
    if number != number.quantize(Decimal("0.01")):
        errors[key] = f"{label}: two decimal places at most"
        return False
    return True


def _validate_goal(
    goal: GoalDetails, key: str, start: date | None, today: date, errors: dict[str, str]
) -> None:
    _text(errors, f"{key}.description", goal.description, "Goal", LINE_LIMIT)
    if f"{key}.description" not in errors and not goal.description:
        errors[f"{key}.description"] = "Describe the goal in words the patient understands"
    _vocab(errors, f"{key}.measure", goal.measure, Instrument, "Measure")
    _vocab(errors, f"{key}.side", goal.side, MeasureSide, "Side")
    _vocab(errors, f"{key}.direction", goal.direction, GoalDirection, "GoalDirection")
    _vocab(errors, f"{key}.target_kind", goal.target_kind, GoalTargetKind, "Kind of target")
    has_base = _number(errors, f"{key}.baseline", goal.baseline, "Baseline")
    has_target = _number(errors, f"{key}.target", goal.target, "Target")
    if goal.measure is None and (goal.target is not None or goal.baseline is not None):
        errors[f"{key}.measure"] = "Choose the measure the baseline and target are on"
    if goal.measure is not None and goal.target is None and f"{key}.target" not in errors:
        errors[f"{key}.target"] = "A measurable goal needs a target value"
    if goal.measure == Instrument.KATZ:
        errors[f"{key}.measure"] = "The Katz diagram is a category, not a number to target"
    if has_target and goal.target_kind != GoalTargetKind.ABSOLUTE:
        if goal.target <= 0:  # type: ignore[operator]
            errors[f"{key}.target"] = "A target change must be more than 0"
        elif goal.target_kind == GoalTargetKind.PERCENT_CHANGE and goal.target > 100:  # type: ignore[operator]
            errors[f"{key}.target"] = "A percent change is at most 100"
        if goal.baseline is None and f"{key}.baseline" not in errors:
            errors[f"{key}.baseline"] = "A target change needs the baseline it starts from"
    limits = MEASURE_RANGES.get(goal.measure) if goal.measure else None  # type: ignore[arg-type]
    if limits is not None:
        low, high = limits
        if has_base and not low <= goal.baseline <= high:  # type: ignore[operator]
            errors[f"{key}.baseline"] = f"The baseline on this measure is {low} to {high}"
        if (
            has_target
            and goal.target_kind == GoalTargetKind.ABSOLUTE
            and not (
                low <= goal.target <= high  # type: ignore[operator]
            )
        ):
            errors[f"{key}.target"] = f"The target on this measure is {low} to {high}"
    for name, label in (("target_on", "Target date"), ("achieved_on", "Date achieved")):
        value = getattr(goal, name)
        if value is not None and not _is_date(value):
            errors[f"{key}.{name}"] = f"{label} must be a date"
    if _is_date(goal.target_on) and _is_date(start) and goal.target_on < start:  # type: ignore[operator]
        errors[f"{key}.target_on"] = "The target date is before the plan starts"
    if _is_date(goal.achieved_on):
        if goal.achieved_on > today:  # type: ignore[operator]
            errors[f"{key}.achieved_on"] = "A goal cannot be achieved in the future"
        elif _is_date(start) and goal.achieved_on < start:  # type: ignore[operator]
            errors[f"{key}.achieved_on"] = "The date achieved is before the plan starts"


def _validate_home_care(item: HomeCareDetails, key: str, errors: dict[str, str]) -> None:
    _vocab(errors, f"{key}.kind", item.kind, HomeCareKind, "Kind")
    _text(errors, f"{key}.title", item.title, "Title", SHORT_TEXT_LIMIT)
    if f"{key}.title" not in errors and not item.title:
        errors[f"{key}.title"] = "Every home-care item needs a title"
    if item.library_key is not None and (
        not isinstance(item.library_key, str) or not _KEY.match(item.library_key)
    ):
        errors[f"{key}.library_key"] = "Not a library item"
    for name, label in (("steps", "Steps"), ("stop_rules", "When to stop")):
        lines = getattr(item, name)
        if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
            errors[f"{key}.{name}"] = f"{label} must be lines of text"
        elif len(lines) > MAX_STEPS:
            errors[f"{key}.{name}"] = f"{label}: at most {MAX_STEPS} lines"
        else:
            for line in lines:
                problem = text_problem(line, label, LINE_LIMIT)
                if problem:
                    errors[f"{key}.{name}"] = problem
                    break
    for name, (low, high, label) in DOSE_LIMITS.items():
        _whole(errors, f"{key}.{name}", getattr(item, name), low, high, label)
    if not isinstance(item.each_side, bool):
        errors[f"{key}.each_side"] = "Each side must be yes or no"
    _text(errors, f"{key}.note", item.note, "Note", LINE_LIMIT)
    _text(errors, f"{key}.caution", item.caution, "Caution", LINE_LIMIT)
    if item.illustration is not None and (
        not isinstance(item.illustration, str)
        or not re.fullmatch(r"[a-z0-9_]{1,90}\.svg", item.illustration)
    ):
        errors[f"{key}.illustration"] = "Choose an illustration of the library"
