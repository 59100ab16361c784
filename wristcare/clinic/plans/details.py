"""A treatment plan as the editor fills it in (``...Details``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    Side,
)


@dataclass
class PhaseDetails:
    """One phase of the schedule: "twice a week for 3 weeks"."""

    sessions_per_week: int = 1
    weeks: int = 1
    note: str = ""

    @property
    def sessions(self) -> int:
        """The number of sessions in this phase."""
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
