"""The session note as it is read back (frozen views), and the editable copy a draft's
form is filled from."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from wristcare.clinic.labels import point_label
from wristcare.clinic.sessions.details import (
    AdverseEventDetails,
    ChannelDetails,
    FindingDetails,
    PointDetails,
    SafetyAnswer,
    SessionDetails,
)
from wristcare.db.vocab import (
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

if TYPE_CHECKING:  # typeshed's name for "an instance of a dataclass"
    from _typeshed import DataclassInstance


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
        """When the session ended (None while its length is not recorded)."""
        if self.duration_minutes is None:
            return None
        return self.started_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_draft(self) -> bool:
        """Whether the note is still a draft (not signed, not entered in error)."""
        return self.status is SessionStatus.DRAFT

    @property
    def score_map(self) -> dict[Instrument, int]:
        """The 0-10 ratings by scale."""
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


_Editable = TypeVar("_Editable", bound="DataclassInstance")


def _editable(details: type[_Editable], view: object) -> _Editable:
    # The view and its editable form share their field names: copy each across.
    values = {f.name: getattr(view, f.name) for f in fields(details)}
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
    """The editable form of an electroacupuncture channel (a draft's form, a follow-up)."""
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
