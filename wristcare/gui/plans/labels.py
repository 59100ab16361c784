"""Words for the plan editor's pick lists, as the practitioner reads them."""

from __future__ import annotations

from wristcare.clinic.outcomes.measures import MEASURES as ALL_MEASURES
from wristcare.db.vocab import (
    GoalDirection,
    GoalTargetKind,
    HomeCareKind,
    Instrument,
    MeasureSide,
    PlanStatus,
)

MEASURES: dict[Instrument, str] = {i: m.choice for i, m in ALL_MEASURES.items()}
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
