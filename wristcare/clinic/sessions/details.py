"""The session note as the form edits it (``...Details``), and the words, choices and
defaults of its fields (what the form shows, the rules check and the amendments name)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from wristcare.clinic.outcomes.measures import RATING_LABELS
from wristcare.clinic.safety.resolution import (
    FindingResolution,
)
from wristcare.clinic.text import Verbatim
from wristcare.db.vocab import (
    AdverseEventKind,
    ElectroWaveform,
    ExamResult,
    ExamTest,
    FindingLevel,
    FindingResolutionKind,
    Instrument,
    NeedleAngle,
    Severity,
    Side,
)

DEFAULT_DURATION = timedelta(minutes=45)
DIGITS = ("thumb", "index", "middle", "ring", "little")
ALL_DIGITS = 0b11111

# Free-text fields of the note and their labels (also the fields a correction may name).
TEXT_FIELDS = {
    "complaint": "Complaint",
    "provoking": "What provokes it",
    "easing": "What eases it",
    "subjective_notes": "Subjective notes",
    "objective_notes": "Objective notes",
    "tongue_body": "Tongue body colour",
    "tongue_coating": "Tongue coating",
    "tongue_shape": "Tongue shape",
    "pulse_overall": "Pulse (overall)",
    "pulse_left_cun": "Pulse left cun",
    "pulse_left_guan": "Pulse left guan",
    "pulse_left_chi": "Pulse left chi",
    "pulse_right_cun": "Pulse right cun",
    "pulse_right_guan": "Pulse right guan",
    "pulse_right_chi": "Pulse right chi",
    "pattern": "Pattern differentiation",
    "working_diagnosis": "Working diagnosis",
    "differentials": "Differentials considered",
    "assessment_notes": "Assessment notes",
    "adjunct_notes": "Adjunct notes",
    "needle_search_outcome": "Needle search and outcome",
    "response": "Patient response",
    "advice": "Advice given",
    "plan_notes": "Plan",
}
ADJUNCTS = {
    "moxibustion": "Moxibustion",
    "cupping": "Cupping",
    "gua_sha": "Gua sha",
    "tui_na": "Tui na",
    "heat_lamp": "Heat lamp",
}
# The 0-10 scales by the one name each has on screen (clinic/outcomes/measures.py).
SCORE_LABELS: dict[str, str] = RATING_LABELS
COMMON_PATTERNS = (
    "Qi and blood stagnation in the channels",
    "Wind-cold-damp bi obstruction",
    "Blood deficiency failing to nourish the sinews",
    "Liver qi stagnation",
    "Phlegm-damp obstruction",
    "Qi and blood deficiency",
    "Kidney and liver yin deficiency",
)


def digits_mask(*digits: int) -> int:
    """The bitmask for digits numbered 1 (thumb) to 5 (little finger)."""
    return sum(1 << (digit - 1) for digit in digits)


def digits_of(mask: int) -> tuple[int, ...]:
    """The digit numbers (1 = thumb) set in a bitmask."""
    return tuple(digit for digit in range(1, 6) if mask & (1 << (digit - 1)))


@dataclass
class PointDetails:
    """One needled point as typed: a library point (code, alias, pinyin or characters in
    ``point``) or a free anatomical ``site``, never both."""

    point: str = ""
    site: str = ""
    side: Side | None = None
    needles: int = 1
    gauge_hundredths_mm: int | None = None
    length_mm: int | None = None
    depth_tenths_mm: int | None = None
    angle: NeedleAngle | None = None
    technique: str = ""
    de_qi: bool | None = None
    retention_minutes: int | None = None
    note: str = ""


@dataclass
class ChannelDetails:
    """An electroacupuncture channel joining two points, given as indexes into the note's
    point list (row numbers from 0), so it survives the points being saved again."""

    channel: int = 1
    point_a: int = 0
    point_b: int = 1
    waveform: ElectroWaveform = ElectroWaveform.CONTINUOUS
    frequency_low_hz: int = 2
    frequency_high_hz: int | None = None
    intensity_tenths_ma: int | None = None
    to_tolerance: bool = False
    minutes: int = 20


@dataclass
class FindingDetails:
    """One examination test on one hand. Grip and pinch: ``trials`` in tenths of a kg."""

    test: ExamTest = ExamTest.PHALEN
    side: Side = Side.RIGHT
    result: ExamResult | None = None
    digit: int | None = None
    two_point_mm: int | None = None
    trials: tuple[int | None, int | None, int | None] = (None, None, None)
    seconds_to_symptoms: int | None = None
    note: str = ""


@dataclass
class AdverseEventDetails:
    kind: AdverseEventKind = AdverseEventKind.BRUISING
    occurred_at: datetime | None = None  # None: at the session's start
    severity: Severity | None = None
    serious: bool = False
    description: str = ""
    action_taken: str = ""
    follow_up: str = ""


@dataclass
class SafetyAnswer:
    """The practitioner's answer to a safety finding on the note, with the finding as it
    was shown when answered (rule code, level, wording and source)."""

    code: Verbatim
    level: FindingLevel
    title: Verbatim
    explanation: Verbatim
    source: Verbatim
    kind: FindingResolutionKind
    reason: str = ""

    @property
    def resolution(self) -> FindingResolution:
        """The answer as the rule engine judges it (clinic.safety.resolution)."""
        return FindingResolution(self.code, self.kind, self.reason)


@dataclass
class SessionDetails:
    """Everything the practitioner writes in a note. ``scores`` maps the 0-10 symptom
    scales (SYMPTOM_SCALES) to a rating; a scale left out is not rated."""

    started_at: datetime | None = None
    ended_at: datetime | None = None
    # Subjective
    complaint: str = ""
    side: Side | None = None
    scores: dict[Instrument, int] = field(default_factory=dict)
    digits_left: int = 0
    digits_right: int = 0
    provoking: str = ""
    easing: str = ""
    subjective_notes: str = ""
    # Objective
    findings: list[FindingDetails] = field(default_factory=list)
    objective_notes: str = ""
    # Assessment
    tongue_body: str = ""
    tongue_coating: str = ""
    tongue_shape: str = ""
    pulse_overall: str = ""
    pulse_left_cun: str = ""
    pulse_left_guan: str = ""
    pulse_left_chi: str = ""
    pulse_right_cun: str = ""
    pulse_right_guan: str = ""
    pulse_right_chi: str = ""
    pattern: str = ""
    severity: Severity | None = None
    working_diagnosis: str = ""
    differentials: str = ""
    assessment_notes: str = ""
    # Treatment
    points: list[PointDetails] = field(default_factory=list)
    channels: list[ChannelDetails] = field(default_factory=list)
    moxibustion: bool = False
    cupping: bool = False
    gua_sha: bool = False
    tui_na: bool = False
    heat_lamp: bool = False
    adjunct_notes: str = ""
    needles_in: int | None = None
    needles_out: int | None = None
    needle_search_outcome: str = ""
    # Response and plan
    response: str = ""
    adverse_events: list[AdverseEventDetails] = field(default_factory=list)
    advice: str = ""
    next_appointment_on: date | None = None
    plan_notes: str = ""
    # Safety: the answers given so far to the findings the rules raise on this note.
    safety: list[SafetyAnswer] = field(default_factory=list)

    def needles_from_points(self) -> int:
        """Needles inserted according to the point list (what "needles in" prefills to)."""
        return sum(max(point.needles, 0) for point in self.points)
