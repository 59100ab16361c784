"""The session note as the form edits it (``...Details``) and as it is read (frozen views),
and the pure rules a note must meet to be saved and to be signed."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from wristcare.clinic.labels import point_label
from wristcare.clinic.outcomes.measures import RATING_LABELS
from wristcare.clinic.safety.resolution import (
    ANSWERS_FOR_LEVEL,
    REASON_NEEDED,
    FindingResolution,
)
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, Verbatim
from wristcare.clinic.validation import Problems
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


def validate_session(details: SessionDetails, session_date: date) -> dict[str, str]:
    """What is wrong with a note, by field (``points.2.depth_tenths_mm`` for list rows).

    ``session_date`` is the note's clinic-local date (the next appointment cannot be
    before it). An empty dict means the draft can be saved.
    """
    problems = Problems()
    started, ended = details.started_at, details.ended_at
    problems.required("started_at", started, "Start time is required")
    problems.check(
        "started_at", started is None or started.tzinfo is not None, "Start time needs a time zone"
    )
    if started is not None and ended is not None:
        problems.check("ended_at", ended.tzinfo is not None, "End time needs a time zone")
        if not problems.has("started_at", "ended_at"):  # both aware, so they compare
            problems.check("ended_at", ended >= started, "The session cannot end before it starts")
            problems.check(
                "ended_at",
                ended - started <= timedelta(minutes=MAX_DURATION_MINUTES),
                "A session lasts at most 10 hours",
            )
    problems.vocab("side", details.side, Side, "Side")
    problems.vocab("severity", details.severity, Severity, "Severity")
    for name, label in TEXT_FIELDS.items():
        limit = SHORT_TEXT_LIMIT if name.startswith(("pulse_", "tongue_")) else LONG_TEXT_LIMIT
        problems.text(name, getattr(details, name), label, limit)
    for instrument, score in details.scores.items():
        key = f"scores.{instrument}"
        if problems.check(
            key, instrument in SYMPTOM_SCALES, f"{instrument} is not a 0-10 symptom scale"
        ):
            problems.whole(key, score, 0, 10, SCORE_LABELS[instrument])
    problems.whole("digits_left", details.digits_left, 0, ALL_DIGITS, "Digits (left hand)")
    problems.whole("digits_right", details.digits_right, 0, ALL_DIGITS, "Digits (right hand)")
    problems.whole("needles_in", details.needles_in, 0, 500, "Needles in")
    problems.whole("needles_out", details.needles_out, 0, 500, "Needles out")
    problems.not_before(
        "next_appointment_on",
        details.next_appointment_on,
        session_date,
        "The next appointment cannot be before this session",
    )
    _validate_points(details, problems)
    _validate_channels(details, problems)
    _validate_findings(details, problems)
    _validate_safety(details, problems)
    for index, event in enumerate(details.adverse_events):
        key = f"adverse_events.{index}"
        problems.vocab(f"{key}.kind", event.kind, AdverseEventKind, "Adverse event")
        problems.vocab(f"{key}.severity", event.severity, Severity, "Severity")
        problems.required(
            f"{key}.severity", event.severity, "Severity of the adverse event is required"
        )
        problems.check(
            f"{key}.occurred_at",
            event.occurred_at is None or event.occurred_at.tzinfo is not None,
            "The time needs a time zone",
        )
        problems.text(f"{key}.description", event.description, "Description", LONG_TEXT_LIMIT)
        problems.text(f"{key}.action_taken", event.action_taken, "Action taken", LONG_TEXT_LIMIT)
        problems.text(f"{key}.follow_up", event.follow_up, "Follow-up", LONG_TEXT_LIMIT)
    return problems.fields


def _validate_points(details: SessionDetails, problems: Problems) -> None:
    for index, point in enumerate(details.points):
        key = f"points.{index}"
        problems.check(
            f"{key}.point",
            not (point.point and point.site),
            "Give a library point or a free site, not both",
        )
        problems.check(
            f"{key}.point",
            bool(point.point or point.site),
            "Which point? Type a code, pinyin or a site",
        )
        problems.text(f"{key}.site", point.site, "Site", SHORT_TEXT_LIMIT)
        problems.text(f"{key}.technique", point.technique, "Technique", SHORT_TEXT_LIMIT)
        problems.text(f"{key}.note", point.note, "Point note", LONG_TEXT_LIMIT)
        problems.vocab(f"{key}.side", point.side, Side, "Side")
        problems.vocab(f"{key}.angle", point.angle, NeedleAngle, "Angle")
        problems.required(f"{key}.side", point.side, "Side is required for every point")
        problems.required(f"{key}.needles", point.needles, "Number of needles is required")
        problems.whole(f"{key}.needles", point.needles, 1, 20, "Needles at the point")
        problems.whole(
            f"{key}.gauge_hundredths_mm", point.gauge_hundredths_mm, 10, 60, "Gauge (1/100 mm)"
        )
        problems.whole(f"{key}.length_mm", point.length_mm, 3, 200, "Needle length (mm)")
        problems.whole(f"{key}.depth_tenths_mm", point.depth_tenths_mm, 0, 1500, "Depth (1/10 mm)")
        problems.whole(
            f"{key}.retention_minutes", point.retention_minutes, 0, 180, "Retention (minutes)"
        )


def _validate_channels(details: SessionDetails, problems: Problems) -> None:
    seen: set[int] = set()
    count = len(details.points)
    for index, channel in enumerate(details.channels):
        key = f"channels.{index}"
        problems.check(
            f"{key}.channel",
            channel.channel not in seen,
            f"Channel {channel.channel} is used twice",
        )
        problems.whole(f"{key}.channel", channel.channel, 1, 12, "Channel number")
        seen.add(channel.channel)
        problems.check(
            f"{key}.point_a", _row_of(channel.point_a, count), "Pick one of the needled points"
        )
        problems.check(
            f"{key}.point_b",
            channel.point_a != channel.point_b,
            "A channel joins two different points",
        )
        problems.check(
            f"{key}.point_b", _row_of(channel.point_b, count), "Pick one of the needled points"
        )
        problems.vocab(f"{key}.waveform", channel.waveform, ElectroWaveform, "Waveform")
        problems.whole(
            f"{key}.frequency_low_hz", channel.frequency_low_hz, 1, 200, "Frequency (Hz)"
        )
        high = f"{key}.frequency_high_hz"
        if channel.waveform is ElectroWaveform.DENSE_DISPERSE:
            problems.required(
                high, channel.frequency_high_hz, "Dense-disperse needs the high frequency"
            )
            problems.whole(
                high,
                channel.frequency_high_hz,
                channel.frequency_low_hz,
                200,
                "High frequency (Hz)",
            )
        else:
            problems.check(
                high, channel.frequency_high_hz is None, "Only dense-disperse has a high frequency"
            )
        intensity = f"{key}.intensity_tenths_ma"
        problems.whole(intensity, channel.intensity_tenths_ma, 0, 500, "Intensity (1/10 mA)")
        problems.check(
            intensity,
            not channel.to_tolerance or channel.intensity_tenths_ma is None,
            "Give the intensity or 'to tolerance', not both",
        )
        problems.whole(f"{key}.minutes", channel.minutes, 1, 180, "Minutes")


def _row_of(value: object, count: int) -> bool:
    return isinstance(value, int) and 0 <= value < count


def _validate_findings(details: SessionDetails, problems: Problems) -> None:
    for index, finding in enumerate(details.findings):
        key = f"findings.{index}"
        problems.vocab(f"{key}.test", finding.test, ExamTest, "Test")
        problems.vocab(f"{key}.result", finding.result, ExamResult, "Result")
        problems.check(
            f"{key}.side",
            finding.side in (Side.LEFT, Side.RIGHT),
            "An examination is of the left or the right hand",
        )
        if finding.test is ExamTest.TWO_POINT:
            problems.required(
                f"{key}.digit", finding.digit, "Two-point discrimination is per digit"
            )
        problems.whole(f"{key}.digit", finding.digit, 1, 5, "Digit")
        problems.whole(f"{key}.two_point_mm", finding.two_point_mm, 1, 30, "Two-point (mm)")
        # When several trials are wrong, the last one is named (as it always was).
        for number, value in reversed(list(enumerate(finding.trials, start=1))):
            problems.whole(f"{key}.trials", value, 0, 2000, f"Trial {number} (1/10 kg)")
        problems.check(
            f"{key}.trials",
            len(finding.trials) == 3,
            "Give three trials (leave a missing one empty)",
        )
        problems.check(
            f"{key}.trials",
            finding.test in GRIP_TESTS or all(value is None for value in finding.trials),
            "Trials are for grip and pinch strength",
        )
        problems.whole(
            f"{key}.seconds_to_symptoms", finding.seconds_to_symptoms, 0, 600, "Seconds to symptoms"
        )
        problems.text(f"{key}.note", finding.note, "Finding note", LONG_TEXT_LIMIT)


def _validate_safety(details: SessionDetails, problems: Problems) -> None:
    seen: set[str] = set()
    for answer in details.safety:
        key = f"safety.{answer.code}"
        problems.vocab(key, answer.kind, FindingResolutionKind, "Answer")
        problems.vocab(key, answer.level, FindingLevel, "Level")
        problems.check(
            key,
            bool(answer.code) and answer.code not in seen,
            "Each safety finding is answered once",
        )
        seen.add(answer.code)
        if key in problems:
            continue
        problems.check(
            key,
            answer.kind in ANSWERS_FOR_LEVEL[FindingLevel(answer.level)],
            f"A {answer.level} cannot be answered that way",
        )
        if answer.kind in REASON_NEEDED:
            problems.required(key, answer.reason, REASON_NEEDED[FindingResolutionKind(answer.kind)])
        problems.text(key, answer.reason, "The reason", LONG_TEXT_LIMIT)


def validate_for_signing(details: SessionDetails) -> dict[str, str]:
    """What must still be filled in before the note can be signed (beyond saving rules)."""
    problems = Problems()
    problems.required("complaint", details.complaint, "The complaint is required to sign")
    problems.required("side", details.side, "The side is required to sign")
    problems.required("ended_at", details.ended_at, "The end time is required to sign")
    needles_in, needles_out = details.needles_in, details.needles_out
    problems.required("needles_in", needles_in, "Count the needles in before signing")
    problems.required("needles_out", needles_out, "Count the needles out before signing")
    if needles_in is not None and needles_out is not None and needles_in != needles_out:
        problems.required(
            "needle_search_outcome",
            details.needle_search_outcome,
            f"{needles_in} needles in but {needles_out} out: record the search and its "
            "outcome before signing",
        )
    problems.check(
        "points",
        bool(details.points) or any(getattr(details, name) for name in ADJUNCTS),
        "Record the points needled (or the adjunct given) before signing",
    )
    return problems.fields
