"""The BCTQ form driven like a practitioner: every item answered from the keyboard alone,
then with the mouse; items left out until a scale falls below its minimum."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDateEdit

from wristcare.clinic.outcomes.bctq import BctqMinimum, BctqScale
from wristcare.clinic.outcomes.bctq_entry import BctqItem, BctqSitting
from wristcare.gui.outcomes.bctq_form import AnswerRow, BctqForm

TODAY = date(2026, 3, 14)
SSS, FSS = BctqScale.SYMPTOMS, BctqScale.FUNCTION


def make_form(qtbot: Any, **options: Any) -> BctqForm:
    form = BctqForm(lambda: TODAY, **options)
    qtbot.addWidget(form)
    form.resize(1366, 768)
    form.show()
    qtbot.waitExposed(form)
    return form


@pytest.fixture
def form(qtbot: Any) -> BctqForm:
    return make_form(qtbot)


def text(form: BctqForm, kind: str, scale: BctqScale) -> str:
    scores = form.scores[scale]
    return {"mean": scores.mean, "count": scores.count, "sum": scores.total}[kind].text()


def press(qtbot: Any, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def focused_item() -> BctqItem | None:
    widget = QApplication.focusWidget()
    return widget.item if isinstance(widget, AnswerRow) else None


def click_answer(qtbot: Any, form: BctqForm, item: BctqItem, answer: int | None) -> None:
    button = form.row(item).button(answer)
    with qtbot.waitSignal(form.changed, timeout=1000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, button.height() // 2))


def test_every_item_answered_from_the_keyboard_scores_both_scales(
    qtbot: Any, form: BctqForm
) -> None:
    emitted: list[BctqSitting] = []
    form.changed.connect(emitted.append)
    form.activateWindow()
    form.date_taken.setFocus()
    qtbot.waitUntil(form.date_taken.hasFocus)
    # Tab steps through the date's day, month and year, then on to the first item.
    for _ in range(3):
        press(qtbot, Qt.Key.Key_Tab)
        if focused_item() is not None:
            break
    assert focused_item() == BctqItem(SSS, 1)

    symptoms = [3, 2, 4, 1, 5, 3, 2, 4, 3, 2, 1]  # sum 30, mean 30/11 = 2.7272... -> 2.73
    function = [2, 3, 1, 4, 2, 5, 3, 2]  # sum 22, mean 22/8 = 2.75
    for number, answer in enumerate(symptoms + function):
        expected = BctqItem(SSS, number + 1) if number < 11 else BctqItem(FSS, number - 10)
        assert focused_item() == expected
        press(qtbot, Qt.Key(Qt.Key.Key_0 + answer))
    # After the last item the focus moves on to the sums switch.
    assert QApplication.focusWidget() is form.show_sums

    assert text(form, "mean", SSS) == "Mean score 2.73"
    assert text(form, "count", SSS) == "11 of 11 answered"
    assert text(form, "mean", FSS) == "Mean score 2.75"
    assert text(form, "count", FSS) == "8 of 8 answered"
    # Sums appear only when asked for, labelled as sums.
    assert not form.scores[SSS].total.isVisible()
    press(qtbot, Qt.Key.Key_Space)
    assert form.show_sums.isChecked()
    assert form.scores[SSS].total.isVisible()
    assert text(form, "sum", SSS) == "Sum 30 (of 11-55)"
    assert text(form, "sum", FSS) == "Sum 22 (of 8-40)"

    sitting = emitted[-1]
    assert sitting == form.sitting()
    assert sitting.taken_on == TODAY
    assert sitting.symptoms == tuple(symptoms)
    assert sitting.function == tuple(function)
    assert sitting.result.symptoms.mean == Decimal("2.73")
    assert sitting.result.function.mean == Decimal("2.75")
    assert len(emitted) == 19

    # Back on an item: arrows change the answer, 0 and Delete clear it.
    press(qtbot, Qt.Key.Key_Backtab)
    assert focused_item() == BctqItem(FSS, 8)
    press(qtbot, Qt.Key.Key_Right)
    assert form.answer(BctqItem(FSS, 8)) == 3
    press(qtbot, Qt.Key.Key_Up)
    assert focused_item() == BctqItem(FSS, 7)
    press(qtbot, Qt.Key.Key_0)
    assert form.answer(BctqItem(FSS, 7)) is None
    assert focused_item() == BctqItem(FSS, 7)
    press(qtbot, Qt.Key.Key_Up)
    press(qtbot, Qt.Key.Key_Delete)
    assert form.answer(BctqItem(FSS, 6)) is None
    assert form.row(BctqItem(FSS, 6)).accessibleDescription() == "Not answered"
    assert text(form, "count", FSS) == "6 of 8 answered"
    # (2+3+1+4+2+3) / 6 = 2.5
    assert text(form, "mean", FSS) == "Mean score 2.50"
    assert text(form, "sum", FSS) == "Sum not given: every item must be answered"


def test_answering_with_the_mouse(qtbot: Any, form: BctqForm) -> None:
    first, second = BctqItem(SSS, 1), BctqItem(FSS, 4)
    click_answer(qtbot, form, first, 4)
    assert form.answer(first) == 4
    assert form.row(first).button(4).isChecked()
    assert not form.row(first).button(None).isChecked()
    assert form.row(first).accessibleDescription() == "Answer 4 of 5"
    # The clicked item takes the keyboard focus, so typing carries on from there.
    assert QApplication.focusWidget() is form.row(first)

    click_answer(qtbot, form, first, 2)
    assert form.answer(first) == 2
    assert not form.row(first).button(4).isChecked()
    click_answer(qtbot, form, second, 5)
    assert form.sitting().function[3] == 5
    assert text(form, "count", SSS) == "1 of 11 answered"
    click_answer(qtbot, form, first, None)
    assert form.answer(first) is None
    assert text(form, "count", SSS) == "0 of 11 answered"


def test_items_left_out_are_not_scored_below_the_minimum(qtbot: Any) -> None:
    form = make_form(qtbot, minimum=BctqMinimum(symptoms=8, function=6))
    assert text(form, "mean", SSS) == "Not scored: 0 of 11 items answered, at least 8 needed."
    for number in range(1, 8):
        click_answer(qtbot, form, BctqItem(SSS, number), 2)
    assert text(form, "count", SSS) == "7 of 11 answered"
    assert text(form, "mean", SSS) == "Not scored: 7 of 11 items answered, at least 8 needed."
    assert form.sitting().result.symptoms.mean is None
    click_answer(qtbot, form, BctqItem(SSS, 8), 5)
    # (7 * 2 + 5) / 8 = 2.375 -> 2.38 (half up)
    assert text(form, "mean", SSS) == "Mean score 2.38"

    for number in range(1, 6):
        click_answer(qtbot, form, BctqItem(FSS, number), 3)
    assert text(form, "mean", FSS) == "Not scored: 5 of 8 items answered, at least 6 needed."
    form.show_sums.setChecked(True)
    assert text(form, "sum", FSS) == "Sum not given: every item must be answered"


def test_the_date_taken_cannot_be_in_the_future(qtbot: Any, form: BctqForm) -> None:
    assert form.date_taken.date().toPython() == TODAY
    form.date_taken.setDate(QDate(TODAY + timedelta(days=1)))
    assert form.sitting().taken_on == TODAY
    with qtbot.waitSignal(form.changed) as signal:
        form.date_taken.setDate(QDate(TODAY - timedelta(days=3)))
    assert signal.args[0].taken_on == TODAY - timedelta(days=3)


def test_clinic_wording_replaces_the_topic_and_every_control_is_named(qtbot: Any) -> None:
    wording = {BctqItem(SSS, 1): "How severe is the hand or wrist pain that you have at night?"}
    form = make_form(qtbot, wording=wording)
    row = form.row(BctqItem(SSS, 1))
    assert row.label.text() == "1. How severe is the hand or wrist pain that you have at night?"
    assert row.accessibleName().startswith("Symptom item 1: How severe")
    assert form.row(BctqItem(SSS, 2)).label.text() == "2. Night waking from pain"

    controls = [
        *form.findChildren(QAbstractButton),
        *form.findChildren(QDateEdit),
        *form.findChildren(AnswerRow),
    ]
    assert len(controls) == 19 * 6 + 1 + 1 + 19
    unnamed = [c.objectName() for c in controls if not c.accessibleName()]
    assert unnamed == []
    names = [b.accessibleName() for b in form.row(BctqItem(FSS, 5)).group.buttons()]
    assert names == [f"Opening jars: {n}" for n in range(1, 6)] + ["Opening jars: not answered"]


def test_a_stored_sitting_is_shown_without_a_signal(qtbot: Any, form: BctqForm) -> None:
    sitting = BctqSitting(
        date(2026, 2, 1), (1,) * 11, (2, 2, 2, 2, 2, 2, None, None), BctqMinimum()
    )
    emitted: list[object] = []
    form.changed.connect(emitted.append)
    form.set_sitting(sitting)
    assert emitted == []
    assert form.sitting() == sitting
    assert form.row(BctqItem(FSS, 1)).button(2).isChecked()
    assert form.row(BctqItem(FSS, 8)).button(None).isChecked()
    assert text(form, "mean", SSS) == "Mean score 1.00"
    assert text(form, "count", FSS) == "6 of 8 answered"


def test_nothing_is_clipped_at_1366_by_768(qtbot: Any, form: BctqForm) -> None:
    # Every item row and score is inside the visible part of the form without scrolling.
    form.resize(1366, 700)
    qtbot.wait(10)
    visible = form.rect()
    for widget in [*form.rows.values(), *[s.mean for s in form.scores.values()]]:
        top_left = widget.mapTo(form, QPoint(0, 0))
        bottom_right = widget.mapTo(form, QPoint(widget.width() - 1, widget.height() - 1))
        assert visible.contains(top_left) and visible.contains(bottom_right), widget.objectName()
    for row in form.rows.values():
        assert row.label.width() >= 230
