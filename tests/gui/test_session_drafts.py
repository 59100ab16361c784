"""Drafts: autosave after a pause and on closing, the expected version (a save from another
window is never overwritten), another practitioner's draft is read-only; and a process killed
while a draft is typed loses nothing older than the autosave delay."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from wristcare.clinic.context import Actor, ClinicContext
from wristcare.clinic.sessions import get_note, save_draft, start_draft
from wristcare.db.engine import Database
from wristcare.db.models import Practitioner

from .conftest import DialogAnswers
from .session_helpers import add_patient, new_note, retype

CHILD = Path(__file__).with_name("session_child.py")


def test_a_draft_saves_itself_after_a_pause(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    note = new_note(qtbot, window, add_patient(window, database, ctx))
    qtbot.keyClicks(note.form.subjective.complaint, "Pins and needles")
    retype(qtbot, next(iter(note.form.subjective.scores.values())), "7")
    assert get_note(database, note.note.id).complaint == ""  # not on every key
    qtbot.waitUntil(lambda: get_note(database, note.note.id).complaint == "Pins and needles")
    assert get_note(database, note.note.id).scores[0][1] == 7
    assert note.saved_label.text().startswith("Saved")


def test_going_to_another_window_saves_at_once(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    note = new_note(qtbot, window, add_patient(window, database, ctx))
    qtbot.keyClicks(note.form.subjective.provoking, "Typing")
    assert note.autosave.isActive()
    window.activateWindow()
    qtbot.waitUntil(lambda: not note.isActiveWindow())
    # Saved on leaving, while the 2-second autosave was still waiting.
    assert not note.autosave.isActive()
    assert get_note(database, note.note.id).provoking == "Typing"


def test_closing_the_window_without_saving_keeps_the_draft(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = add_patient(window, database, ctx)
    note = new_note(qtbot, window, patient)
    session_id = note.note.id
    qtbot.keyClicks(note.form.assessment.tongue["tongue_body"], "Pale, swollen")
    window.close()  # closes the note windows too, each saving first
    assert session_id not in window.sessions.notes.windows
    assert get_note(database, session_id).tongue_body == "Pale, swollen"
    assert answers.asked == []


def test_a_save_from_another_window_is_not_overwritten(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    note = new_note(qtbot, window, add_patient(window, database, ctx))
    elsewhere = get_note(database, note.note.id)
    details = elsewhere.to_details()
    details.complaint = "Written in the other window"
    save_draft(database, ctx, elsewhere.id, details, elsewhere.version)

    qtbot.keyClicks(note.form.subjective.complaint, "Typed here")
    assert not note.save()

    assert answers.kinds() == ["reload"]
    assert get_note(database, note.note.id).complaint == "Written in the other window"
    assert note.form.subjective.complaint.toPlainText() == "Written in the other window"
    qtbot.keyClick(
        note.form.subjective.complaint, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.keyClicks(note.form.subjective.complaint, " and here")
    assert note.save()
    assert get_note(database, note.note.id).complaint == "Written in the other window and here"


def test_another_practitioners_draft_opens_read_only(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    with database.transaction() as db:
        other = Practitioner(name="Dr Li Wen")
        db.add(other)
        db.flush()
        other_id = other.id
    theirs = ClinicContext(actor=Actor(other_id, "Dr Li Wen"), tz=ctx.tz, clock=ctx.clock)
    patient = add_patient(window, database, ctx)
    draft = start_draft(database, theirs, patient)

    note = window.sessions.notes.open(draft.id)

    assert "belongs to Dr Li Wen" in note.banner.text()
    assert note.form.subjective.complaint.isReadOnly()
    assert not note.sign_button.isVisible()
    assert not note.form.treatment.points.entry.isVisible()
    qtbot.keyClick(
        note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    note.close()
    assert get_note(database, draft.id).version == draft.version


def test_a_killed_process_keeps_what_was_typed_before_the_autosave(
    database: Database, ctx: ClinicContext, db_path: Path, tmp_path: Path
) -> None:
    from wristcare.clinic.patients import PatientDetails, create_patient

    patient = create_patient(database, ctx, PatientDetails(name="Anna Smith"))
    draft = start_draft(database, ctx, patient.id)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WRISTCARE_DATA_DIR": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), f"sqlite:///{db_path}", str(draft.id),
         str(ctx.actor.practitioner_id), ctx.actor.name, "Typed just before the kill"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        import time

        for _ in range(600):  # polling the database, not timing it: up to a minute
            if get_note(database, draft.id).complaint == "Typed just before the kill":
                break
            assert child.poll() is None, child.stdout.read().decode() if child.stdout else ""
            time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert get_note(database, draft.id).complaint == "Typed just before the kill"
