"""Starting a follow-up note, and a field of a note as a correction shows it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sessions_helpers import complete_details, make_context, ready_to_treat

from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.sessions import (
    field_value,
    get_note,
    mark_entered_in_error,
    save_draft,
    sign_session,
    start_draft,
    start_follow_up,
)
from wristcare.db.engine import Database
from wristcare.db.vocab import Instrument, Side

START = datetime(2025, 6, 10, 9, 0, tzinfo=UTC)


def _signed(database: Database, ctx, patient_id: int, complaint: str):  # type: ignore[no-untyped-def]
    ready_to_treat(database, ctx, patient_id)
    note = start_draft(database, ctx, patient_id, started_at=START)
    details = complete_details(START)
    details.complaint = complaint
    note = save_draft(database, ctx, note.id, details, note.version)
    return sign_session(database, ctx, note.id, note.version)


def test_follow_up_carries_the_condition_not_the_scores(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Mei Ling Chan")
    _signed(database, ctx, patient.id, "Numb thumb at night")

    note = start_follow_up(database, ctx, patient.id)

    assert note.is_draft and note.complaint == "Numb thumb at night"
    assert note.side is Side.RIGHT and note.digits_right == 0b00111
    assert note.working_diagnosis == "Carpal tunnel syndrome, right"
    assert note.scores == () and note.points == () and note.findings == ()


def test_follow_up_skips_a_note_entered_in_error_and_starts_blank_without_one(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Mei Ling Chan")
    assert start_follow_up(database, ctx, patient.id).complaint == ""
    wrong = _signed(database, ctx, patient.id, "Wrong patient's complaint")
    mark_entered_in_error(database, ctx, wrong.id, "Wrong patient")
    other = make_patient("Tom Jones")

    assert start_follow_up(database, ctx, other.id).complaint == ""
    # The first draft (blank) is now the latest usable note.
    assert start_follow_up(database, ctx, patient.id).complaint == ""


def test_field_value_reads_what_a_correction_would_name(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Mei Ling Chan")
    note = get_note(database, _signed(database, ctx, patient.id, "Numb thumb").id)

    assert field_value(note, "complaint") == "Numb thumb"
    assert field_value(note, f"scores.{Instrument.NRS_PAIN}") == "6"
    assert field_value(note, "points") == "PC7 right, PC6 right, TE5 right"
    assert field_value(note, "findings") == "3 recorded"
