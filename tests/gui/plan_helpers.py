"""Driving the plan editor through the real window (shared by tests/gui/test_plan_*)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt

from .session_helpers import activate, retype

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, LEFT, pos=QPoint(6, widget.height() // 2))


def new_plan(qtbot: Any, window: Any, patient_id: int) -> Any:
    """Open the patient, go to the Plans tab and press New plan: the plan window."""
    window.patients.open_patient(patient_id)
    record = window.patients.record
    record.tabs.setCurrentWidget(record.plans)
    before = set(window.plan_windows.windows)
    click(qtbot, record.plans.new_button)
    windows = window.plan_windows.windows
    qtbot.waitUntil(lambda: bool(set(windows) - before))
    plan_window = windows[next(iter(set(windows) - before))]
    activate(qtbot, plan_window)
    return plan_window


def choose(qtbot: Any, choice: Any, text: str) -> None:
    """Pick the entry of a pick list that starts with ``text``, as typing it would."""
    index = next(i for i in range(choice.count()) if choice.itemText(i).startswith(text))
    choice.setFocus()
    choice.setCurrentIndex(index)


def add_point(qtbot: Any, plan_window: Any, typed: str) -> None:
    entry = plan_window.form.points.entry
    entry.setFocus()
    qtbot.keyClicks(entry, typed)
    qtbot.keyClick(entry, Qt.Key.Key_Return)


def add_home_care(qtbot: Any, plan_window: Any, title: str) -> Any:
    editor = plan_window.form.home_care
    qtbot.waitUntil(lambda: editor.picker.count() > 0)
    choose(qtbot, editor.picker, title)
    click(qtbot, editor.add_button)
    return editor.list.rows[-1]


def write_plan(qtbot: Any, plan_window: Any) -> None:
    """A whole plan typed in: problem, review date, a goal, two phases, two points (paired
    for electro) and two home-care items with their dose changed."""
    form = plan_window.form
    qtbot.keyClicks(form.problem, "Right carpal tunnel syndrome: numb thumb and index at night")
    retype(qtbot, form.review_on, "06/07/2025")
    click(qtbot, form.goals.add_button)
    goal = form.goals.rows[0]
    qtbot.keyClicks(goal.description, "Numbness 3/10 or less by 15 July")
    choose(qtbot, goal.measure, "Numbness")
    retype(qtbot, goal.baseline, "7")
    retype(qtbot, goal.target, "3")
    retype(qtbot, goal.target_on, "15/07/2025")
    phases = form.phases.list
    click(qtbot, phases.add_button)
    retype(qtbot, phases.rows[0].per_week, "2")
    retype(qtbot, phases.rows[0].weeks, "3")
    click(qtbot, phases.add_button)
    retype(qtbot, phases.rows[1].weeks, "4")
    qtbot.keyClicks(phases.rows[1].note, "then review")
    add_point(qtbot, plan_window, "PC7")
    add_point(qtbot, plan_window, "neiguan")
    choose(qtbot, form.points.list.rows[0].pair, "2 PC6")
    gliding = add_home_care(qtbot, plan_window, "Tendon gliding")
    retype(qtbot, gliding.doses["repetitions"], "8")
    splint = add_home_care(qtbot, plan_window, "Night splint")
    retype(qtbot, splint.doses["weeks"], "6")
