"""Outcome entry through the real window: the Progress tab of a patient's record, a BCTQ
answered from the keyboard and the mouse, a symptom map marked with both, an external
QuickDASH, and a score marked entered in error leaving the chart and the table."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.gui.session_helpers import activate, add_patient
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.outcomes.bctq import BctqScale
from wristcare.clinic.outcomes.bctq_entry import BCTQ_ITEMS
from wristcare.clinic.outcomes.hand_map import Hand, Place, Region, Surface
from wristcare.db.engine import Database
from wristcare.db.models import OutcomeMeasure
from wristcare.gui.outcomes.entry_dialogs import BctqDialog, EnteredInErrorDialog, HandMapDialog
from wristcare.gui.outcomes.progress_view import PatientProgressView

TODAY = date(2025, 6, 15)


@pytest.fixture
def progress(qtbot: Any, patients_page: Any, database: Database, ctx: ClinicContext) -> Any:
    """The Progress tab of a new patient's record, on screen and read (only the Patients
    view is built)."""
    patient_id = add_patient(patients_page, database, ctx)
    patients_page.open_patient(patient_id)
    record = patients_page.record
    view: PatientProgressView = record.progress
    with qtbot.waitSignal(view.loaded, timeout=5000):
        record.tabs.setCurrentWidget(view)
    activate(qtbot, patients_page)
    return view


def _dialog(qtbot: Any, view: PatientProgressView, click: Any, kind: type) -> Any:
    qtbot.mouseClick(click, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, kind)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def _save(qtbot: Any, view: PatientProgressView, dialog: Any) -> None:
    """Click Save and wait for the dialog to store, close and the course to be read."""
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def _answer_by_keyboard(qtbot: Any, dialog: BctqDialog, scale: BctqScale, answers: str) -> None:
    """Focus the scale's first item and type an answer per item (1-5 moves on; 0 clears
    and stays, so Down moves on)."""
    rows = [dialog.form.row(item) for item in BCTQ_ITEMS[scale]]
    rows[0].setFocus()
    for row, key in zip(rows, answers, strict=True):
        assert QApplication.focusWidget() is row
        qtbot.keyClick(row, getattr(Qt.Key, f"Key_{key}"))
        if key == "0":
            qtbot.keyClick(row, Qt.Key.Key_Down)


def _chart_values(view: PatientProgressView) -> list[Decimal]:
    data = view.panel.chart.data()
    assert data is not None
    return [Decimal(o.value) for o in data.series]


def _table_scores(view: PatientProgressView) -> list[str]:
    model = view.panel.table
    return [model.index(row, model.SCORE).data() for row in range(model.rowCount())]


def test_a_bctq_entered_from_keyboard_and_mouse_reaches_chart_and_table(
    qtbot: Any, progress: PatientProgressView, database: Database, answers: Any
) -> None:
    view = progress
    assert view.panel.table.rowCount() == 0
    dialog = _dialog(qtbot, view, view.bctq_button, BctqDialog)
    # Below the minimum: refused in the dialog, nothing stored.
    _answer_by_keyboard(qtbot, dialog, BctqScale.SYMPTOMS, "33333" + "000000")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.problems.isVisible())
    assert "5 of 11" in dialog.problems.text()
    assert dialog.isVisible()
    # Completed from the keyboard; one function answer from the mouse.
    _answer_by_keyboard(qtbot, dialog, BctqScale.SYMPTOMS, "44443333444")
    _answer_by_keyboard(qtbot, dialog, BctqScale.FUNCTION, "2233232" + "0")
    last = dialog.form.row(BCTQ_ITEMS[BctqScale.FUNCTION][-1])
    qtbot.mouseClick(last.button(3), Qt.MouseButton.LeftButton)
    assert dialog.form.scores[BctqScale.SYMPTOMS].mean.text() == "Mean score 3.64"
    dialog.form.date_taken.setDate(QDate(TODAY - timedelta(days=14)))
    _save(qtbot, view, dialog)
    # 40 / 11 = 3.636..., shown as 3.64; the function scale is one more measure.
    view.panel.set_measure("bctq_sss")
    assert _chart_values(view) == [Decimal("3.64")]
    assert _table_scores(view) == ["3.64"]
    view.panel.set_measure("bctq_fss")
    assert _chart_values(view) == [Decimal("2.50")]

    # A second sitting today: the chart and table grow, and the change is judged.
    dialog = _dialog(qtbot, view, view.bctq_button, BctqDialog)
    _answer_by_keyboard(qtbot, dialog, BctqScale.SYMPTOMS, "22222222222")
    _save(qtbot, view, dialog)
    view.panel.set_measure("bctq_sss")
    assert _chart_values(view) == [Decimal("3.64"), Decimal("2.00")]
    model = view.panel.table
    assert model.index(1, model.CHANGE).data() == "-1.64"
    assert model.index(1, model.IMPORTANT).data() == "Yes, better"
    with database.read() as db:
        assert len(db.scalars(select(OutcomeMeasure.id)).all()) == 3
    assert answers.errors == []


def test_marking_a_score_in_error_takes_it_off_the_chart(
    qtbot: Any, progress: PatientProgressView, database: Database, answers: Any
) -> None:
    view = progress
    for symptoms in ("44444444444", "33333333333"):
        dialog = _dialog(qtbot, view, view.bctq_button, BctqDialog)
        _answer_by_keyboard(qtbot, dialog, BctqScale.SYMPTOMS, symptoms)
        _save(qtbot, view, dialog)
    view.panel.set_measure("bctq_sss")
    assert _chart_values(view) == [Decimal("4.00"), Decimal("3.00")]
    assert not view.mark_button.isEnabled()
    table = view.panel.table_view
    table.selectionModel().select(
        view.panel.table.index(1, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert view.mark_button.isEnabled()
    dialog = _dialog(qtbot, view, view.mark_button, EnteredInErrorDialog)
    # No reason: refused under the field.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fields.error_text("reason") != "")
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Answers were the other patient's")
    _save(qtbot, view, dialog)
    assert _chart_values(view) == [Decimal("4.00")]
    assert _table_scores(view) == ["4.00"]
    with database.read() as db:
        marked = db.scalars(
            select(OutcomeMeasure).where(OutcomeMeasure.entered_in_error_at.is_not(None))
        ).all()
        assert [row.entered_in_error_reason for row in marked] == [
            "Answers were the other patient's"
        ]
        assert len(db.scalars(select(OutcomeMeasure.id)).all()) == 2  # kept, not deleted
    assert answers.errors == []


def test_a_symptom_map_by_mouse_and_keyboard_is_rated_and_shown(
    qtbot: Any, progress: PatientProgressView, database: Database
) -> None:
    view = progress
    assert view.maps_label.text() == "No hand symptom map yet."
    dialog = _dialog(qtbot, view, view.map_button, HandMapDialog)
    editor = dialog.editor
    canvas = editor.canvas
    # The mouse: numbness on the right thumb, palm side.
    thumb = Place(Hand.RIGHT, Surface.PALMAR, Region.DIGIT_1)
    target = editor.region_button(thumb)
    centre = canvas.region_centre(thumb)
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(canvas, centre))
    # The keyboard: the index finger, then the middle finger, numbness rated 6.
    index = editor.region_button(Place(Hand.RIGHT, Surface.PALMAR, Region.DIGIT_2))
    index.setFocus()
    qtbot.keyClick(index, Qt.Key.Key_N)
    qtbot.keyClick(index, Qt.Key.Key_6)
    middle = editor.region_button(Place(Hand.RIGHT, Surface.PALMAR, Region.DIGIT_3))
    middle.setFocus()
    qtbot.keyClick(middle, Qt.Key.Key_Space)
    assert editor.katz_labels[Hand.RIGHT].text() == "Right hand: Classic"
    _save(qtbot, view, dialog)
    assert "Right hand: classic" in view.maps_label.text()
    assert "Left hand: unlikely" in view.maps_label.text()
    with database.read() as db:
        rows = db.scalars(select(OutcomeMeasure).order_by(OutcomeMeasure.side)).all()
        assert [(str(r.side), str(r.category)) for r in rows] == [
            ("left", "unlikely"),
            ("right", "classic"),
        ]
        assert {mark["intensity"] for mark in rows[1].answers["marks"]} == {None, 6}
    # Entered in error: both hands of the sitting are marked, and the map leaves the view.
    assert view.mark_map_button.isEnabled()
    dialog = _dialog(qtbot, view, view.mark_map_button, EnteredInErrorDialog)
    qtbot.keyClicks(dialog.reason, "Drawn for the wrong patient")
    _save(qtbot, view, dialog)
    assert view.maps_label.text() == "No hand symptom map yet."
    assert not view.mark_map_button.isEnabled()
    with database.read() as db:
        reasons = db.scalars(select(OutcomeMeasure.entered_in_error_reason)).all()
        assert reasons == ["Drawn for the wrong patient"] * 2


def test_an_external_quickdash_needs_its_source(
    qtbot: Any, progress: PatientProgressView, database: Database
) -> None:
    from wristcare.gui.outcomes.entry_dialogs import QuickDashDialog

    view = progress
    dialog = _dialog(qtbot, view, view.quickdash_button, QuickDashDialog)
    dialog.score.setFocus()
    qtbot.keyClicks(dialog.score, "45.5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.fields.error_text("source") != "")
    dialog.source.setFocus()
    qtbot.keyClicks(dialog.source, "Hand clinic letter")
    _save(qtbot, view, dialog)
    view.panel.set_measure("quickdash_external")
    assert _chart_values(view) == [Decimal("45.50")]
    with database.read() as db:
        (row,) = db.scalars(select(OutcomeMeasure)).all()
        assert row.source == "Hand clinic letter" and row.answers == {}


def test_a_bctq_from_the_session_note_belongs_to_that_session(
    qtbot: Any, window: Any, database: Database, ctx: ClinicContext, answers: Any
) -> None:
    from tests.gui.session_helpers import new_note

    patient_id = add_patient(window, database, ctx)
    note = new_note(qtbot, window, patient_id)
    button = note.outcomes
    assert button.isVisible()
    button.menu().actions()[0].trigger()  # "BCTQ questionnaire…"
    dialog = button.dialog
    assert isinstance(dialog, BctqDialog)
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    assert not dialog.form.date_taken.isEnabled()
    assert dialog.form.date_taken.date().toPython() == note.note.local_date
    _answer_by_keyboard(qtbot, dialog, BctqScale.FUNCTION, "33333333")
    with qtbot.waitSignal(button.recorded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.read() as db:
        (row,) = db.scalars(select(OutcomeMeasure)).all()
        assert (row.session_id, str(row.instrument)) == (note.note.id, "bctq_fss")
        assert row.taken_on == note.note.local_date
    assert answers.errors == []


def test_hundreds_of_scores_load_in_the_background_and_draw_once(
    qtbot: Any, window: Any, database: Database, ctx: ClinicContext
) -> None:
    patient_id = add_patient(window, database, ctx)
    first = TODAY - timedelta(days=399)
    with database.transaction() as db:
        db.add_all(
            OutcomeMeasure(
                patient_id=patient_id, instrument="quickdash_external", side="none",
                taken_on=first + timedelta(days=n), score=Decimal(80 - n % 60),
                scoring_rule="external", answers={}, source="hand clinic",
                recorded_by_id=ctx.actor.practitioner_id, recorded_by_name=ctx.actor.name,
            )
            for n in range(400)
        )  # fmt: skip
    window.patients.open_patient(patient_id)
    record = window.patients.record
    view = record.progress
    with qtbot.waitSignal(view.loaded, timeout=10000):
        record.tabs.setCurrentWidget(view)
    # The only measure with scores is chosen on first showing.
    assert view.panel.measure() == "quickdash_external"
    assert len(_chart_values(view)) == 400 and view.panel.table.rowCount() == 400
    chart = view.panel.chart
    chart.picture()
    drawn = chart.draw_count
    chart.repaint()
    chart.repaint()
    assert chart.draw_count == drawn  # repaints copy the cached picture
