"""The safety findings in the note window: they follow the treatment as it is typed, a
stop keeps the note unsigned (and the sign button says why) until the treatment changes
or it is overridden with a reason, and what fired is signed with the note."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.sessions import get_note
from wristcare.db.engine import Database
from wristcare.db.vocab import FindingResolutionKind, SessionStatus
from wristcare.gui.sessions.safety_panel import QUIET

from .conftest import DialogAnswers
from .session_helpers import CTRL_SHIFT, activate, add_patient, add_point, new_note

PACEMAKER = HealthHistoryDetails(implanted_device=True, implanted_device_detail="Pacemaker")
PREGNANT = HealthHistoryDetails(pregnant=True, pregnancy_due_date=date(2025, 9, 1))


def _click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))


def _open(qtbot: Any, window: Any, database: Database, ctx: ClinicContext,
          history: HealthHistoryDetails) -> Any:  # fmt: skip
    patient = add_patient(window, database, ctx, history=history)
    note = new_note(qtbot, window, patient)
    panel = note.form.treatment.safety
    qtbot.waitUntil(lambda: panel.ready)  # the facts are read in the background
    qtbot.keyClicks(note.form.subjective.complaint, "Numb fingers at night")
    qtbot.keyClicks(note.form.subjective.side, "Right")
    return note


def _codes(note: Any) -> list[str]:
    return [row.shown.code for row in note.form.treatment.safety.rows]


@pytest.mark.parametrize("answer", ["remove the channel", "override with a reason"])
def test_a_pacemaker_and_an_electro_channel_stop_signing_until_answered(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers,
    answer: str,
) -> None:  # fmt: skip
    note = _open(qtbot, window, database, ctx, PACEMAKER)
    t, panel = note.form.treatment, note.form.treatment.safety
    add_point(qtbot, note, "PC7")
    add_point(qtbot, note, "TE5")
    assert _codes(note) == [] and panel.summary.text() == QUIET

    _click(qtbot, t.channels.add_button)

    # At once: no waiting, no saving.
    assert _codes(note) == ["DEVICE-EA"]
    row = panel.rows[0]
    assert row.isVisible() and row.badge.text() == "STOP"
    assert "Pacemaker" in row.text.text()
    assert "clinical.md §4" in row.toolTip() and "No electroacupuncture" in row.toolTip()
    assert "1 stop" in panel.summary.text()
    assert "override reason" in note.sign_button.toolTip()

    qtbot.keyClick(note, Qt.Key.Key_S, CTRL_SHIFT)
    assert get_note(database, note.note.id).status is SessionStatus.DRAFT
    assert "Electroacupuncture with an implanted electrical device" in note.form.problems.text()
    assert "confirm" not in answers.kinds()  # refused before the question

    if answer == "remove the channel":
        _click(qtbot, t.channels.rows[0].remove)
        assert _codes(note) == []
        expected = (FindingResolutionKind.CHANGED_TREATMENT, "")
    else:
        activate(qtbot, note)
        _click(qtbot, row.answer_button)
        assert row.reason.isVisible() and row.reason.hasFocus()
        reason = "Cardiology letter: device off for the session"
        qtbot.keyClicks(row.reason, reason)
        expected = (FindingResolutionKind.OVERRIDDEN, reason)
    assert note.sign_button.toolTip() == "Ctrl+Shift+S"

    qtbot.keyClick(note, Qt.Key.Key_S, CTRL_SHIFT)
    qtbot.waitUntil(lambda: not note.busy)  # signed on the write thread

    signed = get_note(database, note.note.id)
    assert signed.status is SessionStatus.SIGNED, note.form.problems.text()
    (finding,) = signed.safety
    assert finding.code == "DEVICE-EA"
    assert (finding.resolution, finding.reason) == expected
    assert answers.errors == []
    # The signed note shows what fired and how it was answered, read-only.
    assert [r.shown.code for r in panel.rows] == ["DEVICE-EA"]
    assert panel.rows[0].answer_button is None
    assert (
        panel.rows[0]
        .answered.text()
        .startswith("Overridden" if expected[1] else "Treatment changed")
    )


def test_li4_without_pregnancy_is_silent(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    note = _open(qtbot, window, database, ctx, HealthHistoryDetails())
    add_point(qtbot, note, "LI4")
    assert _codes(note) == []
    assert note.form.treatment.safety.summary.text() == QUIET


def test_li4_in_pregnancy_asks_a_reason_to_proceed_kept_with_the_draft(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    note = _open(qtbot, window, database, ctx, PREGNANT)
    add_point(qtbot, note, "LI4")
    assert _codes(note) == ["PREG-AVOID"]
    row = note.form.treatment.safety.rows[0]
    assert row.badge.text() == "Caution"
    assert "needs a reason to proceed" in note.sign_button.toolTip()

    _click(qtbot, row.answer_button)
    qtbot.keyClicks(row.reason, "Discussed with the patient; gentle only")
    assert note.save()

    (kept,) = get_note(database, note.note.id).safety
    assert (kept.code, kept.resolution) == ("PREG-AVOID", FindingResolutionKind.PROCEEDED)
    assert kept.reason == "Discussed with the patient; gentle only"
    assert kept.resolved_by_name == ctx.actor.name
