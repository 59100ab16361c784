"""The session note as the form edits it (``...Details``) and as it is read (frozen views),
and the pure rules a note must meet to be saved and to be signed."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from wristcare.clinic.labels import point_label
from wristcare.clinic.outcomes.measures import RATING_LABELS
from wristcare.clinic.safety.resolution import (
    ANSWERS_FOR_LEVEL,
    REASON_NEEDED,
    FindingResolution,
)
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, clean, text_problem
from wristcare.db.vocab import (
    SYMPTOM_SCALES,
    AdverseEventKind,
    AmendmentKind,
    ElectroWaveform,
    ExamResult,
    ExamTest,
    FindingLevel,
    FindingResolutionKind,
    Instrument,
    NeedleAngle,
    SessionStatus,
    Severity,
    Side,
)

DEFAULT_DURATION = timedelta(minutes=45)
MAX_DURATION_MINUTES = 600
GRIP_TESTS = (ExamTest.GRIP, ExamTest.PINCH_TIP, ExamTest.PINCH_KEY, ExamTest.PINCH_PALMAR)
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


# --- what the form edits -----------------------------------------------------------------


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

    code: str
    level: FindingLevel
    title: str
    explanation: str
    source: str
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


# --- what is read back --------------------------------------------------------------------


@dataclass(frozen=True)
class PointView:
    id: int
    position: int
    acupoint_id: int | None
    code: str | None  # the code as snapshotted when written
    site: str | None
    side: Side
    needles: int
    gauge_hundredths_mm: int | None
    length_mm: int | None
    depth_tenths_mm: int | None
    angle: NeedleAngle | None
    technique: str
    de_qi: bool | None
    retention_minutes: int | None
    note: str

    @property
    def label(self) -> str:
        """The code (or site) as the note shows it."""
        return point_label(self.code, self.site)


@dataclass(frozen=True)
class ChannelView:
    channel: int
    point_a: int  # index into the note's points
    point_b: int
    point_a_label: str
    point_b_label: str
    waveform: ElectroWaveform
    frequency_low_hz: int
    frequency_high_hz: int | None
    intensity_tenths_ma: int | None
    to_tolerance: bool
    minutes: int


@dataclass(frozen=True)
class FindingView:
    test: ExamTest
    side: Side
    result: ExamResult | None
    digit: int | None
    two_point_mm: int | None
    trials: tuple[int | None, int | None, int | None]
    seconds_to_symptoms: int | None
    note: str

    @property
    def mean_tenths_kg(self) -> Decimal | None:
        """Mean of the recorded trials, in tenths of a kg (one decimal place)."""
        values = [value for value in self.trials if value is not None]
        if not values:
            return None
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class AdverseEventView:
    kind: AdverseEventKind
    occurred_at: datetime
    severity: Severity | None
    serious: bool
    description: str
    action_taken: str
    follow_up: str


@dataclass(frozen=True)
class SafetyFindingView:
    """A safety finding stored with the note: the rule, its wording then, the answer."""

    code: str
    level: FindingLevel
    title: str
    explanation: str
    source: str
    resolution: FindingResolutionKind | None
    reason: str
    resolved_by_id: int | None
    resolved_by_name: str
    resolved_at: datetime | None

    def answer(self) -> SafetyAnswer | None:
        """The editable answer, None while unanswered."""
        if self.resolution is None:
            return None
        return SafetyAnswer(self.code, self.level, self.title, self.explanation, self.source,
                            self.resolution, self.reason)  # fmt: skip


@dataclass(frozen=True)
class SignatureView:
    seq: int
    signer_id: int
    signer_name: str
    signed_at: datetime
    form_version: int
    content_hash: str
    chain_hash: str


@dataclass(frozen=True)
class AmendmentView:
    id: int
    kind: AmendmentKind
    text: str
    field: str
    old_value: str
    new_value: str
    reason: str
    author_id: int
    author_name: str
    created_at: datetime
    signature: SignatureView | None


@dataclass(frozen=True)
class SessionNote:
    """A whole note, read-only. ``version`` goes back with the next save;
    ``to_details()`` gives the editable copy."""

    id: int
    patient_id: int
    status: SessionStatus
    version: int
    practitioner_id: int
    practitioner_name: str
    local_date: date
    tz: str
    started_at: datetime
    duration_minutes: int | None
    complaint: str
    side: Side | None
    scores: tuple[tuple[Instrument, int], ...]
    digits_left: int
    digits_right: int
    provoking: str
    easing: str
    subjective_notes: str
    findings: tuple[FindingView, ...]
    objective_notes: str
    tongue_body: str
    tongue_coating: str
    tongue_shape: str
    pulse_overall: str
    pulse_left_cun: str
    pulse_left_guan: str
    pulse_left_chi: str
    pulse_right_cun: str
    pulse_right_guan: str
    pulse_right_chi: str
    pattern: str
    severity: Severity | None
    working_diagnosis: str
    differentials: str
    assessment_notes: str
    points: tuple[PointView, ...]
    channels: tuple[ChannelView, ...]
    moxibustion: bool
    cupping: bool
    gua_sha: bool
    tui_na: bool
    heat_lamp: bool
    adjunct_notes: str
    needles_in: int | None
    needles_out: int | None
    needle_search_outcome: str
    response: str
    adverse_events: tuple[AdverseEventView, ...]
    advice: str
    next_appointment_on: date | None
    plan_notes: str
    signed_at: datetime | None
    signed_by_id: int | None
    signed_by_name: str
    signature: SignatureView | None
    amendments: tuple[AmendmentView, ...]
    safety: tuple[SafetyFindingView, ...] = ()

    @property
    def ended_at(self) -> datetime | None:
        if self.duration_minutes is None:
            return None
        return self.started_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_draft(self) -> bool:
        return self.status is SessionStatus.DRAFT

    @property
    def score_map(self) -> dict[Instrument, int]:
        return dict(self.scores)

    def to_details(self) -> SessionDetails:
        """An editable copy of the note (for a draft's form)."""
        plain = {
            f.name: getattr(self, f.name)
            for f in fields(SessionDetails)
            if f.name
            not in {"started_at", "ended_at", "scores", "findings", "points", "channels",
                    "adverse_events", "safety"}
        }  # fmt: skip
        return SessionDetails(
            started_at=self.started_at,
            ended_at=self.ended_at,
            scores=self.score_map,
            findings=[_editable(FindingDetails, f) for f in self.findings],
            points=[point_details(p) for p in self.points],
            channels=[channel_details(c) for c in self.channels],
            adverse_events=[_editable(AdverseEventDetails, e) for e in self.adverse_events],
            safety=[a for a in (f.answer() for f in self.safety) if a is not None],
            **plain,
        )


_Editable = TypeVar("_Editable")


def _editable(details: type[_Editable], view: object) -> _Editable:
    # The view and its editable form share their field names: copy each across.
    values = {f.name: getattr(view, f.name) for f in fields(details)}  # type: ignore[arg-type]
    return details(**values)


def point_details(point: PointView) -> PointDetails:
    """The editable form of a needled point (used by "same as last session")."""
    return PointDetails(
        point=point.code or "",
        site=point.site or "",
        side=point.side,
        needles=point.needles,
        gauge_hundredths_mm=point.gauge_hundredths_mm,
        length_mm=point.length_mm,
        depth_tenths_mm=point.depth_tenths_mm,
        angle=point.angle,
        technique=point.technique,
        de_qi=point.de_qi,
        retention_minutes=point.retention_minutes,
        note=point.note,
    )


def channel_details(channel: ChannelView) -> ChannelDetails:
    return ChannelDetails(
        channel=channel.channel,
        point_a=channel.point_a,
        point_b=channel.point_b,
        waveform=channel.waveform,
        frequency_low_hz=channel.frequency_low_hz,
        frequency_high_hz=channel.frequency_high_hz,
        intensity_tenths_ma=channel.intensity_tenths_ma,
        to_tolerance=channel.to_tolerance,
        minutes=channel.minutes,
    )


# --- rules --------------------------------------------------------------------------------


def cleaned(details: SessionDetails) -> SessionDetails:
    """Trim the text the practitioner typed (the same object, edited in place)."""
    for name in TEXT_FIELDS:
        setattr(details, name, clean(getattr(details, name)))
    for point in details.points:
        point.point, point.site = clean(point.point), clean(point.site)
        point.technique, point.note = clean(point.technique), clean(point.note)
    for finding in details.findings:
        finding.note = clean(finding.note)
    for answer in details.safety:
        answer.reason = clean(answer.reason)
    for event in details.adverse_events:
        event.description = clean(event.description)
        event.action_taken = clean(event.action_taken)
        event.follow_up = clean(event.follow_up)
    return details


def _range(
    errors: dict[str, str], key: str, value: int | None, low: int, high: int, label: str
) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        errors[key] = f"{label} must be a whole number"
    elif not low <= value <= high:
        errors[key] = f"{label} must be between {low} and {high}"


def _vocab(
    errors: dict[str, str], key: str, value: object, vocabulary: type[StrEnum], label: str
) -> None:
    """A value from a pick list must be one of its entries (None: not chosen)."""
    if value is not None and value not in {member.value for member in vocabulary}:
        errors[key] = f"{label}: choose one of the listed values"


def _text(errors: dict[str, str], key: str, value: str, label: str, limit: int) -> None:
    problem = text_problem(value, label, limit)
    if problem:
        errors[key] = problem


def validate_session(details: SessionDetails, session_date: date) -> dict[str, str]:
    """What is wrong with a note, by field (``points.2.depth_tenths_mm`` for list rows).

    ``session_date`` is the note's clinic-local date (the next appointment cannot be
    before it). An empty dict means the draft can be saved.
    """
    errors: dict[str, str] = {}
    if details.started_at is None:
        errors["started_at"] = "Start time is required"
    elif details.started_at.tzinfo is None:
        errors["started_at"] = "Start time needs a time zone"
    if details.started_at is not None and details.ended_at is not None:
        if details.ended_at.tzinfo is None:
            errors["ended_at"] = "End time needs a time zone"
        elif details.ended_at < details.started_at:
            errors["ended_at"] = "The session cannot end before it starts"
        elif details.ended_at - details.started_at > timedelta(minutes=MAX_DURATION_MINUTES):
            errors["ended_at"] = "A session lasts at most 10 hours"
    _vocab(errors, "side", details.side, Side, "Side")
    _vocab(errors, "severity", details.severity, Severity, "Severity")
    for name, label in TEXT_FIELDS.items():
        limit = SHORT_TEXT_LIMIT if name.startswith(("pulse_", "tongue_")) else LONG_TEXT_LIMIT
        _text(errors, name, getattr(details, name), label, limit)
    for instrument, score in details.scores.items():
        key = f"scores.{instrument}"
        if instrument not in SYMPTOM_SCALES:
            errors[key] = f"{instrument} is not a 0-10 symptom scale"
        else:
            _range(errors, key, score, 0, 10, SCORE_LABELS[instrument])
    _range(errors, "digits_left", details.digits_left, 0, ALL_DIGITS, "Digits (left hand)")
    _range(errors, "digits_right", details.digits_right, 0, ALL_DIGITS, "Digits (right hand)")
    _range(errors, "needles_in", details.needles_in, 0, 500, "Needles in")
    _range(errors, "needles_out", details.needles_out, 0, 500, "Needles out")
    if details.next_appointment_on is not None and details.next_appointment_on < session_date:
        errors["next_appointment_on"] = "The next appointment cannot be before this session"
    _validate_points(details, errors)
    _validate_channels(details, errors)
    _validate_findings(details, errors)
    _validate_safety(details, errors)
    for index, event in enumerate(details.adverse_events):
        key = f"adverse_events.{index}"
        _vocab(errors, f"{key}.kind", event.kind, AdverseEventKind, "Adverse event")
        _vocab(errors, f"{key}.severity", event.severity, Severity, "Severity")
        if event.severity is None:
            errors[f"{key}.severity"] = "Severity of the adverse event is required"
        if event.occurred_at is not None and event.occurred_at.tzinfo is None:
            errors[f"{key}.occurred_at"] = "The time needs a time zone"
        for name, label in (
            ("description", "Description"),
            ("action_taken", "Action taken"),
            ("follow_up", "Follow-up"),
        ):
            _text(errors, f"{key}.{name}", getattr(event, name), label, LONG_TEXT_LIMIT)
    return errors


def _validate_points(details: SessionDetails, errors: dict[str, str]) -> None:
    for index, point in enumerate(details.points):
        key = f"points.{index}"
        if point.point and point.site:
            errors[f"{key}.point"] = "Give a library point or a free site, not both"
        elif not point.point and not point.site:
            errors[f"{key}.point"] = "Which point? Type a code, pinyin or a site"
        _text(errors, f"{key}.site", point.site, "Site", SHORT_TEXT_LIMIT)
        _text(errors, f"{key}.technique", point.technique, "Technique", SHORT_TEXT_LIMIT)
        _text(errors, f"{key}.note", point.note, "Point note", LONG_TEXT_LIMIT)
        _vocab(errors, f"{key}.side", point.side, Side, "Side")
        _vocab(errors, f"{key}.angle", point.angle, NeedleAngle, "Angle")
        if point.side is None:
            errors[f"{key}.side"] = "Side is required for every point"
        if point.needles is None:
            errors[f"{key}.needles"] = "Number of needles is required"
        _range(errors, f"{key}.needles", point.needles, 1, 20, "Needles at the point")
        _range(errors, f"{key}.gauge_hundredths_mm", point.gauge_hundredths_mm, 10, 60,
               "Gauge (1/100 mm)")  # fmt: skip
        _range(errors, f"{key}.length_mm", point.length_mm, 3, 200, "Needle length (mm)")
        _range(errors, f"{key}.depth_tenths_mm", point.depth_tenths_mm, 0, 1500,
               "Depth (1/10 mm)")  # fmt: skip
        _range(errors, f"{key}.retention_minutes", point.retention_minutes, 0, 180,
               "Retention (minutes)")  # fmt: skip


def _validate_channels(details: SessionDetails, errors: dict[str, str]) -> None:
    seen: set[int] = set()
    count = len(details.points)
    for index, channel in enumerate(details.channels):
        key = f"channels.{index}"
        _range(errors, f"{key}.channel", channel.channel, 1, 12, "Channel number")
        if channel.channel in seen:
            errors[f"{key}.channel"] = f"Channel {channel.channel} is used twice"
        seen.add(channel.channel)
        for end in ("point_a", "point_b"):
            value = getattr(channel, end)
            if not isinstance(value, int) or not 0 <= value < count:
                errors[f"{key}.{end}"] = "Pick one of the needled points"
        if channel.point_a == channel.point_b:
            errors[f"{key}.point_b"] = "A channel joins two different points"
        _vocab(errors, f"{key}.waveform", channel.waveform, ElectroWaveform, "Waveform")
        _range(errors, f"{key}.frequency_low_hz", channel.frequency_low_hz, 1, 200,
               "Frequency (Hz)")  # fmt: skip
        if channel.waveform is ElectroWaveform.DENSE_DISPERSE:
            if channel.frequency_high_hz is None:
                errors[f"{key}.frequency_high_hz"] = "Dense-disperse needs the high frequency"
            else:
                _range(errors, f"{key}.frequency_high_hz", channel.frequency_high_hz,
                       channel.frequency_low_hz, 200, "High frequency (Hz)")  # fmt: skip
        elif channel.frequency_high_hz is not None:
            errors[f"{key}.frequency_high_hz"] = "Only dense-disperse has a high frequency"
        if channel.to_tolerance and channel.intensity_tenths_ma is not None:
            errors[f"{key}.intensity_tenths_ma"] = "Give the intensity or 'to tolerance', not both"
        _range(errors, f"{key}.intensity_tenths_ma", channel.intensity_tenths_ma, 0, 500,
               "Intensity (1/10 mA)")  # fmt: skip
        _range(errors, f"{key}.minutes", channel.minutes, 1, 180, "Minutes")


def _validate_findings(details: SessionDetails, errors: dict[str, str]) -> None:
    for index, finding in enumerate(details.findings):
        key = f"findings.{index}"
        _vocab(errors, f"{key}.test", finding.test, ExamTest, "Test")
        _vocab(errors, f"{key}.result", finding.result, ExamResult, "Result")
        if finding.side not in (Side.LEFT, Side.RIGHT):
            errors[f"{key}.side"] = "An examination is of the left or the right hand"
        if finding.test is ExamTest.TWO_POINT and finding.digit is None:
            errors[f"{key}.digit"] = "Two-point discrimination is per digit"
        _range(errors, f"{key}.digit", finding.digit, 1, 5, "Digit")
        _range(errors, f"{key}.two_point_mm", finding.two_point_mm, 1, 30, "Two-point (mm)")
        if any(value is not None for value in finding.trials) and finding.test not in GRIP_TESTS:
            errors[f"{key}.trials"] = "Trials are for grip and pinch strength"
        if len(finding.trials) != 3:
            errors[f"{key}.trials"] = "Give three trials (leave a missing one empty)"
        for number, value in enumerate(finding.trials, start=1):
            _range(errors, f"{key}.trials", value, 0, 2000, f"Trial {number} (1/10 kg)")
        _range(errors, f"{key}.seconds_to_symptoms", finding.seconds_to_symptoms, 0, 600,
               "Seconds to symptoms")  # fmt: skip
        _text(errors, f"{key}.note", finding.note, "Finding note", LONG_TEXT_LIMIT)


def _validate_safety(details: SessionDetails, errors: dict[str, str]) -> None:
    seen: set[str] = set()
    for answer in details.safety:
        key = f"safety.{answer.code}"
        if not answer.code or answer.code in seen:
            errors[key] = "Each safety finding is answered once"
        seen.add(answer.code)
        _vocab(errors, key, answer.level, FindingLevel, "Level")
        _vocab(errors, key, answer.kind, FindingResolutionKind, "Answer")
        if key in errors:
            continue
        if answer.kind not in ANSWERS_FOR_LEVEL[FindingLevel(answer.level)]:
            errors[key] = f"A {answer.level} cannot be answered that way"
        elif answer.kind in REASON_NEEDED and not answer.reason:
            errors[key] = REASON_NEEDED[FindingResolutionKind(answer.kind)]
        else:
            _text(errors, key, answer.reason, "The reason", LONG_TEXT_LIMIT)


def validate_for_signing(details: SessionDetails) -> dict[str, str]:
    """What must still be filled in before the note can be signed (beyond saving rules)."""
    errors: dict[str, str] = {}
    if not details.complaint:
        errors["complaint"] = "The complaint is required to sign"
    if details.side is None:
        errors["side"] = "The side is required to sign"
    if details.ended_at is None:
        errors["ended_at"] = "The end time is required to sign"
    if details.needles_in is None:
        errors["needles_in"] = "Count the needles in before signing"
    if details.needles_out is None:
        errors["needles_out"] = "Count the needles out before signing"
    if (
        details.needles_in is not None
        and details.needles_out is not None
        and details.needles_in != details.needles_out
        and not details.needle_search_outcome
    ):
        errors["needle_search_outcome"] = (
            f"{details.needles_in} needles in but {details.needles_out} out: record the "
            "search and its outcome before signing"
        )
    if not details.points and not any(getattr(details, name) for name in ADJUNCTS):
        errors["points"] = "Record the points needled (or the adjunct given) before signing"
    return errors
