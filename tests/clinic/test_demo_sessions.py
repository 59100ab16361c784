"""Demo courses of treatment: realistic, written through the use cases, chains intact."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sessions_helpers import make_context, ready_to_treat

from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.sessions import get_note, list_patient_sessions, verify_chains
from wristcare.db.engine import Database
from wristcare.db.vocab import SessionStatus
from wristcare.demo.sessions import PROTOCOLS, add_demo_course


def test_demo_courses(database: Database, make_patient: Callable[..., PatientRecord]) -> None:
    ctx = make_context(database)
    rng = random.Random(7)
    protocol_points = {code for codes, _ in PROTOCOLS for code in codes}
    totals = {"sessions": 0, "signed": 0, "amendments": 0, "channels": 0, "drafts": 0, "changed": 0}
    improved = 0
    for number in range(8):
        patient = make_patient(f"Demo Patient {number}")
        # Half consented to electroacupuncture; for the others the demo leaves out the
        # current and says so with the note.
        electro = ("electroacupuncture",) if number % 2 else ()
        ready_to_treat(database, ctx, patient.id, ("acupuncture", "moxibustion", *electro))
        first_day = ctx.today() - timedelta(days=rng.randint(60, 200))
        course = add_demo_course(database, ctx, patient.id, rng, first_day)

        assert 4 <= course.sessions <= 16
        rows = list_patient_sessions(database, patient.id)
        assert len(rows) == course.sessions
        assert all(first_day <= row.local_date <= ctx.today() for row in rows)
        notes = [get_note(database, row.id) for row in reversed(rows)]
        # Only the newest note may be a draft.
        assert all(n.status is SessionStatus.SIGNED for n in notes[:-1])
        totals["drafts"] += notes[-1].is_draft
        for note in notes:
            assert {p.code for p in note.points} <= protocol_points
            assert note.needles_in == sum(p.needles for p in note.points)
            assert min(s for _, s in note.scores) >= 0 and max(s for _, s in note.scores) <= 10
            totals["channels"] += len(note.channels)
        first, last = sum(s for _, s in notes[0].scores), sum(s for _, s in notes[-1].scores)
        improved += last < first
        totals["sessions"] += course.sessions
        totals["signed"] += course.signed
        totals["amendments"] += course.amendments

    assert improved >= 6  # most courses improve; noise lets a few stall
    assert totals["channels"] > 0
    assert totals["amendments"] > 0
    assert totals["signed"] < totals["sessions"] or totals["drafts"] == 0
    assert verify_chains(database) == []


def test_demo_course_never_goes_past_today(
    database: Database, make_patient: Callable[..., PatientRecord]
) -> None:
    ctx = make_context(database)
    patient = make_patient("Just Started")
    course = add_demo_course(database, ctx, patient.id, random.Random(1), ctx.today())
    assert course.sessions == 1
    assert list_patient_sessions(database, patient.id)[0].local_date == ctx.today()
