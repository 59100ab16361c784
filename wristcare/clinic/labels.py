"""Words for the vocabularies many features share, as the practitioner reads them: one map
per enum (values live in db.vocab). Feature-only words stay with the feature
(clinic/sessions/labels.py, gui/plans/labels.py)."""

from __future__ import annotations

from wristcare.db.vocab import (
    FindingLevel,
    FindingResolutionKind,
    Limb,
    MeasureSide,
    NeedleAngle,
    Side,
)

SIDES: dict[Side, str] = {
    Side.LEFT: "Left",
    Side.RIGHT: "Right",
    Side.BILATERAL: "Both sides",
    Side.MIDLINE: "Midline",
}
# One letter each, for a list of points ("PC7 R, LI4 B").
SIDE_LETTERS: dict[Side, str] = {
    Side.LEFT: "L",
    Side.RIGHT: "R",
    Side.BILATERAL: "B",
    Side.MIDLINE: "M",
}
# The hand a score was measured on, in a sentence; whole-person ratings have none.
MEASURE_SIDES: dict[MeasureSide, str] = {
    MeasureSide.NONE: "",
    MeasureSide.BILATERAL: "both hands",
    MeasureSide.LEFT: "left hand",
    MeasureSide.RIGHT: "right hand",
}
# How the needle enters: straight in, at about 45 degrees, or nearly along the skin.
ANGLES: dict[NeedleAngle, str] = {
    NeedleAngle.PERPENDICULAR: "Perpendicular",
    NeedleAngle.OBLIQUE: "Oblique",
    NeedleAngle.TRANSVERSE: "Transverse",
}
# "" is a history with no limb recorded yet.
LIMBS: dict[str, str] = {
    "": "Not recorded",
    Limb.LEFT_ARM: "Left arm",
    Limb.RIGHT_ARM: "Right arm",
    Limb.BOTH_ARMS: "Both arms",
    Limb.LEFT_LEG: "Left leg",
    Limb.RIGHT_LEG: "Right leg",
    Limb.OTHER: "Other",
}
FINDING_LEVELS: dict[FindingLevel, str] = {
    FindingLevel.STOP: "Stop",
    FindingLevel.CAUTION: "Caution",
    FindingLevel.REFER: "Red flag",
    FindingLevel.INFO: "Note",
}
RESOLUTION_KINDS: dict[FindingResolutionKind, str] = {
    FindingResolutionKind.PROCEEDED: "Proceeded, with a reason",
    FindingResolutionKind.OVERRIDDEN: "Overridden, with a reason",
    FindingResolutionKind.CHANGED_TREATMENT: "Changed the treatment",
    FindingResolutionKind.REFERRED: "Referred",
    FindingResolutionKind.NOT_REFERRED: "Not referred, with a reason",
}


def point_label(code: str | None, site: str | None) -> str:
    """How a needled point is named: its code, else the free site written for it."""
    return code or (site or "").strip()
