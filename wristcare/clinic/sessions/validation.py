"""The pure rules a note must meet to be saved (``validate_session``) and to be signed
(``validate_for_signing``), written on the validation kit (clinic.validation)."""

from __future__ import annotations

from datetime import date, timedelta

from wristcare.clinic.safety.resolution import (
    ANSWERS_FOR_LEVEL,
    REASON_NEEDED,
)
from wristcare.clinic.sessions.details import (
    ADJUNCTS,
    ALL_DIGITS,
    SCORE_LABELS,
    TEXT_FIELDS,
    SessionDetails,
)
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.clinic.validation import Problems
from wristcare.db.vocab import (
    SYMPTOM_SCALES,
    AdverseEventKind,
    ElectroWaveform,
    ExamResult,
    ExamTest,
    FindingLevel,
    FindingResolutionKind,
    NeedleAngle,
    Severity,
    Side,
)

MAX_DURATION_MINUTES = 600
GRIP_TESTS = (ExamTest.GRIP, ExamTest.PINCH_TIP, ExamTest.PINCH_KEY, ExamTest.PINCH_PALMAR)


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
