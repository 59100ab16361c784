"""Invented courses of treatment for demo databases, written through the note use cases.

Protocols and parameters follow clinical.md §5 (carpal tunnel trials); scores improve
noisily over the course, as they do in practice, and some weeks go backwards.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import (
    AdverseEventDetails,
    ChannelDetails,
    FindingDetails,
    PointDetails,
)
from wristcare.clinic.sessions.details import (
    COMMON_PATTERNS,
    SafetyAnswer,
    SessionDetails,
    digits_mask,
)
from wristcare.clinic.sessions.drafts import _last_prescription, _save_draft, _start_draft
from wristcare.clinic.sessions.safety import note_findings, read_safety_facts
from wristcare.clinic.sessions.signing import _add_addendum, _add_correction, _sign_session
from wristcare.db.engine import Database
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

# (points, electro pairs as index pairs into the points) from clinical.md §5.
PROTOCOLS = (
    (("PC7", "PC6"), ()),  # Yang 2009: PC7 + PC6, 0.25 x 40 mm, de qi, 30 min
    (("TE5", "PC7", "SI4", "LI5"), ((0, 1), (2, 3))),  # Hong Kong 2016 RCT pairs
    (("PC7", "TE5", "LI4"), ((0, 1),)),  # Maeda 2017: PC7-TE5
    (("PC7", "PC6", "LI4", "TE5", "LI5"), ()),  # the five most used points
)
COMPLAINTS = (
    "Numbness in thumb and first two fingers, worse at night",
    "Tingling in the fingers when typing; wakes with the hand asleep",
    "Aching wrist and pins and needles after long shifts",
    "Drops things; fingers feel thick in the morning",
)
TONGUE_BODY = ("Pale", "Pale red", "Red", "Purplish", "Pale, swollen")
TONGUE_COATING = ("Thin white", "Thin yellow", "Greasy white", "Scanty")
TONGUE_SHAPE = ("Normal", "Tooth-marked", "Thin", "Swollen")
PULSES = ("Wiry", "Thin", "Choppy", "Slippery", "Deep, weak", "Thin, wiry")
RESPONSES = (
    "Relaxed; tingling eased during retention",
    "Strong de qi at PC7; no adverse reaction",
    "Slept during retention; hand warmer afterwards",
    "Felt heavy arm for a few minutes after removal",
)
ADVICE = (
    "Neutral-wrist night splint; tendon gliding 3 times a day",
    "Breaks from the keyboard every 30 minutes; wrist neutral",
    "Keep the splint on at night; avoid sleeping on the hand",
)
# What the invented practitioner writes when proceeding past a caution or a stop.
PROCEED_REASONS = {
    "HISTORY-MISSING": "Health history taken verbally today; form to be completed next visit",
    "PREG-AVOID": "Discussed with the patient; gentle stimulation, short retention",
    "PREG-CAUTION": "Discussed with the patient; gentle stimulation, short retention",
    "BLEED-NEEDLE": "INR stable; fine needles, shallow, pressure after removal",
    "HERB-BLEED": "Advised to ask the GP about the supplement; fine shallow needling",
    "DIABETES-DISTAL": "Sensation and skin checked; strict clean technique",
    "SITE-SKIN": "Site checked: the points avoid the affected skin",
    "SITE-METAL": "Points placed away from the plate; no current across it",
    "THORAX-DEPTH": "Oblique, shallow insertion",
}
OVERRIDE_REASONS = {
    "CONSENT-MISSING": "Verbal consent given today; written form to be signed next visit",
    "MINOR-NO-GUARDIAN": "Parent present and agreed; consent form to follow",
    "LYMPH-LIMB": "Discussed with the patient and her nurse; one fine needle, well controlled",
}
INTERVALS_EARLY = (3, 4)  # twice a week for about three weeks
INTERVAL_LATER = 7  # then weekly


@dataclass(frozen=True)
class DemoCourse:
    sessions: int
    signed: int
    amendments: int


def _acting_at(ctx: ClinicContext, moment: datetime) -> ClinicContext:
    """The same practitioner and clinic, with the clock stopped at ``moment``."""
    return replace(ctx, clock=lambda: moment)


def _moment(ctx: ClinicContext, day: date, rng: random.Random) -> datetime:
    local = datetime.combine(day, time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])))
    return local.replace(tzinfo=ctx.tz)


def _scores(baseline: dict, progress: float, rng: random.Random) -> dict:
    """Each scale falls towards about 40% of its baseline over the course, noisily."""
    scores = {}
    for instrument, start in baseline.items():
        expected = start * (1 - 0.6 * progress)
        scores[instrument] = max(0, min(10, round(expected + rng.uniform(-1.2, 1.2))))
    return scores


def _points(
    protocol: tuple, side: Side, rng: random.Random
) -> tuple[list[PointDetails], list[ChannelDetails]]:
    codes, pairs = protocol
    bilateral = side is Side.BILATERAL
    points = [
        PointDetails(
            point=code,
            side=side,
            needles=2 if bilateral else 1,
            gauge_hundredths_mm=rng.choice([20, 25, 25, 30]),
            length_mm=rng.choice([25, 40, 40]),
            depth_tenths_mm=rng.choice([50, 80, 100, 120]),
            angle=rng.choice([NeedleAngle.PERPENDICULAR, NeedleAngle.OBLIQUE]),
            technique=rng.choice(["Even", "Even", "Reducing", "Lift and thrust"]),
            de_qi=rng.random() < 0.85,
            retention_minutes=rng.choice([20, 25, 30, 30]),
        )
        for code in codes
    ]
    channels = [
        ChannelDetails(
            channel=number,
            point_a=a,
            point_b=b,
            waveform=rng.choice([ElectroWaveform.CONTINUOUS, ElectroWaveform.DENSE_DISPERSE]),
            frequency_low_hz=2,
            intensity_tenths_ma=None,
            to_tolerance=True,
            minutes=20,
        )
        for number, (a, b) in enumerate(pairs, start=1)
    ]
    for channel in channels:
        if channel.waveform is ElectroWaveform.DENSE_DISPERSE:
            channel.frequency_high_hz = 100
    return points, channels


def _findings(side: Side, progress: float, rng: random.Random) -> list[FindingDetails]:
    hands = (Side.LEFT, Side.RIGHT) if side is Side.BILATERAL else (side,)
    findings = []
    for hand in hands:
        positive = rng.random() > progress * 0.8
        findings += [
            FindingDetails(
                test=ExamTest.PHALEN,
                side=hand,
                result=ExamResult.POSITIVE if positive else ExamResult.NEGATIVE,
                seconds_to_symptoms=rng.randint(15, 50) if positive else None,
            ),
            FindingDetails(
                test=ExamTest.TINEL,
                side=hand,
                result=rng.choice([ExamResult.POSITIVE, ExamResult.NEGATIVE]),
            ),
            FindingDetails(
                test=ExamTest.GRIP,
                side=hand,
                trials=(rng.randint(180, 300), rng.randint(180, 300), rng.randint(180, 300)),
            ),
            FindingDetails(
                test=ExamTest.TWO_POINT, side=hand, digit=2, two_point_mm=rng.randint(3, 7)
            ),
        ]
    return findings


def _answer_safety(db: DbSession, patient_id: int, day: date, details: SessionDetails) -> None:
    """Answer the safety findings as a practitioner would: no current for a patient with
    an implanted device or without electroacupuncture consent (a changed treatment), a
    reason for every other stop and caution."""
    facts = read_safety_facts(db, patient_id, day)
    findings = note_findings(facts, details)
    electro_stop = [
        f
        for f in findings
        if f.level == "stop" and (f.code == "DEVICE-EA" or "electroacupuncture" in f.explanation)
    ]
    details.safety = []
    if electro_stop and details.channels:
        details.channels = []
        details.safety = [
            SafetyAnswer(f.code, FindingLevel(f.level), f.title, f.explanation, f.source,
                         FindingResolutionKind.CHANGED_TREATMENT)
            for f in electro_stop
        ]  # fmt: skip
        findings = note_findings(facts, details)
    for finding in findings:
        if finding.level == "stop":
            kind, reason = (
                FindingResolutionKind.OVERRIDDEN,
                OVERRIDE_REASONS.get(
                    finding.code, "Discussed with the patient; benefit outweighs the risk"
                ),
            )
        elif finding.level == "caution":
            kind, reason = (
                FindingResolutionKind.PROCEEDED,
                PROCEED_REASONS.get(
                    finding.code, "Discussed with the patient; proceeding with care"
                ),
            )
        else:
            continue
        details.safety = [a for a in details.safety if a.code != finding.code]
        details.safety.append(
            SafetyAnswer(finding.code, FindingLevel(finding.level), finding.title,
                         finding.explanation, finding.source, kind, reason)
        )  # fmt: skip


def add_demo_course(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    rng: random.Random,
    first_day: date,
) -> DemoCourse:
    """Write an invented course of 4-16 sessions for a patient from ``first_day`` until
    the clinic's today (never in the future), through the real use cases: drafts, signing
    into the patient's chain, a few addenda and corrections, the newest sometimes left
    as a draft. All of it or none: one transaction."""
    with database.transaction() as db:
        return _add_demo_course(db, ctx, patient_id, rng, first_day)


def _add_demo_course(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    rng: random.Random,
    first_day: date,
) -> DemoCourse:
    planned = rng.randint(4, 16)
    side = rng.choice([Side.RIGHT, Side.RIGHT, Side.LEFT, Side.BILATERAL])
    protocol = rng.choice(PROTOCOLS)
    complaint = rng.choice(COMPLAINTS)
    pattern = rng.choice(COMMON_PATTERNS)
    baseline = {instrument: rng.randint(3, 9) for instrument in SYMPTOM_SCALES}
    severity = rng.choice([Severity.MILD, Severity.MODERATE, Severity.MODERATE, Severity.SEVERE])
    days: list[date] = []
    day = first_day
    while len(days) < planned and day <= ctx.today():
        days.append(day)
        early = len(days) < 6
        day += timedelta(days=rng.choice(INTERVALS_EARLY) if early else INTERVAL_LATER)
    signed = amendments = 0
    for index, day in enumerate(days):
        start = _moment(ctx, day, rng)
        end = start + timedelta(minutes=rng.choice([30, 45, 45, 60]))
        at_end = _acting_at(ctx, end)
        progress = index / max(len(days) - 1, 1)
        note = _start_draft(db, at_end, patient_id, started_at=start)
        details = note.to_details()
        previous = _last_prescription(db, patient_id, before_session_id=note.id)
        if previous is not None and rng.random() < 0.8:
            previous.apply_to(details)
        else:
            details.points, details.channels = _points(protocol, side, rng)
            details.needles_in = details.needles_from_points()
        details.ended_at = end
        details.complaint = complaint if index == 0 else f"Follow-up: {complaint.lower()}"
        details.side = side
        details.scores = _scores(baseline, progress, rng)
        hand = digits_mask(1, 2, 3) if rng.random() < 0.7 else digits_mask(1, 2, 3, 4)
        details.digits_right = hand if side in (Side.RIGHT, Side.BILATERAL) else 0
        details.digits_left = hand if side in (Side.LEFT, Side.BILATERAL) else 0
        details.provoking = rng.choice(["Typing", "Driving", "Gripping tools", "Phone use"])
        details.easing = rng.choice(["Shaking the hand", "Rest", "Warmth", "The night splint"])
        if index % 4 == 0:
            details.findings = _findings(side, progress, rng)
        details.tongue_body = rng.choice(TONGUE_BODY)
        details.tongue_coating = rng.choice(TONGUE_COATING)
        details.tongue_shape = rng.choice(TONGUE_SHAPE)
        details.pulse_overall = rng.choice(PULSES)
        details.pattern = pattern
        details.severity = severity
        details.working_diagnosis = "Carpal tunnel syndrome"
        details.differentials = "Cervical radiculopathy; cubital tunnel" if index == 0 else ""
        details.moxibustion = rng.random() < 0.2
        details.heat_lamp = rng.random() < 0.3
        details.needles_out = details.needles_in
        if rng.random() < 0.03 and details.needles_in:
            details.needles_out = details.needles_in - 1
            details.needle_search_outcome = "Searched couch, gown and floor; found on the couch"
        if rng.random() < 0.08:
            details.adverse_events = [
                AdverseEventDetails(
                    kind=AdverseEventKind.BRUISING,
                    severity=Severity.MILD,
                    description="Small bruise at PC6",
                    action_taken="Pressure for one minute",
                    follow_up="Checked at the next visit: resolved",
                )
            ]
        details.response = rng.choice(RESPONSES)
        details.advice = rng.choice(ADVICE)
        details.next_appointment_on = days[index + 1] if index + 1 < len(days) else None
        _answer_safety(db, patient_id, day, details)
        note = _save_draft(db, at_end, note.id, details, note.version)
        # The newest note may still be being written, but only if it is from this week:
        # a draft months old would be a note nobody finished, which a clinic does not have.
        recent = (ctx.today() - day).days <= 7
        if index == len(days) - 1 and recent and rng.random() < 0.6:
            break
        note = _sign_session(db, at_end, note.id, note.version)
        signed += 1
        later = _acting_at(ctx, min(end + timedelta(days=1), ctx.now()))
        if rng.random() < 0.12:
            _add_addendum(db, later, note.id, "Phoned the next day: symptoms eased overnight")
            amendments += 1
        elif rng.random() < 0.05:
            _add_correction(
                db,
                later,
                note.id,
                field="advice",
                new_value="Night splint only; tendon gliding starts next week",
                reason="Advice recorded before the plan was agreed",
            )
            amendments += 1
    return DemoCourse(sessions=len(days), signed=signed, amendments=amendments)
