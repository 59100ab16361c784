"""Session notes: drafts, saving with versions, signing, amendments, lists, points."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sessions_helpers import NOW, START, complete_details, make_context, ready_to_treat, sign_note
from sqlalchemy import select

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import UnknownPointError, ValidationError
from wristcare.clinic.sessions import (
    AdverseEventDetails,
    NoteLockedError,
    NotYourDraftError,
    PointDetails,
    add_addendum,
    add_correction,
    count_sessions,
    find_draft,
    get_note,
    last_prescription,
    list_patient_sessions,
    list_sessions,
    mark_entered_in_error,
    resolve_point,
    save_draft,
    sign_session,
    start_draft,
    verify_chains,
)
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import AuditEntry, OutcomeMeasure, Signature
from wristcare.db.vocab import (
    AdverseEventKind,
    AmendmentKind,
    Instrument,
    MeasureSide,
    SessionStatus,
    Severity,
    Side,
)


@pytest.fixture
def ctx(database: Database) -> ClinicContext:
    return make_context(database)


def _audits(database: Database, action: str) -> int:
    with database.read() as db:
        return len(db.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


# --- drafts -------------------------------------------------------------------------------


def test_start_draft_defaults(database: Database, ctx: ClinicContext, patient) -> None:
    note = start_draft(database, ctx, patient.id)

    assert note.status is SessionStatus.DRAFT
    assert note.practitioner_id == ctx.actor.practitioner_id
    assert note.practitioner_name == "Dr Li Wen"
    assert note.started_at == NOW
    assert note.ended_at == NOW + timedelta(minutes=45)
    assert note.local_date == date(2025, 6, 15)
    assert note.tz == "Europe/London"
    assert find_draft(database, patient.id) == note
    assert _audits(database, "create") >= 1


def test_local_date_is_the_clinics(database: Database, patient) -> None:
    late = datetime(2025, 6, 15, 23, 30, tzinfo=UTC)  # 00:30 on the 16th in London
    ctx = make_context(database, now=late)
    assert start_draft(database, ctx, patient.id).local_date == date(2025, 6, 16)


def test_save_draft_round_trips_everything(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    details = complete_details(START)
    details.adverse_events = [
        AdverseEventDetails(kind=AdverseEventKind.BRUISING, severity=Severity.MILD,
                            action_taken="Pressure, 1 min", follow_up="Check next visit")
    ]  # fmt: skip

    saved = save_draft(database, ctx, note.id, details, note.version)

    again = get_note(database, note.id)
    assert again == saved
    assert again.version > note.version
    assert [p.code for p in again.points] == ["PC7", "PC6", "TE5"]  # SJ5 is TE5
    assert again.points[0].depth_tenths_mm == 80
    assert again.channels[0].point_a_label == "PC7"
    assert again.channels[0].point_b_label == "TE5"
    assert again.score_map == {
        Instrument.NRS_PAIN: 6,
        Instrument.NRS_NUMBNESS: 7,
        Instrument.NRS_NIGHT_WAKING: 5,
    }
    grip = again.findings[1]
    assert grip.mean_tenths_kg == Decimal("225.7")
    assert again.adverse_events[0].occurred_at == START
    assert again.digits_right == 0b00111
    # What comes back for editing is what was typed, with the point code resolved and
    # the event's time defaulted to the session's start.
    details.points[2].point = "TE5"
    details.adverse_events[0].occurred_at = START
    assert again.to_details() == details
    # The scores are outcome measures of the session, not columns of the note.
    with database.read() as db:
        rows = db.scalars(select(OutcomeMeasure).where(OutcomeMeasure.session_id == note.id))
        assert {(r.instrument, r.side, r.score) for r in rows} == {
            (Instrument.NRS_PAIN, MeasureSide.NONE, 6),
            (Instrument.NRS_NUMBNESS, MeasureSide.NONE, 7),
            (Instrument.NRS_NIGHT_WAKING, MeasureSide.NONE, 5),
        }


def test_autosave_twice_does_not_duplicate_scores(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    details = complete_details(START)
    note = save_draft(database, ctx, note.id, details, note.version)
    details.scores = {Instrument.NRS_PAIN: 3}
    note = save_draft(database, ctx, note.id, details, note.version)

    assert note.score_map == {Instrument.NRS_PAIN: 3}
    with database.read() as db:
        assert len(db.scalars(select(OutcomeMeasure)).all()) == 1


def test_stale_save_is_refused(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    save_draft(database, ctx, note.id, complete_details(START), note.version)

    stale = complete_details(START)
    stale.complaint = "From the other window"
    with pytest.raises(ConcurrentEditError):
        save_draft(database, ctx, note.id, stale, note.version)
    assert get_note(database, note.id).complaint != "From the other window"


def test_another_practitioner_cannot_save_or_sign_a_draft(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    other = make_context(database, "Dr Other")

    with pytest.raises(NotYourDraftError, match="Dr Li Wen"):
        save_draft(database, other, note.id, complete_details(START), note.version)
    with pytest.raises(NotYourDraftError):
        sign_session(database, other, note.id, note.version)


def test_invalid_draft_names_each_field_and_saves_nothing(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    details = complete_details(START)
    details.scores[Instrument.NRS_PAIN] = 11
    details.points[1].depth_tenths_mm = 9999
    details.points[2].side = None
    details.channels[0].point_b = 7
    details.ended_at = START - timedelta(minutes=5)
    details.digits_left = 32
    details.findings[0].result = "maybe"  # type: ignore[assignment]

    with pytest.raises(ValidationError) as error:
        save_draft(database, ctx, note.id, details, note.version)

    assert set(error.value.fields) == {
        "scores.nrs_pain", "points.1.depth_tenths_mm", "points.2.side", "channels.0.point_b",
        "ended_at", "digits_left", "findings.0.result",
    }  # fmt: skip
    assert get_note(database, note.id).version == note.version


def test_unknown_point_is_reported_at_its_row(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    details = complete_details(START, points=("PC7", "XX99", "Neiguan"))
    details.channels = []

    with pytest.raises(ValidationError) as error:
        save_draft(database, ctx, note.id, details, note.version)
    assert set(error.value.fields) == {"points.1.point"}


@pytest.mark.parametrize(
    ("typed", "code"),
    [("SJ5", "TE5"), ("pc 7", "PC7"), ("Neiguan", "PC6"), ("nei guan", "PC6"), ("內關", "PC6"),
     ("内关", "PC6"), ("Du20", "GV20"), ("EX-UE9", "EX-UE9")],
)  # fmt: skip
def test_resolve_point(database: Database, typed: str, code: str) -> None:
    assert resolve_point(database, typed).code == code


def test_resolve_point_unknown(database: Database) -> None:
    with pytest.raises(UnknownPointError):
        resolve_point(database, "Nowhere point")


def test_same_as_last_session(database: Database, ctx, patient) -> None:
    first = sign_note(database, ctx, patient.id)
    draft = start_draft(database, ctx, patient.id, started_at=START + timedelta(days=7))

    prescription = last_prescription(database, patient.id, before_session_id=draft.id)

    assert prescription is not None and prescription.from_session_id == first.id
    details = prescription.apply_to(draft.to_details())
    assert [p.point for p in details.points] == ["PC7", "PC6", "TE5"]
    assert details.points[0].retention_minutes == 30
    assert details.channels[0].point_b == 2
    assert details.needles_in == 3
    saved = save_draft(database, ctx, draft.id, details, draft.version)
    assert [c.point_b_label for c in saved.channels] == ["TE5"]


def test_needles_in_prefills_from_the_points() -> None:
    details = complete_details(START)
    details.points[0] = PointDetails(point="LI4", side=Side.BILATERAL, needles=2)
    assert details.needles_from_points() == 4


# --- signing ------------------------------------------------------------------------------


def test_sign_locks_the_note_and_chains_it(database: Database, ctx, patient) -> None:
    signed = sign_note(database, ctx, patient.id)

    assert signed.status is SessionStatus.SIGNED
    assert signed.signed_by_id == ctx.actor.practitioner_id
    assert signed.signature is not None and signed.signature.seq == 1
    with pytest.raises(NoteLockedError):
        save_draft(database, ctx, signed.id, complete_details(START), signed.version)
    with pytest.raises(NoteLockedError):
        sign_session(database, ctx, signed.id, signed.version)
    assert verify_chains(database) == []
    assert _audits(database, "sign") == 1


def test_sign_refused_while_needles_differ(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    details = complete_details(START)
    details.needles_out = details.needles_in - 1
    note = save_draft(database, ctx, note.id, details, note.version)

    with pytest.raises(ValidationError) as error:
        sign_session(database, ctx, note.id, note.version)
    assert "needle_search_outcome" in error.value.fields
    assert get_note(database, note.id).status is SessionStatus.DRAFT

    details.needle_search_outcome = "Searched couch and floor; found under the pillow"
    note = save_draft(database, ctx, note.id, details, note.version)
    assert sign_session(database, ctx, note.id, note.version).status is SessionStatus.SIGNED


def test_sign_refused_while_required_fields_are_missing(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id, started_at=START)
    with pytest.raises(ValidationError) as error:
        sign_session(database, ctx, note.id, note.version)
    assert {"complaint", "side", "needles_in", "needles_out", "points"} <= set(error.value.fields)


def test_chain_links_follow_each_other(database: Database, ctx, patient) -> None:
    first = sign_note(database, ctx, patient.id)
    second = sign_note(database, ctx, patient.id, START + timedelta(days=3))
    third = add_addendum(database, ctx, first.id, "Bruise at PC6 reported by phone next day")

    assert first.signature and second.signature
    assert second.signature.seq == 2
    with database.read() as db:
        links = db.scalars(select(Signature).order_by(Signature.seq)).all()
        assert [link.seq for link in links] == [1, 2, 3]
        assert links[1].previous_hash == links[0].chain_hash
        assert links[2].previous_hash == links[1].chain_hash
    assert third.amendments[0].signature is not None
    assert verify_chains(database) == []


# --- amendments ---------------------------------------------------------------------------


def test_addendum_correction_and_error_mark_keep_the_original(
    database: Database, ctx, patient
) -> None:
    signed = sign_note(database, ctx, patient.id)

    note = add_addendum(database, ctx, signed.id, "Patient phoned: numbness eased overnight")
    note = add_correction(
        database, ctx, signed.id, field="scores.nrs_pain", new_value="4",
        reason="Misheard the patient",
    )  # fmt: skip
    assert note.score_map[Instrument.NRS_PAIN] == 6  # the original is never changed
    correction = note.amendments[1]
    assert (correction.kind, correction.field) == (AmendmentKind.CORRECTION, "scores.nrs_pain")
    assert (correction.old_value, correction.new_value) == ("6", "4")
    assert correction.author_name == "Dr Li Wen"

    note = mark_entered_in_error(database, ctx, signed.id, "Written in the wrong patient's file")
    assert note.status is SessionStatus.ENTERED_IN_ERROR
    assert note.complaint == signed.complaint
    assert [a.kind for a in note.amendments] == list(AmendmentKind)
    assert all(a.signature is not None for a in note.amendments)
    assert verify_chains(database) == []
    with pytest.raises(NoteLockedError):
        mark_entered_in_error(database, ctx, signed.id, "again")


def test_amendments_need_their_fields(database: Database, ctx, patient) -> None:
    signed = sign_note(database, ctx, patient.id)
    with pytest.raises(ValidationError) as error:
        add_correction(database, ctx, signed.id, field="shoe_size", new_value="", reason="")
    assert set(error.value.fields) == {"field", "new_value", "reason"}
    with pytest.raises(ValidationError):
        add_addendum(database, ctx, signed.id, "   ")


def test_a_draft_cannot_be_amended(database: Database, ctx, patient) -> None:
    note = start_draft(database, ctx, patient.id)
    with pytest.raises(NoteLockedError):
        add_addendum(database, ctx, note.id, "Too early")


# --- lists --------------------------------------------------------------------------------


def test_patient_session_list(database: Database, ctx, patient) -> None:
    sign_note(database, ctx, patient.id)
    draft = start_draft(database, ctx, patient.id, started_at=START + timedelta(days=7))

    rows = list_patient_sessions(database, patient.id)

    assert [row.id for row in rows][0] == draft.id
    assert rows[0].is_draft and not rows[1].is_draft
    assert rows[1].points_summary == "PC7 R, PC6 R, TE5 R"
    assert rows[1].complaint.startswith("Numb thumb")


def test_sessions_view_puts_today_and_drafts_first(database: Database, ctx, make_patient) -> None:
    ann = make_patient("Ann Example")
    bob = make_patient("Bob Example")
    for someone in (ann, bob):
        ready_to_treat(database, ctx, someone.id)
    old_signed = sign_note(database, ctx, ann.id, NOW - timedelta(days=30))
    old_draft = start_draft(database, ctx, bob.id, started_at=NOW - timedelta(days=60))
    recent_signed = sign_note(database, ctx, bob.id, NOW - timedelta(days=2))
    today = sign_note(database, ctx, ann.id, NOW - timedelta(hours=1))

    rows = list_sessions(database, ctx)

    assert [row.id for row in rows] == [today.id, old_draft.id, recent_signed.id, old_signed.id]
    assert rows[1].patient_name == "Bob Example"
    assert count_sessions(database) == 4
    page = list_sessions(database, ctx, offset=1, limit=2)
    assert [row.id for row in page] == [old_draft.id, recent_signed.id]
