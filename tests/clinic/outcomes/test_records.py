"""Recording outcome scores on a real SQLite file: BCTQ sittings, symptom maps, external
QuickDASH, and marking a score entered in error (kept, audited, never deleted)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.outcome_store.records import (
    mark_entered_in_error,
    parse_quickdash,
    record_bctq,
    record_external_quickdash,
    record_hand_map,
)
from wristcare.clinic.outcomes.bctq import BctqMinimum
from wristcare.clinic.outcomes.bctq_entry import BctqSitting
from wristcare.clinic.outcomes.hand_map import (
    Hand,
    HandMap,
    Mark,
    Place,
    Region,
    Surface,
    Symptom,
    from_plain,
)
from wristcare.clinic.outcomes.settings import EXTRA_KEY, OutcomeSettings
from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.sessions import save_draft, start_draft
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry, OutcomeMeasure
from wristcare.db.vocab import Instrument, KatzCategory, MeasureSide, ScoringRule

TODAY = date(2025, 6, 15)
ALL_THREES = BctqSitting(TODAY, (3,) * 11, (2,) * 8)


def _rows(database: Database) -> list[OutcomeMeasure]:
    with database.read() as db:
        rows = list(db.scalars(select(OutcomeMeasure).order_by(OutcomeMeasure.id)))
        db.expunge_all()
        return rows


def _audit(database: Database, entity: str = "outcome_measure") -> list[AuditEntry]:
    with database.read() as db:
        rows = list(
            db.scalars(
                select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        )
        db.expunge_all()
        return rows


@pytest.fixture
def patient(make_patient: Callable[..., PatientRecord]) -> PatientRecord:
    return make_patient()


def test_a_bctq_sitting_is_two_rows_with_one_administration(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    sitting = BctqSitting(TODAY - timedelta(days=2), (3, 3, 4, 4, 3, 3, 3, 3, 4, 4, None),
                          (2, 2, 3, 3, 2, 3, 2, 3))  # fmt: skip
    recorded = record_bctq(database, ctx, patient.id, sitting)
    assert [r.instrument for r in recorded] == [Instrument.BCTQ_SSS, Instrument.BCTQ_FSS]
    rows = _rows(database)
    assert len(rows) == 2
    sss, fss = rows
    # 34 / 10 answered and 20 / 8, by the published mean rule.
    assert sss.score == Decimal("3.40") and fss.score == Decimal("2.50")
    assert sss.administration_id == fss.administration_id is not None
    assert {sss.scoring_rule, fss.scoring_rule} == {ScoringRule.BCTQ_MEAN_V1}
    assert sss.answers == {"items": [3, 3, 4, 4, 3, 3, 3, 3, 4, 4, None]}
    assert sss.taken_on == TODAY - timedelta(days=2) and sss.session_id is None
    assert sss.side is MeasureSide.NONE
    assert sss.recorded_by_name == "Tess Tester"
    entries = _audit(database)
    assert [(e.action, e.entity_id) for e in entries] == [("create", sss.id), ("create", fss.id)]
    assert entries[0].changes["score"] == "3.40" and entries[0].patient_id == patient.id


def test_a_bctq_in_the_future_is_refused(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    with pytest.raises(ValidationError) as caught:
        record_bctq(database, ctx, patient.id, replace(ALL_THREES, taken_on=TODAY + timedelta(1)))
    assert "future" in caught.value.fields["taken_on"]
    assert _rows(database) == [] and _audit(database) == []


def test_the_clinic_minimum_decides_not_the_form(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    seven = (3,) * 7 + (None,) * 4
    # The form said 7 items were enough; the clinic keeps the default of 8.
    sitting = BctqSitting(TODAY, seven, (2,) * 8, BctqMinimum(symptoms=7))
    with pytest.raises(ValidationError) as caught:
        record_bctq(database, ctx, patient.id, sitting)
    assert "7 of 11" in caught.value.fields["bctq_sss"]
    assert _rows(database) == []
    settings = get_clinic_settings(database)
    extra = {
        **settings.details.extra,
        EXTRA_KEY: OutcomeSettings(bctq_minimum=BctqMinimum(symptoms=7)).to_json(),
    }
    update_clinic_settings(
        database, ctx, replace(settings.details, extra=extra), expected_version=settings.version_id
    )
    record_bctq(database, ctx, patient.id, replace(sitting, minimum=BctqMinimum()))
    assert [row.score for row in _rows(database)] == [Decimal("3.00"), Decimal("2.00")]


def test_a_scale_left_blank_is_not_stored_and_an_empty_sitting_is_refused(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    only_symptoms = BctqSitting(TODAY, (4,) * 11, (None,) * 8)
    recorded = record_bctq(database, ctx, patient.id, only_symptoms, side=MeasureSide.RIGHT)
    assert [(r.instrument, r.side) for r in recorded] == [(Instrument.BCTQ_SSS, MeasureSide.RIGHT)]
    with pytest.raises(ValidationError, match="nothing to save"):
        record_bctq(database, ctx, patient.id, BctqSitting(TODAY, (None,) * 11, (None,) * 8))
    with pytest.raises(ValidationError):
        record_bctq(database, ctx, patient.id, ALL_THREES, side=MeasureSide.BILATERAL)
    assert len(_rows(database)) == 1


def test_a_bctq_on_a_session_takes_its_date_and_only_once(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    note = start_draft(database, ctx, patient.id)
    recorded = record_bctq(
        database,
        ctx,
        patient.id,
        replace(ALL_THREES, taken_on=TODAY - timedelta(days=9)),
        session_id=note.id,
    )
    assert {r.taken_on for r in recorded} == {note.local_date}
    assert {r.session_id for r in recorded} == {note.id}
    with pytest.raises(ValidationError, match="already has a BCTQ"):
        record_bctq(database, ctx, patient.id, ALL_THREES, session_id=note.id)
    # Marked in error, the sitting makes room for its correction.
    mark_entered_in_error(database, ctx, recorded[0].id, "answers of another patient")
    again = record_bctq(database, ctx, patient.id, ALL_THREES, session_id=note.id)
    assert len(again) == 2 and len(_rows(database)) == 4


def test_a_session_of_another_patient_is_refused(
    database: Database,
    ctx: ClinicContext,
    patient: PatientRecord,
    make_patient: Callable[..., PatientRecord],
) -> None:
    other = make_patient("Bo Other", allow_duplicate=True)
    note = start_draft(database, ctx, other.id)
    with pytest.raises(NotFoundError):
        record_bctq(database, ctx, patient.id, ALL_THREES, session_id=note.id)
    with pytest.raises(NotFoundError):
        record_bctq(database, ctx, 9999, ALL_THREES)
    assert _rows(database) == []


def _median_map() -> HandMap:
    marks = [
        Mark(Place(Hand.RIGHT, Surface.PALMAR, region), Symptom.NUMBNESS, 6)
        for region in (Region.DIGIT_1, Region.DIGIT_2, Region.DIGIT_3)
    ]
    marks.append(Mark(Place(Hand.LEFT, Surface.PALMAR, Region.DIGIT_5), Symptom.TINGLING, 2))
    return HandMap(tuple(marks))


def test_a_symptom_map_is_rated_per_hand(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    recorded = record_hand_map(database, ctx, patient.id, _median_map(), TODAY)
    by_side = {r.side: r for r in recorded}
    assert by_side[MeasureSide.RIGHT].category is KatzCategory.CLASSIC
    assert by_side[MeasureSide.LEFT].category is KatzCategory.UNLIKELY
    rows = {row.side: row for row in _rows(database)}
    assert {row.scoring_rule for row in rows.values()} == {ScoringRule.KATZ_1990}
    assert rows[MeasureSide.LEFT].administration_id == rows[MeasureSide.RIGHT].administration_id
    right = from_plain(rows[MeasureSide.RIGHT].answers)
    assert len(right.marks) == 3 and right.marks_on(Hand.LEFT) == ()
    assert len(from_plain(rows[MeasureSide.LEFT].answers).marks) == 1
    assert len(_audit(database)) == 2
    with pytest.raises(ValidationError):
        record_hand_map(database, ctx, patient.id, _median_map(), TODAY + timedelta(1))
    # A map made without its checks is checked here: an intensity of 11, a region off
    # its surface.
    thumb = Place(Hand.LEFT, Surface.PALMAR, Region.DIGIT_1)
    for bad in (
        Mark(thumb, Symptom.PAIN, 11),
        Mark(Place(Hand.LEFT, Surface.DORSAL, Region.PALM_RADIAL), Symptom.PAIN, 2),
    ):
        with pytest.raises(ValidationError):
            record_hand_map(database, ctx, patient.id, HandMap((bad,)), TODAY)
    assert len(_rows(database)) == 2


def test_an_external_quickdash_is_a_number_with_its_source(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    recorded = record_external_quickdash(
        database, ctx, patient.id, parse_quickdash(" 27,27 "), " Hand therapy clinic ", TODAY
    )
    assert recorded.score == Decimal("27.27") and recorded.source == "Hand therapy clinic"
    (row,) = _rows(database)
    assert row.scoring_rule is ScoringRule.EXTERNAL and row.answers == {}
    for bad in ("101", "-1", "abc", "12.345", "nan"):
        with pytest.raises(ValidationError) as caught:
            record_external_quickdash(
                database,
                ctx,
                patient.id,
                parse_quickdash(bad) if bad != "nan" else Decimal("NaN"),
                "GP",
                TODAY,
            )
        assert "score" in caught.value.fields
    with pytest.raises(ValidationError) as caught:
        record_external_quickdash(database, ctx, patient.id, Decimal(40), "  ", TODAY)
    assert "source" in caught.value.fields
    assert len(_rows(database)) == 1


def test_marking_in_error_keeps_the_score_and_marks_its_sitting(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    sss, fss = record_bctq(database, ctx, patient.id, ALL_THREES)
    dash = record_external_quickdash(database, ctx, patient.id, Decimal(30), "GP letter", TODAY)
    with pytest.raises(ValidationError) as caught:
        mark_entered_in_error(database, ctx, fss.id, "   ")
    assert "reason" in caught.value.fields
    marked = mark_entered_in_error(database, ctx, fss.id, "Wrong patient's form")
    assert {m.id for m in marked} == {sss.id, fss.id}
    rows = {row.id: row for row in _rows(database)}
    assert len(rows) == 3  # nothing deleted
    for measure_id in (sss.id, fss.id):
        assert rows[measure_id].entered_in_error_at is not None
        assert rows[measure_id].entered_in_error_reason == "Wrong patient's form"
    assert rows[dash.id].entered_in_error_at is None
    entries = [e for e in _audit(database) if e.action == "entered_in_error"]
    assert {e.entity_id for e in entries} == {sss.id, fss.id}
    assert {e.reason for e in entries} == {"Wrong patient's form"}
    with pytest.raises(ValidationError, match="already"):
        mark_entered_in_error(database, ctx, sss.id, "again")
    with pytest.raises(NotFoundError):
        mark_entered_in_error(database, ctx, 9999, "gone")


def test_a_session_rating_is_corrected_in_its_note_not_here(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    note = start_draft(database, ctx, patient.id)
    details = note.to_details()
    details.scores = {Instrument.NRS_PAIN: 6}
    save_draft(database, ctx, note.id, details, expected_version=note.version)
    (pain,) = _rows(database)
    with pytest.raises(ValidationError, match="note"):
        mark_entered_in_error(database, ctx, pain.id, "typo")
    assert _rows(database)[0].entered_in_error_at is None


def test_a_charted_score_is_found_again_to_be_marked(
    database: Database, ctx: ClinicContext, patient: PatientRecord
) -> None:
    from wristcare.clinic.outcome_store.records import stored_scores_on

    sss, _ = record_bctq(database, ctx, patient.id, ALL_THREES)
    found = stored_scores_on(database, patient.id, "bctq_sss", "none", TODAY)
    assert [score.id for score in found] == [sss.id]
    assert stored_scores_on(database, patient.id, "bctq_sss", "left", TODAY) == ()
    assert stored_scores_on(database, patient.id, "gss", "none", TODAY) == ()
    mark_entered_in_error(database, ctx, sss.id, "wrong form")
    assert stored_scores_on(database, patient.id, "bctq_sss", "none", TODAY) == ()
