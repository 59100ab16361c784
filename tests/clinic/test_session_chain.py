"""The per-patient hash chain: tampering is found, reference upgrades are not tampering,
racing signers cannot fork it, and `wristcare check` reports a broken link."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sessions_helpers import START, complete_details, make_context, sign_note
from sqlalchemy import select

from wristcare.cli import main
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import (
    add_addendum,
    get_note,
    save_draft,
    sign_session,
    start_draft,
    verify_chains,
)
from wristcare.clinic.sessions.chain import ChainRaceError, append_link
from wristcare.db.engine import Database
from wristcare.db.models import Signature
from wristcare.db.vocab import SignedEntity


@pytest.fixture
def ctx(database: Database) -> ClinicContext:
    return make_context(database)


def _raw(db_path: Path, sql: str, *args: object) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute(sql, args)


def test_changed_complaint_is_found(database: Database, db_path: Path, ctx, patient) -> None:
    first = sign_note(database, ctx, patient.id)
    sign_note(database, ctx, patient.id, START + timedelta(days=3))

    _raw(
        db_path, "UPDATE treatment_sessions SET complaint = 'Nothing wrong' WHERE id = ?", first.id
    )

    problems = verify_chains(database)
    assert len(problems) == 1
    assert problems[0].record_number == patient.record_number
    assert problems[0].seq == 1
    assert "changed after signing" in str(problems[0])


def test_changed_needle_depth_is_found(database: Database, db_path: Path, ctx, patient) -> None:
    sign_note(database, ctx, patient.id)
    second = sign_note(database, ctx, patient.id, START + timedelta(days=3))

    _raw(db_path, "UPDATE needled_points SET depth_tenths_mm = 300 WHERE id = ?",
         second.points[1].id)  # fmt: skip

    problems = verify_chains(database)
    assert [(p.record_number, p.seq) for p in problems] == [(patient.record_number, 2)]


def test_changed_amendment_and_removed_link_are_found(
    database: Database, db_path: Path, ctx, patient
) -> None:
    note = sign_note(database, ctx, patient.id)
    note = add_addendum(database, ctx, note.id, "Phoned: better")
    _raw(db_path, "UPDATE session_amendments SET text = 'Phoned: worse'")
    assert [p.seq for p in verify_chains(database)] == [2]

    _raw(db_path, "UPDATE session_amendments SET text = 'Phoned: better'")
    assert verify_chains(database) == []
    _raw(db_path, "DELETE FROM signatures WHERE seq = 1")
    problems = verify_chains(database)
    assert any("no signature" in str(p) for p in problems)
    assert any(p.seq == 2 and "missing" in p.problem for p in problems)


def test_note_hashes_the_same_after_the_point_library_changes(
    database: Database, db_path: Path, ctx, patient
) -> None:
    note = sign_note(database, ctx, patient.id)

    # A reference-data upgrade renames the point and even recodes it: the note keeps the
    # code it was written with, and its signature still holds.
    _raw(db_path, "UPDATE acupoints SET pinyin = 'Da Ling (renamed)', code = 'PC-7' "
                  "WHERE code = 'PC7'")  # fmt: skip

    assert verify_chains(database) == []
    assert get_note(database, note.id).points[0].code == "PC7"


def test_stale_last_link_cannot_fork_the_chain(database: Database, ctx, patient) -> None:
    sign_note(database, ctx, patient.id)
    # Another signer's link 2 is written between our reading the last link (1) and our
    # writing: both name link 1 as previous, and the UNIQUE constraints refuse the fork.
    with pytest.raises(ChainRaceError), database.transaction() as db:
        first = db.scalar(select(Signature))
        assert first is not None
        with db.no_autoflush:
            db.add(
                Signature(
                    patient_id=patient.id, seq=2, entity=SignedEntity.AMENDMENT, entity_id=999,
                    signer_id=ctx.actor.practitioner_id, signer_name="x", signed_at=START,
                    form_version=1, content_hash="a" * 64, previous_hash=first.chain_hash,
                    chain_hash="b" * 64,
                )
            )  # fmt: skip
            append_link(
                db, ctx, patient_id=patient.id, entity=SignedEntity.AMENDMENT, entity_id=998,
                content="c" * 64,
            )  # fmt: skip
    assert verify_chains(database) == []


def _sign_many(url: str, actor: tuple[int, str], patient_id: int, day: int, start) -> None:  # type: ignore[no-untyped-def]
    """Run in another process: sign notes for one patient as fast as possible, starting
    together with the other process (``start`` is a shared barrier)."""
    from wristcare.clinic.context import Actor, ClinicContext

    database = Database(url)
    ctx = ClinicContext(actor=Actor(*actor))
    count = 15
    # Warm up (imports, mappers, first connection) so that both really sign at once.
    warm = start_draft(database, ctx, patient_id, started_at=START - timedelta(days=day + 1))
    save_draft(database, ctx, warm.id, complete_details(warm.started_at), warm.version)
    start.wait(timeout=60)
    for index in range(count):
        start = START + timedelta(days=day, minutes=index)
        note = start_draft(database, ctx, patient_id, started_at=start)
        note = save_draft(database, ctx, note.id, complete_details(start), note.version)
        sign_session(database, ctx, note.id, note.version)
        # SQLite's busy handler backs off; a pause lets the other process in, so the two
        # really interleave instead of one draining its queue first.
        time.sleep(0.02)
    database.dispose()


def test_two_processes_signing_for_one_patient_leave_one_chain(
    database: Database, db_path: Path, patient
) -> None:
    first = make_context(database, "Dr One")
    second = make_context(database, "Dr Two")
    url = f"sqlite:///{db_path}"
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(2)
    workers = [
        spawn.Process(
            target=_sign_many,
            args=(url, (ctx.actor.practitioner_id, ctx.actor.name), patient.id, day, barrier),
        )
        for day, ctx in ((0, first), (1, second))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0

    with database.read() as db:
        links = db.execute(select(Signature.seq, Signature.signer_name).order_by("seq")).all()
    assert [seq for seq, _ in links] == list(range(1, 31))
    assert {name for _, name in links} == {"Dr One", "Dr Two"}
    assert verify_chains(database) == []


def test_wristcare_check_names_the_broken_link(
    database: Database, db_path: Path, ctx, patient, capsys: pytest.CaptureFixture[str]
) -> None:
    note = sign_note(database, ctx, patient.id)
    url = f"sqlite:///{db_path}"
    assert main(["check", "--db", url]) == 0

    _raw(db_path, "UPDATE treatment_sessions SET advice = 'none' WHERE id = ?", note.id)
    capsys.readouterr()

    assert main(["check", "--db", url]) == 1
    out = capsys.readouterr().out
    assert f"patient {patient.record_number}, link 1" in out
    assert "problems found" in out
