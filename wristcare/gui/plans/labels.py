"""Words for the plan editor's pick lists, as the practitioner reads them."""

from __future__ import annotations

from wristcare.clinic.outcomes.rating_scales import NRS_INSTRUMENTS
from wristcare.clinic.outcomes.strength import STRENGTH_INSTRUMENTS
from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    PlanStatus,
)

MEASURES: dict[Instrument, str] = {
    **{Instrument(code): f"{name} (0-10)" for code, name in NRS_INSTRUMENTS.items()},
    Instrument.BCTQ_SSS: "BCTQ symptom severity (1-5)",
    Instrument.BCTQ_FSS: "BCTQ functional status (1-5)",
    Instrument.KATZ: "Katz hand diagram",
    **{Instrument(code): f"{name} strength (kg)" for code, name in STRENGTH_INSTRUMENTS.items()},
    Instrument.QUICKDASH_EXTERNAL: "QuickDASH (0-100)",
}
MEASURE_SIDES = {
    MeasureSide.RIGHT: "Right",
    MeasureSide.LEFT: "Left",
    MeasureSide.BILATERAL: "Both",
    MeasureSide.NONE: "Whole person",
}
DIRECTIONS = {GoalDirection.DECREASE: "lower is better", GoalDirection.INCREASE: "higher is better"}
TARGET_KINDS = {
    GoalTargetKind.ABSOLUTE: "reach the target",
    GoalTargetKind.CHANGE: "change by the target",
    GoalTargetKind.PERCENT_CHANGE: "change by target %",
}
PLAN_STATUSES = {
    PlanStatus.DRAFT: "Draft",
    PlanStatus.ACTIVE: "Current",
    PlanStatus.COMPLETED: "Completed",
    PlanStatus.DISCONTINUED: "Discontinued",
}
HOME_CARE_KINDS = {
    HomeCareKind.EXERCISE: "Exercise",
    HomeCareKind.SPLINT: "Splint",
    HomeCareKind.ERGONOMIC: "Activity and ergonomic advice",
    HomeCareKind.SELF_MASSAGE: "Self-massage",
    HomeCareKind.SUPPLEMENT: "Supplement",
    HomeCareKind.HEAT: "Heat",
    HomeCareKind.OTHER: "Other",
}
