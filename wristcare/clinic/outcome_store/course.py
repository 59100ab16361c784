"""A patient's course of treatment read from storage, for the progress view and the
progress report: every valid score, grip and pinch from the notes' examinations, the
session dates, the hand symptom maps, the points used and the adverse events.

What counts: signed session notes (drafts only when asked for), never a note marked as
entered in error, and scores taken on their own date (a BCTQ sitting without a session).
Scores marked as entered in error are left out: charts and reports never show them.
Plan goals and review dates are passed in, not read here, so this module does not depend
on the shape of the plan tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.labels import MEASURE_SIDES, point_label
from wristcare.clinic.outcomes.goals import Goal
from wristcare.clinic.outcomes.hand_map import Hand, HandMap, build_map, from_plain
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.katz import KatzResult, rate_map
from wristcare.clinic.outcomes.measures import MEASURES, MeasureInfo
from wristcare.clinic.outcomes.progress import PROGRESS_MEASURES, CourseProgress
from wristcare.clinic.outcomes.strength import STRENGTH_INSTRUMENTS, mean_of_trials
from wristcare.db.engine import Database
from wristcare.db.models import (
    AdverseEvent,
    ExamFinding,
    NeedledPoint,
    OutcomeMeasure,
    Patient,
    Practitioner,
    TreatmentSession,
)
from wristcare.db.vocab import Instrument, ScoringRule, SessionStatus, Side

# Every measure a course can show, in the order reports list them: the progress view's
# measures, then pinch strength and an externally obtained QuickDASH score.
COURSE_MEASURES: dict[str, MeasureInfo] = {
    **PROGRESS_MEASURES,
    **{
        i: MEASURES[i].info
        for i in (
            Instrument.PINCH_TIP,
            Instrument.PINCH_KEY,
            Instrument.PINCH_PALMAR,
            Instrument.QUICKDASH_EXTERNAL,
        )
    },
}

# Sides in the order they are shown: whole-person ratings first, then each hand.
SIDE_ORDER = ("none", "bilateral", "left", "right")
SIDE_NAMES: dict[str, str] = {str(side): words for side, words in MEASURE_SIDES.items()}

_STRENGTH_TESTS = frozenset(STRENGTH_INSTRUMENTS)
_HANDS = {Side.LEFT: "left", Side.RIGHT: "right"}


@dataclass(frozen=True)
class DatedHandMap:
    """One hand symptom map as taken, with its Katz rating per hand."""

    taken_on: date
    hand_map: HandMap
    session_id: int | None = None
    hands: tuple[Hand, ...] = (Hand.LEFT, Hand.RIGHT)  # the hands recorded (and not in error)

    @property
    def ratings(self) -> dict[Hand, KatzResult]:
        """The Katz rating of each recorded hand."""
        return {hand: result for hand, result in rate_map(self.hand_map).items()
                if hand in self.hands}  # fmt: skip


@dataclass(frozen=True)
class PatientCourse:
    """A patient's course as read from storage: the valid scores of every measure and
    side (none entered in error), the session dates, the hand maps in date order, the
    plan goals and review dates given by the caller, and the day it is looked at."""

    patient_id: int
    observations: tuple[Observation, ...]
    session_dates: tuple[date, ...] = ()
    hand_maps: tuple[DatedHandMap, ...] = ()
    goals: tuple[Goal, ...] = ()
    review_dates: tuple[date, ...] = ()
    today: date | None = None

    def progress(self, side: str) -> CourseProgress:
        """The course of one side as the progress view and its rules take it."""
        return CourseProgress(
            side=side,
            observations=tuple(o for o in self.observations if o.side == side),
            goals=tuple(g for g in self.goals if g.side == side),
            session_dates=self.session_dates,
            review_dates=self.review_dates,
            today=self.today,
        )

    def sides(self) -> tuple[str, ...]:
        """The sides with at least one score, in display order."""
        present = {o.side for o in self.observations}
        return tuple(side for side in SIDE_ORDER if side in present)

    def measures(self) -> list[tuple[str, str]]:
        """(measure, side) pairs with at least one valid score, in report order; the
        Global Symptom Score appears when some day has all five ratings."""
        pairs = []
        for side in self.sides():
            course = self.progress(side)
            for code in COURSE_MEASURES:
                if course.series(code):
                    pairs.append((code, side))
        order = {code: index for index, code in enumerate(COURSE_MEASURES)}
        return sorted(pairs, key=lambda pair: (order[pair[0]], SIDE_ORDER.index(pair[1])))

    def series(self, measure: str, side: str) -> list[Observation]:
        """The valid scores of one measure and side in date order (the GSS derived)."""
        return self.progress(side).series(measure)


@dataclass(frozen=True)
class PointUse:
    """How often a point was needled over the course: the number of sessions it was used
    in and the first and last of them. ``label`` is the point's code, or the site written
    for a point outside the library."""

    label: str
    sessions: int
    first_on: date
    last_on: date


@dataclass(frozen=True)
class CourseAdverseEvent:
    """An adverse event recorded in one of the course's session notes."""

    session_id: int
    session_on: date
    occurred_at: datetime
    kind: str
    severity: str | None
    serious: bool
    description: str
    action_taken: str
    follow_up: str


def _counted_sessions(include_drafts: bool) -> ColumnElement[bool]:
    statuses = [SessionStatus.SIGNED] + ([SessionStatus.DRAFT] if include_drafts else [])
    return TreatmentSession.status.in_(statuses)


def _course_sessions(db: DbSession, patient_id: int, include_drafts: bool) -> dict[int, date]:
    rows = db.execute(
        select(TreatmentSession.id, TreatmentSession.local_date).where(
            TreatmentSession.patient_id == patient_id, _counted_sessions(include_drafts)
        )
    )
    return {row.id: row.local_date for row in rows}


def _value(instrument: str, score: Decimal) -> Decimal | int:
    # The 0-10 ratings are whole numbers: shown as "7", not "7.00".
    if instrument.startswith("nrs_"):
        return int(score)
    return score.quantize(Decimal("0.01"))


def _score_rows(db: DbSession, patient_id: int, sessions: dict[int, date]) -> list[OutcomeMeasure]:
    rows = db.scalars(
        select(OutcomeMeasure)
        .where(
            OutcomeMeasure.patient_id == patient_id,
            OutcomeMeasure.entered_in_error_at.is_(None),
            or_(
                OutcomeMeasure.session_id.is_(None),
                OutcomeMeasure.session_id.in_(list(sessions)),
            ),
        )
        .order_by(OutcomeMeasure.taken_on, OutcomeMeasure.recorded_at, OutcomeMeasure.id)
    ).all()
    return list(rows)


def _observations(rows: Iterable[OutcomeMeasure]) -> list[Observation]:
    found = []
    for row in rows:
        code = str(row.instrument)
        if row.instrument is Instrument.KATZ or row.score is None:
            continue
        # A BCTQ sum is another metric; charts and thresholds are on the mean.
        if code.startswith("bctq_") and row.scoring_rule is not ScoringRule.BCTQ_MEAN_V1:
            continue
        found.append(Observation(code, str(row.side), row.taken_on, _value(code, row.score)))
    return found


def _strength_from_findings(
    db: DbSession, sessions: dict[int, date], stored: set[tuple[int, str, str]]
) -> list[Observation]:
    """Grip and pinch means from the notes' examinations, unless an outcome row already
    holds the same session, measure and hand (a finding with fewer than three trials has
    no mean and is left out)."""
    if not sessions:
        return []
    findings = db.scalars(
        select(ExamFinding)
        .where(
            ExamFinding.session_id.in_(list(sessions)),
            ExamFinding.test.in_(list(_STRENGTH_TESTS)),
        )
        .order_by(ExamFinding.id)
    ).all()
    found = []
    for finding in findings:
        hand = _HANDS.get(finding.side)
        given = (finding.trial_1, finding.trial_2, finding.trial_3)
        trials = tuple(trial for trial in given if trial is not None)
        code = str(finding.test)
        if hand is None or len(trials) < 3 or (finding.session_id, code, hand) in stored:
            continue
        try:
            result = mean_of_trials(code, trials)
        except ValidationError:
            continue  # out of the measurable range: not a score to chart
        found.append(Observation(code, hand, sessions[finding.session_id], result.mean_kg))
    return found


def _hand_maps(rows: Iterable[OutcomeMeasure]) -> list[DatedHandMap]:
    """The maps of the Katz rows: the rows of one sitting (one per hand, sharing an
    administration id) are joined into one map; a row without an id is a sitting alone."""
    sittings: dict[object, list[OutcomeMeasure]] = {}
    for row in rows:
        if row.instrument is Instrument.KATZ:
            key = row.administration_id or ("row", row.id)
            sittings.setdefault(key, []).append(row)
    maps = []
    for group in sittings.values():
        marks = [mark for row in group for mark in from_plain(row.answers).marks]
        hands = {Hand(str(row.side)) for row in group if str(row.side) in set(Hand)}
        if not hands:  # a map stored whole, for both hands
            hands = set(Hand)
        maps.append(
            DatedHandMap(
                taken_on=group[0].taken_on,
                hand_map=build_map(marks),
                session_id=group[0].session_id,
                hands=tuple(hand for hand in Hand if hand in hands),
            )
        )
    return maps


def load_course(
    database: Database,
    patient_id: int,
    *,
    goals: Sequence[Goal] = (),
    review_dates: Sequence[date] = (),
    today: date | None = None,
    include_drafts: bool = False,
) -> PatientCourse:
    """The patient's course: every score not entered in error from signed notes (and
    drafts when ``include_drafts``) or taken on its own date, grip and pinch means from
    the notes' examinations when they are not stored as scores, the session dates and
    the hand maps. ``goals`` and ``review_dates`` come from the plan, read by the caller.
    A stored hand map that cannot be read raises ``ValidationError``."""
    with database.read() as db:
        return read_course(db, patient_id, goals=goals, review_dates=review_dates,
                           today=today, include_drafts=include_drafts)  # fmt: skip


def read_course(
    db: DbSession,
    patient_id: int,
    *,
    goals: Sequence[Goal] = (),
    review_dates: Sequence[date] = (),
    today: date | None = None,
    include_drafts: bool = False,
) -> PatientCourse:
    """``load_course`` inside the caller's read."""
    sessions = _course_sessions(db, patient_id, include_drafts)
    rows = _score_rows(db, patient_id, sessions)
    observations = _observations(rows)
    stored = {(o_row.session_id, str(o_row.instrument), str(o_row.side)) for o_row in rows
              if o_row.session_id is not None}  # fmt: skip
    observations += _strength_from_findings(db, sessions, stored)
    maps = _hand_maps(rows)
    observations.sort(key=lambda o: o.taken_on)  # stable: same-day order kept
    return PatientCourse(
        patient_id=patient_id,
        observations=tuple(observations),
        session_dates=tuple(sorted(set(sessions.values()))),
        hand_maps=tuple(sorted(maps, key=lambda m: m.taken_on)),
        goals=tuple(goals),
        review_dates=tuple(sorted(review_dates)),
        today=today,
    )


def points_used(
    database: Database, patient_id: int, *, include_drafts: bool = False
) -> list[PointUse]:
    """Each point needled over the course (signed notes; drafts when asked), with the
    number of sessions it was used in: most used first, then by code. A point needled on
    both sides, or twice in one session, counts once for that session."""
    with database.read() as db:
        return read_points_used(db, patient_id, include_drafts=include_drafts)


def read_points_used(
    db: DbSession, patient_id: int, *, include_drafts: bool = False
) -> list[PointUse]:
    """``points_used`` inside the caller's read."""
    rows = db.execute(
        select(NeedledPoint.session_id, NeedledPoint.point_code, NeedledPoint.site,
               TreatmentSession.local_date)
        .join(TreatmentSession, TreatmentSession.id == NeedledPoint.session_id)
        .where(TreatmentSession.patient_id == patient_id, _counted_sessions(include_drafts))
    ).all()  # fmt: skip
    seen: set[tuple[int, str]] = set()
    counts: Counter[str] = Counter()
    first: dict[str, date] = {}
    last: dict[str, date] = {}
    for session_id, code, site, day in rows:
        label = point_label(code, site)
        if not label or (session_id, label) in seen:
            continue
        seen.add((session_id, label))
        counts[label] += 1
        first[label] = min(first.get(label, day), day)
        last[label] = max(last.get(label, day), day)
    return [
        PointUse(label, count, first[label], last[label])
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def course_adverse_events(
    database: Database, patient_id: int, *, include_drafts: bool = False
) -> list[CourseAdverseEvent]:
    """Every adverse event recorded in the course's notes (signed; drafts when asked),
    oldest first."""
    with database.read() as db:
        return read_adverse_events(db, patient_id, include_drafts=include_drafts)


def read_adverse_events(
    db: DbSession, patient_id: int, *, include_drafts: bool = False
) -> list[CourseAdverseEvent]:
    """``course_adverse_events`` inside the caller's read."""
    rows = db.execute(
        select(AdverseEvent, TreatmentSession.local_date)
        .join(TreatmentSession, TreatmentSession.id == AdverseEvent.session_id)
        .where(TreatmentSession.patient_id == patient_id, _counted_sessions(include_drafts))
        .order_by(AdverseEvent.occurred_at, AdverseEvent.id)
    ).all()
    return [
        CourseAdverseEvent(
            session_id=event.session_id,
            session_on=day,
            occurred_at=event.occurred_at,
            kind=str(event.kind),
            severity=str(event.severity) if event.severity is not None else None,
            serious=event.serious,
            description=event.description,
            action_taken=event.action_taken,
            follow_up=event.follow_up,
        )
        for event, day in rows
    ]


@dataclass(frozen=True)
class CoursePatient:
    """Who a progress report is about: the patient's identifying details and referrer."""

    id: int
    record_number: str
    name: str
    date_of_birth: date | None
    referring_clinician: str


def read_course_patient(db: DbSession, patient_id: int) -> CoursePatient:
    """The patient a course is about, inside the caller's read; ``NotFoundError`` if
    there is no such patient."""
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return CoursePatient(
        id=patient.id,
        record_number=patient.record_number,
        name=patient.name,
        date_of_birth=patient.date_of_birth,
        referring_clinician=patient.referring_clinician_name,
    )


def latest_signer(db: DbSession, patient_id: int) -> tuple[int | None, str]:
    """The id of the practitioner who signed the patient's latest signed note and the
    name they signed with ((None, "") when no note is signed)."""
    signer = db.execute(
        select(TreatmentSession.signed_by_id, TreatmentSession.signed_by_name, Practitioner.name)
        .join(Practitioner, Practitioner.id == TreatmentSession.signed_by_id)
        .where(TreatmentSession.patient_id == patient_id,
               TreatmentSession.status == SessionStatus.SIGNED)
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
        .limit(1)
    ).first()  # fmt: skip
    if signer is None:
        return None, ""
    return signer.signed_by_id, signer.signed_by_name or signer.name
