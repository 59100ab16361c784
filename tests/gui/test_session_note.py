"""Writing a whole note through the real window, signing it, failing to edit it, and
amending it; a needle count that differs blocks signing until the search is recorded."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import get_note
from wristcare.db.engine import Database
from wristcare.db.vocab import (
    AmendmentKind,
    ElectroWaveform,
    ExamResult,
    ExamTest,
    Instrument,
    SessionStatus,
    Side,
)

from .conftest import DialogAnswers
from .session_helpers import CTRL_SHIFT, add_patient, add_point, new_note, retype

LEFT = Qt.MouseButton.LeftButton


def _click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, LEFT, pos=QPoint(6, widget.height() // 2))


def test_a_complete_note_signed_locked_and_amended(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = add_patient(window, database, ctx)
    note = new_note(qtbot, window, patient)
    form = note.form
    s = form.subjective
    assert s.complaint.hasFocus()
    qtbot.keyClicks(s.complaint, "Numb thumb and index at night")
    qtbot.keyClicks(s.side, "Right")
    for box, score in zip(s.scores.values(), ("6", "7", "5", "3", "8"), strict=True):
        retype(qtbot, box, score)
    _click(qtbot, s.digits.boxes["right"][0])
    _click(qtbot, s.digits.boxes["right"][1])

    right = form.objective.hands[Side.RIGHT]
    qtbot.keyClicks(right.results[ExamTest.PHALEN], "Positive")
    retype(qtbot, right.phalen_seconds, "35")
    qtbot.keyClicks(right.results[ExamTest.TINEL], "Positive")
    retype(qtbot, right.two_point[1], "6")
    for box, kg in zip(right.grip.boxes, ("22.5", "23", "24.5"), strict=True):
        retype(qtbot, box, kg)
    assert right.grip.mean.text() == "mean 23.3 kg"

    a = form.assessment
    qtbot.keyClicks(a.tongue["tongue_body"], "Pale")
    qtbot.keyClicks(a.tongue["tongue_coating"], "Thin white")
    qtbot.keyClicks(a.pulse_overall, "Thin, wiry")
    qtbot.keyClicks(a.pulses["left_guan"], "Wiry")
    retype(qtbot, a.pattern.lineEdit(), "Qi and blood stagnation in the channels")
    qtbot.keyClicks(a.severity, "Moderate")

    t = form.treatment
    for typed in ("PC7", "neiguan", "SJ5"):  # a code, pinyin, an alias of TE5
        add_point(qtbot, note, typed)
    assert [row.point for row in t.points.rows] == ["PC7", "PC6", "TE5"]
    first = t.points.rows[0]
    retype(qtbot, first.depth, "8")
    qtbot.keyClicks(first.de_qi, "Yes")
    retype(qtbot, t.points.rows[2].retention, "20")
    assert (t.needles_in.number(), t.needles_out.number()) == (3, 3)
    _click(qtbot, t.channels.add_button)
    channel = t.channels.rows[0]
    qtbot.keyClicks(channel.point_b, "3")  # "3 TE5 R"
    retype(qtbot, channel.intensity, "1.5")

    qtbot.keyClick(note, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not note.busy)  # signed on the write thread

    signed = get_note(database, note.note.id)
    assert signed.status is SessionStatus.SIGNED, form.problems.text()
    assert answers.kinds() == ["confirm"]
    assert signed.complaint == "Numb thumb and index at night" and signed.side is Side.RIGHT
    assert signed.score_map == {
        Instrument.NRS_PAIN: 6, Instrument.NRS_NUMBNESS: 7, Instrument.NRS_TINGLING: 5,
        Instrument.NRS_WEAKNESS: 3, Instrument.NRS_NIGHT_WAKING: 8,
    }  # fmt: skip
    assert signed.digits_right == 0b00011
    findings = {(f.test, f.digit): f for f in signed.findings}
    assert findings[(ExamTest.PHALEN, None)].result is ExamResult.POSITIVE
    assert findings[(ExamTest.PHALEN, None)].seconds_to_symptoms == 35
    assert findings[(ExamTest.TWO_POINT, 2)].two_point_mm == 6
    assert findings[(ExamTest.GRIP, None)].trials == (225, 230, 245)
    assert (signed.tongue_body, signed.pulse_left_guan) == ("Pale", "Wiry")
    assert signed.pattern == "Qi and blood stagnation in the channels"
    assert [p.code for p in signed.points] == ["PC7", "PC6", "TE5"]
    assert signed.points[0].depth_tenths_mm == 80 and signed.points[0].de_qi is True
    assert signed.points[1].gauge_hundredths_mm == 25 and signed.points[2].retention_minutes == 20
    assert len(signed.channels) == 1
    ch = signed.channels[0]
    assert (ch.point_a_label, ch.point_b_label) == ("PC7", "TE5")
    assert ch.waveform is ElectroWaveform.CONTINUOUS and ch.intensity_tenths_ma == 15
    assert (signed.needles_in, signed.needles_out) == (3, 3)

    # Locked: typing changes nothing, on screen or in the database.
    assert "Signed" in note.banner.text()
    assert s.complaint.isReadOnly() and not note.sign_button.isVisible()
    qtbot.keyClicks(s.complaint, " and more")
    assert s.complaint.toPlainText() == "Numb thumb and index at night"
    assert note.save()
    assert get_note(database, signed.id).version == signed.version

    amend = note.amendments
    assert amend.isVisible()
    _click(qtbot, amend.addendum_button)
    qtbot.keyClicks(amend.addendum_text, "Patient phoned: numbness eased next day")
    _click(qtbot, amend.sign_addendum)
    _click(qtbot, amend.correct_button)
    amend.field.set_choice("scores.nrs_pain")
    assert amend.old_value.text() == "6"
    qtbot.keyClicks(amend.new_value, "5")
    qtbot.keyClicks(amend.reason, "Misheard the patient")
    _click(qtbot, amend.sign_correction)

    amended = get_note(database, signed.id)
    kinds = [a.kind for a in amended.amendments]
    assert kinds == [AmendmentKind.ADDENDUM, AmendmentKind.CORRECTION]
    correction = amended.amendments[1]
    assert (correction.old_value, correction.new_value) == ("6", "5")
    assert amended.score_map[Instrument.NRS_PAIN] == 6  # the original stays as signed
    assert "Misheard the patient" in amend.list.text()
    assert "numbness eased next day" in amend.list.text()
    assert s.scores[Instrument.NRS_PAIN].number() == 6

    _click(qtbot, amend.error_button)
    _click(qtbot, amend.sign_error)  # no reason given: refused, with the message under it
    assert amend.error_form.error_text("reason") == "The reason is required"
    qtbot.keyClicks(amend.error_reason, "Written in the wrong patient's record")
    _click(qtbot, amend.sign_error)
    marked = get_note(database, signed.id)
    assert marked.status is SessionStatus.ENTERED_IN_ERROR
    assert "Entered in error" in note.banner.text()
    assert s.complaint.toPlainText() == "Numb thumb and index at night"  # still visible
    assert "Written in the wrong patient's record" in amend.list.text()
    assert not amend.error_button.isVisible()
    assert answers.errors == []


def test_needle_counts_that_differ_block_signing_with_a_message(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = add_patient(window, database, ctx)
    note = new_note(qtbot, window, patient)
    s, t = note.form.subjective, note.form.treatment
    qtbot.keyClicks(s.complaint, "Tingling fingers")
    qtbot.keyClicks(s.side, "Left")
    add_point(qtbot, note, "PC7")
    add_point(qtbot, note, "LI4")
    retype(qtbot, t.needles_out, "1")

    qtbot.keyClick(note, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not note.busy)  # refused on the write thread

    assert get_note(database, note.note.id).status is SessionStatus.DRAFT
    message = t.counts.error_text("needle_search_outcome")
    assert "2 needles in but 1 out" in message
    assert t.counts.errors["needle_search_outcome"].isVisible()
    assert "2 needles in but 1 out" in note.form.problems.text()

    qtbot.keyClicks(t.search_outcome, "Searched couch and floor: found in the sharps tray")
    qtbot.keyClick(note, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not note.busy)  # signed on the write thread
    assert get_note(database, note.note.id).status is SessionStatus.SIGNED
    # The patient's Sessions tab follows, and no unsigned draft is offered any more.
    panel = window.patients.record.sessions
    assert panel.model.index(0, 3).data() == "Signed"
    assert panel.model.index(0, 2).data() == "PC7 L, LI4 L"
    assert not panel.draft_bar.isVisible()
    assert answers.errors == []
