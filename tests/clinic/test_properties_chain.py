"""Properties of the signed record: any note written through the use cases and signed
verifies clean, and changing any single content field of a signed row afterwards is
found by `wristcare check`'s chain verification, at that note's link.

The examples share one database: each signs one more note for the same patient, tampers
with one field by hand, checks, and writes the field back.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sessions_helpers import START, complete_details

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.sessions import save_draft, sign_session, start_draft, verify_chains
from wristcare.clinic.sessions.canonical import content_hash, session_form
from wristcare.clinic.sessions.details import ADJUNCTS, TEXT_FIELDS
from wristcare.db.engine import Database

TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40)
# Columns of treatment_sessions that the canonical form covers, by how to change them.
TEXT_COLUMNS = sorted(TEXT_FIELDS)
FLAG_COLUMNS = sorted(ADJUNCTS)
NUMBER_COLUMNS = ["digits_left", "digits_right", "needles_in", "needles_out", "duration_minutes"]
# And of the note's needled points.
POINT_COLUMNS = ["gauge_hundredths_mm", "length_mm", "depth_tenths_mm", "retention_minutes"]


def _tamper(path: Path, session_id: int, column: str, text: str) -> tuple[str, tuple]:
    """Change one column of the note (or of its first point) behind the application's
    back; the statement that puts it back as it was."""
    with sqlite3.connect(path) as connection:
        if column in POINT_COLUMNS:
            table, key = "needled_points", "session_id = ? AND position = 0"
        else:
            table, key = "treatment_sessions", "id = ?"
        (old,) = connection.execute(
            f"SELECT {column} FROM {table} WHERE {key}", (session_id,)
        ).fetchone()
        if column in TEXT_COLUMNS:
            new: object = old + "·" + text  # NFC-different from the old text, whatever text is
        elif column in FLAG_COLUMNS:
            new = 1 - old
        elif column.startswith("digits_"):
            new = old ^ 1  # the thumb ticked or unticked: still a valid set of digits
        else:
            new = old + 1
        cursor = connection.execute(
            f"UPDATE {table} SET {column} = ? WHERE {key}", (new, session_id)
        )
        assert cursor.rowcount == 1
    return f"UPDATE {table} SET {column} = ? WHERE {key}", (old, session_id)


@settings(
    max_examples=25,
    # No shrinking: each example writes to the shared database, so a shrink would replay
    # on a longer chain for minutes; the failing example is printed as it was drawn.
    phases=[Phase.explicit, Phase.generate],
    deadline=None,  # signing goes through the real use cases and SQLite
    # The database and practitioner are the test's; each example adds a note to them.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    # Any text but the needle search, which is fixed: the tamper may make needles differ.
    texts=st.dictionaries(
        st.sampled_from([c for c in TEXT_COLUMNS if c != "needle_search_outcome"]),
        TEXT,
        max_size=5,
    ),
    # The adjuncts the patient needs no further consent for (sessions_helpers.ready_to_treat).
    adjuncts=st.fixed_dictionaries({name: st.booleans() for name in ("moxibustion", "heat_lamp")}),
    digits=st.tuples(st.integers(0, 31), st.integers(0, 31)),
    column=st.sampled_from(TEXT_COLUMNS + FLAG_COLUMNS + NUMBER_COLUMNS + POINT_COLUMNS),
    tampered_text=TEXT,
)
def test_a_signed_note_verifies_and_any_changed_field_is_found(
    database: Database,
    db_path: Path,
    ctx: ClinicContext,
    patient: PatientRecord,
    texts: dict[str, str],
    adjuncts: dict[str, bool],
    digits: tuple[int, int],
    column: str,
    tampered_text: str,
) -> None:
    complete = complete_details(START)
    details = replace(
        complete,
        # Added to what the complete note says: the complaint is required to sign.
        **{name: f"{getattr(complete, name)} {text}" for name, text in texts.items()},
        **adjuncts,
        digits_left=digits[0],
        digits_right=digits[1],
        needle_search_outcome="Found on the couch",
    )
    note = start_draft(database, ctx, patient.id, started_at=START)
    note = save_draft(database, ctx, note.id, details, note.version)
    signed = sign_session(database, ctx, note.id, note.version)
    assert signed.signature is not None

    assert verify_chains(database) == []
    assert content_hash(session_form(signed)) == signed.signature.content_hash

    restore, values = _tamper(db_path, signed.id, column, tampered_text)
    problems = verify_chains(database)
    assert [(p.record_number, p.seq) for p in problems] == [
        (patient.record_number, signed.signature.seq)
    ], column
    assert f"session {signed.id} was changed after signing" in problems[0].problem

    with sqlite3.connect(db_path) as connection:
        connection.execute(restore, values)
    assert verify_chains(database) == []
