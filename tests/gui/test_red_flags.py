"""The red-flag screen in the real note window and on the patient record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdf
import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from tests.gui.conftest import DialogAnswers
from tests.gui.session_helpers import activate, new_note
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database
from wristcare.db.models import RedFlagDecision, RedFlagScreen, Referral
from wristcare.db.vocab import ExamTest, Side
from wristcare.gui.safety import letter_export

LEFT = Qt.MouseButton.LeftButton


def _patient(window: Any, database: Database, ctx: ClinicContext) -> int:
    record = create_patient(
        database, ctx, PatientDetails(name="Anna Smith", family_doctor_name="Dr Amir Shah")
    )
    window.patients.list.refresh()
    return record.id


def test_thenar_wasting_raises_a_red_flag_and_a_referral_answers_it(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    patient = _patient(window, database, ctx)
    note = new_note(qtbot, window, patient)
    panel = note.red_flags
    assert panel.summary.property("state") == "clear"
    assert not panel.chip.isVisible()

    right = note.form.objective.hands[Side.RIGHT]
    qtbot.keyClicks(right.results[ExamTest.THENAR_WASTING], "Positive")
    qtbot.waitUntil(lambda: panel.summary.property("state") == "open")
    assert "Thenar wasting" in panel.summary.text()
    assert "from examination, right hand" in panel.flags.text()
    assert panel.chip.isVisible() and panel.chip.text() == "Red flag to answer"

    # Signing waits for an answer.
    note.sign()
    assert note.saved_label.text() == "Not signed: answer the red flags first"

    qtbot.mouseClick(panel.answer_button, LEFT)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.recipient.text() == "Dr Amir Shah"
    assert dialog.reason.toPlainText() == "Thenar wasting"
    dialog.recipient.clear()
    qtbot.mouseClick(dialog.record_button, LEFT)
    assert dialog.isVisible()  # nothing recorded without a recipient
    assert dialog.referral_form.error_text("recipient") == "Say to whom the patient was referred"
    qtbot.keyClicks(dialog.recipient, "Dr Amir Shah, Riverside Surgery")
    qtbot.mouseClick(dialog.record_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    with database.read() as db:
        referral = db.scalars(select(Referral)).one()
        decision = db.scalars(select(RedFlagDecision)).one()
        assert referral.recipient == "Dr Amir Shah, Riverside Surgery"
        assert referral.session_id == note.note.id and referral.referred_on == ctx.today()
        assert decision.flag_codes == "RF-THENAR-WASTING"
    assert panel.summary.property("state") == "answered"
    assert "Referred to Dr Amir Shah, Riverside Surgery" in panel.flags.text()
    assert panel.unanswered_count() == 0

    # The letter: saved where asked, off the GUI thread, then offered to open.
    out = tmp_path / "letter.pdf"
    monkeypatch.setattr(letter_export, "ask_letter_path", lambda parent, suggested: out)
    opened: list[Path] = []
    monkeypatch.setattr(letter_export, "open_file", opened.append)
    assert panel.letter_button.isEnabled()
    qtbot.mouseClick(panel.letter_button, LEFT)
    qtbot.waitUntil(lambda: opened == [out])
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Dear Dr Amir Shah, Riverside Surgery," in " ".join(text.split())
    assert "confirm" in answers.kinds()
    assert answers.errors == []


def test_an_asked_sign_is_stored_and_a_reason_not_to_refer_answers_it(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = _patient(window, database, ctx)
    note = new_note(qtbot, window, patient)
    panel = note.red_flags
    _click(qtbot, panel.questions["lump_at_wrist"])
    qtbot.waitUntil(lambda: panel.summary.property("state") == "open")
    with database.read() as db:
        screen = db.scalars(select(RedFlagScreen)).one()
        assert screen.lump_at_wrist and screen.session_id == note.note.id
    qtbot.mouseClick(panel.answer_button, LEFT)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    _click(qtbot, dialog.not_refer)
    assert dialog.not_refer.isChecked() and not dialog.referral_form.isEnabled()
    qtbot.mouseClick(dialog.record_button, LEFT)
    assert dialog.no_form.error_text("text") == "Give the reason not to refer"
    qtbot.keyClicks(dialog.why_not, "Ganglion known to her GP, scanned in May")
    qtbot.mouseClick(dialog.record_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert panel.summary.property("state") == "answered"
    assert "Not referred" in panel.flags.text()
    with database.read() as db:
        assert db.scalars(select(Referral)).all() == []
        assert db.scalars(select(RedFlagDecision.reason)).one().startswith("Ganglion")
    assert answers.errors == []


def _click(qtbot: Any, widget: Any) -> None:
    """Click a check box or radio button on its indicator, as a user does."""
    qtbot.mouseClick(widget, LEFT, pos=QPoint(6, widget.height() // 2))


def test_intake_screen_on_the_patient_record(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = _patient(window, database, ctx)
    window.patients.open_patient(patient)
    activate(qtbot, window)
    record = window.patients.record
    panel = record.red_flags
    assert panel.summary.property("state") == "clear"
    panel.questions["after_carpal_tunnel_surgery"].setChecked(True)
    qtbot.waitUntil(lambda: panel.summary.property("state") == "open")
    titles = [record.tabs.tabText(index) for index in range(record.tabs.count())]
    assert "Red flags (1 to answer)" in titles
    with database.read() as db:
        screen = db.scalars(select(RedFlagScreen)).one()
        assert screen.session_id is None and screen.after_carpal_tunnel_surgery
    assert answers.errors == []


def test_the_latest_referral_is_corrected_and_audited(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    from wristcare.db.models import AuditEntry

    patient = _patient(window, database, ctx)
    note = new_note(qtbot, window, patient)
    panel = note.red_flags
    assert not panel.correct_button.isEnabled()
    _click(qtbot, panel.questions["sudden_progression"])
    qtbot.waitUntil(lambda: panel.summary.property("state") == "open")
    qtbot.mouseClick(panel.answer_button, LEFT)
    qtbot.waitUntil(panel.dialog.isVisible)
    qtbot.mouseClick(panel.dialog.record_button, LEFT)
    qtbot.waitUntil(lambda: panel.correct_button.isEnabled())

    qtbot.mouseClick(panel.correct_button, LEFT)
    dialog = panel.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.recipient.text() == "Dr Amir Shah"
    dialog.recipient.selectAll()
    qtbot.keyClicks(dialog.recipient, "Dr Amir Shah, Riverside Surgery")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "Referred to Dr Amir Shah, Riverside Surgery" in panel.earlier.text()
    with database.read() as db:
        referral = db.scalars(select(Referral)).one()
        assert referral.recipient == "Dr Amir Shah, Riverside Surgery"
        assert referral.version_id == 2
        entry = db.scalars(select(AuditEntry).where(AuditEntry.entity == "referral")).one()
        assert entry.changes["recipient"] == ["Dr Amir Shah", "Dr Amir Shah, Riverside Surgery"]
    assert answers.errors == []
