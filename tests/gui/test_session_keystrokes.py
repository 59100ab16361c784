"""Keyboard first: a follow-up note (open the patient, new session, same points as last
time, five new scores, sign) through the real window, counting every key and answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import (
    ChannelDetails,
    PointDetails,
    get_note,
    list_patient_sessions,
    save_draft,
    sign_session,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.vocab import SYMPTOM_SCALES, SessionStatus, Side

from .conftest import DialogAnswers
from .session_helpers import CTRL_SHIFT, activate, add_patient

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
BUDGET = 25


class Keyboard:
    """Presses keys on whatever has the focus, counting each press."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.count = 0

    def press(
        self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        widget = QApplication.focusWidget()
        assert widget is not None
        self.qtbot.keyClick(widget, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        for character in text:
            self.press(Qt.Key(ord(character.upper())))


def _last_time(database: Database, ctx: ClinicContext, patient_id: int) -> None:
    start = datetime(2025, 6, 8, 9, 0, tzinfo=UTC)
    note = start_draft(database, ctx, patient_id, started_at=start)
    details = note.to_details()
    details.complaint = "Numb fingers at night"
    details.side = Side.RIGHT
    details.ended_at = start + timedelta(minutes=45)
    details.points = [
        PointDetails(point=code, side=Side.RIGHT, gauge_hundredths_mm=25, length_mm=40,
                     depth_tenths_mm=80, de_qi=True, retention_minutes=30)
        for code in ("PC7", "PC6", "TE5")
    ]  # fmt: skip
    details.channels = [ChannelDetails(channel=1, point_a=0, point_b=2, minutes=20)]
    details.needles_in = details.needles_out = 3
    note = save_draft(database, ctx, note.id, details, note.version)
    sign_session(database, ctx, note.id, note.version)


def test_a_follow_up_note_takes_at_most_25_keys(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = add_patient(window, database, ctx, "Anna Smith")
    add_patient(window, database, ctx, "Tom Jones")
    _last_time(database, ctx, patient)
    keys = Keyboard(qtbot)
    activate(qtbot, window)

    keys.press(Qt.Key.Key_F, CTRL)  # find the patient
    keys.type("ann")
    keys.press(Qt.Key.Key_Return)
    # The search runs off the GUI thread; Enter opens its first match when it arrives.
    qtbot.waitUntil(lambda: window.patients.record.patient_id == patient)
    keys.press(Qt.Key.Key_N, CTRL_SHIFT)  # new session
    notes = window.notes.windows
    assert len(notes) == 1
    note = next(iter(notes.values()))
    activate(qtbot, note)  # a new window comes to the front by itself on a desktop
    keys.press(Qt.Key.Key_L, CTRL_SHIFT)  # same as last session
    keys.press(Qt.Key.Key_P, ALT)  # the first score
    for number, score in enumerate("53421"):
        if number:
            keys.press(Qt.Key.Key_Tab)
        keys.type(score)
    keys.press(Qt.Key.Key_S, CTRL_SHIFT)  # sign
    qtbot.waitUntil(lambda: not note.busy)  # signed on the write thread
    answered = answers.kinds().count("confirm")  # "Sign" in the confirmation
    assert answered == 1

    total = keys.count + answered
    assert total <= BUDGET, total
    session_id = list_patient_sessions(database, patient)[0].id
    signed = get_note(database, session_id)
    assert signed.status is SessionStatus.SIGNED, note.form.problems.text()
    assert [p.code for p in signed.points] == ["PC7", "PC6", "TE5"]
    assert signed.points[0].depth_tenths_mm == 80 and len(signed.channels) == 1
    assert [signed.score_map[s] for s in SYMPTOM_SCALES] == [5, 3, 4, 2, 1]
    assert signed.complaint == "Numb fingers at night"
    assert (signed.needles_in, signed.needles_out) == (3, 3)
    assert answers.errors == []
