"""Recording outcome scores: a BCTQ sitting, a hand symptom map with its Katz rating per
hand, an externally obtained QuickDASH score; and marking a score entered in error.

Each use case is one transaction with its audit entry. Scores are never deleted: a wrong
one is marked with the reason, and the charts and reports leave it out. A score is
attached to a treatment session (it takes the session's date) or stands on its own date;
a date after the clinic's today is refused.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.outcomes.bctq import BctqScore, answers_to_plain
from wristcare.clinic.outcomes.bctq_entry import BctqSitting, validate_taken_on
from wristcare.clinic.outcomes.hand_map import Hand, HandMap, build_map, to_plain
from wristcare.clinic.outcomes.katz import rate_map
from wristcare.clinic.text import SHORT_TEXT_LIMIT, clean, text_problem
from wristcare.clinic.validation import Problems
from wristcare.db.engine import Database
from wristcare.db.models import OutcomeMeasure, Patient, TreatmentSession
from wristcare.db.vocab import (
    SYMPTOM_SCALES,
    Instrument,
    KatzCategory,
    MeasureSide,
    ScoringRule,
    SessionStatus,
)

REASON_LIMIT = 500
QUICKDASH_HIGHEST = Decimal(100)
_QUICKDASH_RANGE = "Enter the QuickDASH score as a number from 0 to 100."
ENTITY = "outcome_measure"
INSTRUMENT_NAMES = {
    Instrument.BCTQ_SSS: "BCTQ symptom severity",
    Instrument.BCTQ_FSS: "BCTQ functional status",
    Instrument.KATZ: "hand symptom map",
    Instrument.QUICKDASH_EXTERNAL: "QuickDASH",
}
# The sides a BCTQ may be answered for: the whole person, or one hand.
BCTQ_SIDES = (MeasureSide.NONE, MeasureSide.LEFT, MeasureSide.RIGHT)


@dataclass(frozen=True)
class RecordedScore:
    """One stored score as the use cases hand it back."""

    id: int
    patient_id: int
    session_id: int | None
    instrument: Instrument
    side: MeasureSide
    taken_on: date
    score: Decimal | None
    category: KatzCategory | None
    scoring_rule: ScoringRule
    administration_id: str | None
    source: str
    entered_in_error_at: datetime | None
    entered_in_error_reason: str


def _recorded(row: OutcomeMeasure) -> RecordedScore:
    return RecordedScore(
        id=row.id,
        patient_id=row.patient_id,
        session_id=row.session_id,
        instrument=Instrument(row.instrument),
        side=MeasureSide(row.side),
        taken_on=row.taken_on,
        score=row.score,
        category=None if row.category is None else KatzCategory(row.category),
        scoring_rule=ScoringRule(row.scoring_rule),
        administration_id=row.administration_id,
        source=row.source,
        entered_in_error_at=row.entered_in_error_at,
        entered_in_error_reason=row.entered_in_error_reason,
    )


def _patient(db: DbSession, patient_id: int) -> Patient:
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("This patient no longer exists")
    if patient.archived_at is not None:
        raise ValidationError({"patient": "This patient is archived: restore them to add scores."})
    return patient


def _taken_on(
    db: DbSession, ctx: ClinicContext, patient_id: int, session_id: int | None, taken_on: date
) -> date:
    """The date of the score: the session's date when attached to one."""
    if session_id is None:
        return validate_taken_on(taken_on, ctx.today())
    session = db.get(TreatmentSession, session_id)
    if session is None or session.patient_id != patient_id:
        raise NotFoundError("This session note no longer exists")
    if session.status is SessionStatus.ENTERED_IN_ERROR:
        raise ValidationError({"session": "This session note was entered in error."})
    return validate_taken_on(session.local_date, ctx.today())


def _check_free(
    db: DbSession, session_id: int | None, instrument: Instrument, side: MeasureSide
) -> None:
    """A session holds one score in use per instrument and side (the database says so
    too; this says it in words before it comes to that)."""
    if session_id is None:
        return
    taken = db.scalar(
        select(OutcomeMeasure.id).where(
            OutcomeMeasure.session_id == session_id,
            OutcomeMeasure.instrument == instrument,
            OutcomeMeasure.side == side,
            OutcomeMeasure.entered_in_error_at.is_(None),
        )
    )
    if taken is not None:
        raise ValidationError(
            {
                "session": f"This session already has a {INSTRUMENT_NAMES[instrument]} score. "
                "Mark that one entered in error first if it is wrong."
            }
        )


def _row(
    ctx: ClinicContext,
    patient_id: int,
    session_id: int | None,
    instrument: Instrument,
    side: MeasureSide,
    taken_on: date,
    rule: ScoringRule,
    answers: dict,
    **values: object,
) -> OutcomeMeasure:
    return OutcomeMeasure(
        patient_id=patient_id,
        session_id=session_id,
        instrument=instrument,
        side=side,
        taken_on=taken_on,
        scoring_rule=rule,
        answers=answers,
        recorded_by_id=ctx.actor.practitioner_id,
        recorded_by_name=ctx.actor.name,
        recorded_at=ctx.now(),
        source=values.pop("source", ""),
        **values,
    )


def _store(
    db: DbSession, ctx: ClinicContext, rows: list[OutcomeMeasure]
) -> tuple[RecordedScore, ...]:
    # One sitting's rows (a BCTQ's two scales, a hand map per hand) land together, each
    # with its own audit entry.
    db.add_all(rows)
    db.flush()
    for row in rows:
        _audit_created(db, ctx, row)
    return tuple(_recorded(row) for row in rows)


def _audit_created(db: DbSession, ctx: ClinicContext, row: OutcomeMeasure) -> None:
    audit.record(
        db,
        ctx,
        action="create",
        entity=ENTITY,
        entity_id=row.id,
        patient_id=row.patient_id,
        changes={
            "instrument": str(row.instrument),
            "side": str(row.side),
            "taken_on": row.taken_on.isoformat(),
            "session_id": row.session_id,
            "score": None if row.score is None else str(row.score),
            "category": None if row.category is None else str(row.category),
            "scoring_rule": str(row.scoring_rule),
            "administration_id": row.administration_id,
            "source": row.source,
        },
    )


def _scales_to_store(sitting: BctqSitting) -> list[BctqScore]:
    """The scales of a sitting that are stored: every scale with an answer. A scale with
    answers below the minimum is refused (its answers would be lost); a scale left
    wholly blank was not given."""
    result = sitting.result
    problems: dict[str, str] = {}
    stored = []
    for score in (result.symptoms, result.function):
        if score.answered == 0:
            continue
        if score.mean is None:
            problems[str(score.scale)] = (
                f"{score.reason} Answer more items, or clear this scale to save the other alone."
            )
        else:
            stored.append(score)
    if problems:
        raise ValidationError(problems)
    if not stored:
        raise ValidationError({"bctq": "No item is answered: there is nothing to save."})
    return stored


def record_bctq(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    sitting: BctqSitting,
    *,
    session_id: int | None = None,
    side: MeasureSide = MeasureSide.NONE,
) -> tuple[RecordedScore, ...]:
    """Record one BCTQ sitting: a row per answered scale (mean score, rule
    ``bctq_mean_v1``, the item answers kept), sharing one administration id.

    Scored with the clinic's minimum of answered items (the clinic setting, not the
    form's). ``side`` is the hand the questionnaire was answered for, or ``none``.
    Attached to ``session_id`` it takes the session's date; otherwise ``sitting.taken_on``,
    which may not be after today."""
    side = MeasureSide(side)
    if side not in BCTQ_SIDES:
        raise ValidationError({"side": "A BCTQ is answered for the left hand, the right hand "
                                       "or the patient as a whole."})  # fmt: skip
    with database.transaction() as db:
        _patient(db, patient_id)
        taken_on = _taken_on(db, ctx, patient_id, session_id, sitting.taken_on)
        minimum = read_clinic_settings(db).outcomes.bctq_minimum
        scores = _scales_to_store(replace(sitting, taken_on=taken_on, minimum=minimum))
        administration = str(uuid.uuid4())
        rows = []
        for score in scores:
            instrument = Instrument(str(score.scale))
            _check_free(db, session_id, instrument, side)
            rows.append(
                _row(
                    ctx,
                    patient_id,
                    session_id,
                    instrument,
                    side,
                    taken_on,
                    ScoringRule.BCTQ_MEAN_V1,
                    answers_to_plain(score),
                    score=score.mean,
                    administration_id=administration,
                )  # fmt: skip
            )
        return _store(db, ctx, rows)


def record_hand_map(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    hand_map: HandMap,
    taken_on: date,
    *,
    session_id: int | None = None,
) -> tuple[RecordedScore, ...]:
    """Record a hand symptom map: one ``katz`` row per hand with its Katz rating (rule
    ``katz_1990``) and that hand's marks, both rows sharing one administration id. A hand
    left clear is rated too (unlikely): a clear hand is a finding."""
    if not isinstance(hand_map, HandMap):
        raise ValidationError({"hand_map": "The symptom map cannot be read."})
    hand_map = build_map(hand_map.marks)  # checked like fresh input, however it was made
    with database.transaction() as db:
        _patient(db, patient_id)
        taken_on = _taken_on(db, ctx, patient_id, session_id, taken_on)
        administration = str(uuid.uuid4())
        ratings = rate_map(hand_map)
        rows = []
        for hand in Hand:
            side = MeasureSide(str(hand))
            _check_free(db, session_id, Instrument.KATZ, side)
            marks = to_plain(HandMap(hand_map.marks_on(hand)))
            rows.append(
                _row(
                    ctx,
                    patient_id,
                    session_id,
                    Instrument.KATZ,
                    side,
                    taken_on,
                    ScoringRule.KATZ_1990,
                    marks,
                    category=KatzCategory(str(ratings[hand].rating)),
                    administration_id=administration,
                )  # fmt: skip
            )
        return _store(db, ctx, rows)


def parse_quickdash(text: str) -> Decimal:
    """A QuickDASH score as typed ("27.3", "27,3"), checked: 0-100, at most 2 decimals."""
    problem = {"score": _QUICKDASH_RANGE}
    cleaned = clean(text).replace(",", ".") if isinstance(text, str) else ""
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(problem) from None
    return validate_quickdash(value)


def validate_quickdash(score: Decimal | int) -> Decimal:
    """An external QuickDASH score, checked: 0-100 with at most 2 decimals."""
    problems = Problems()
    value = _quickdash(score, problems)
    if value is None:
        raise ValidationError(problems.fields)
    return value


def _quickdash(score: object, problems: Problems) -> Decimal | None:
    # The score as a Decimal, or None with the problem under "score". Not the kit's
    # ``decimal``: the score has its own range and words, shown as they always were.
    if isinstance(score, bool) or not isinstance(score, Decimal | int):
        problems.add("score", _QUICKDASH_RANGE)
        return None
    value = Decimal(score)
    if not problems.check(
        "score", value.is_finite() and 0 <= value <= QUICKDASH_HIGHEST, _QUICKDASH_RANGE
    ):
        return None
    if not problems.check(
        "score",
        value == value.quantize(Decimal("0.01")),
        "Give the QuickDASH score to at most 2 decimals.",
    ):
        return None
    return value


def record_external_quickdash(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    score: Decimal | int,
    source: str,
    taken_on: date,
    *,
    session_id: int | None = None,
) -> RecordedScore:
    """Record a QuickDASH score obtained outside WristCare (0-100, rule ``external``) with
    where it came from. WristCare holds no QuickDASH items or scoring: only the number."""
    problems = Problems()
    value = _quickdash(score, problems)
    source = clean(source)
    problems.text("source", source, "Source", SHORT_TEXT_LIMIT)
    problems.required(
        "source", source, "Say where the score came from (for example the hand clinic)."
    )
    if problems or value is None:
        raise ValidationError(problems.fields)
    with database.transaction() as db:
        _patient(db, patient_id)
        taken_on = _taken_on(db, ctx, patient_id, session_id, taken_on)
        _check_free(db, session_id, Instrument.QUICKDASH_EXTERNAL, MeasureSide.NONE)
        row = _row(ctx, patient_id, session_id, Instrument.QUICKDASH_EXTERNAL,
                   MeasureSide.NONE, taken_on, ScoringRule.EXTERNAL, {},
                   score=value, source=source)  # fmt: skip
        db.add(row)
        db.flush()
        _audit_created(db, ctx, row)
        return _recorded(row)


def mark_entered_in_error(
    database: Database,
    ctx: ClinicContext,
    measure_id: int,
    reason: str,
) -> tuple[RecordedScore, ...]:
    """Mark a score entered in error, with the reason; it is kept, never deleted.

    A BCTQ or symptom map is one sitting: marking one of its rows marks every row of the
    sitting (both scales, both hands). A 0-10 rating of a session note is corrected in the
    note itself (or by an amendment once signed), so it is refused here."""
    reason = clean(reason)
    problem = text_problem(reason, "Reason", REASON_LIMIT)
    if problem:
        raise ValidationError({"reason": problem})
    if not reason:
        raise ValidationError({"reason": "Say why the score was entered in error."})
    with database.transaction() as db:
        row = db.get(OutcomeMeasure, measure_id)
        if row is None:
            raise NotFoundError("This score no longer exists")
        if row.entered_in_error_at is not None:
            raise ValidationError({"reason": "This score is already marked entered in error."})
        if row.session_id is not None and row.instrument in SYMPTOM_SCALES:
            raise ValidationError(
                {"reason": "A session's 0-10 rating is corrected in its note (an amendment "
                           "once the note is signed), not here."}
            )  # fmt: skip
        rows = [row]
        if row.administration_id is not None:
            rows = list(
                db.scalars(
                    select(OutcomeMeasure)
                    .where(
                        OutcomeMeasure.patient_id == row.patient_id,
                        OutcomeMeasure.administration_id == row.administration_id,
                        OutcomeMeasure.entered_in_error_at.is_(None),
                    )
                    .order_by(OutcomeMeasure.id)
                )
            )
        now = ctx.now()
        for each in rows:
            each.entered_in_error_at = now
            each.entered_in_error_reason = reason
            audit.record(
                db,
                ctx,
                action="entered_in_error",
                entity=ENTITY,
                entity_id=each.id,
                patient_id=each.patient_id,
                changes={"entered_in_error_at": [None, now.isoformat()]},
                reason=reason,
            )
        db.flush()
        return tuple(_recorded(each) for each in rows)


def get_score(database: Database, measure_id: int) -> RecordedScore:
    """One stored score (entered in error or not)."""
    with database.read() as db:
        row = db.get(OutcomeMeasure, measure_id)
        if row is None:
            raise NotFoundError("This score no longer exists")
        return _recorded(row)


def stored_scores_on(
    database: Database, patient_id: int, instrument: str, side: str, taken_on: date
) -> tuple[RecordedScore, ...]:
    """The scores in use of one measure, side and day (newest first): how a score shown
    in a chart or table is found again to be marked entered in error. Empty for scores
    derived from a note (grip and pinch from its examination, the Global Symptom Score)."""
    try:
        code, hand = Instrument(str(instrument)), MeasureSide(str(side))
    except ValueError:
        return ()
    with database.read() as db:
        rows = db.scalars(
            select(OutcomeMeasure)
            .where(
                OutcomeMeasure.patient_id == patient_id,
                OutcomeMeasure.instrument == code,
                OutcomeMeasure.side == hand,
                OutcomeMeasure.taken_on == taken_on,
                OutcomeMeasure.entered_in_error_at.is_(None),
            )
            .order_by(OutcomeMeasure.recorded_at.desc(), OutcomeMeasure.id.desc())
        )
        return tuple(_recorded(row) for row in rows)


__all__ = [
    "BCTQ_SIDES",
    "INSTRUMENT_NAMES",
    "RecordedScore",
    "get_score",
    "mark_entered_in_error",
    "parse_quickdash",
    "record_bctq",
    "record_external_quickdash",
    "record_hand_map",
    "stored_scores_on",
    "validate_quickdash",
]
