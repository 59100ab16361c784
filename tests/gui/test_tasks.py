"""Slow work off the GUI thread, with the result (or the error) handed back on it."""

from __future__ import annotations

import threading
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication

from wristcare.gui import tasks
from wristcare.gui.tasks import run_in_background


def _gui_thread() -> QThread:
    return QApplication.instance().thread()


def test_the_result_comes_back_on_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    worked_on: list[QThread] = []
    results: list[tuple[object, bool]] = []

    def work() -> int:
        worked_on.append(QThread.currentThread())
        return 42

    run_in_background(
        work,
        lambda value: results.append((value, QThread.currentThread() == _gui_thread())),
        lambda error: results.append((error, False)),
    )
    qtbot.waitUntil(lambda: len(results) == 1)
    assert results == [(42, True)]
    assert worked_on and worked_on[0] != _gui_thread()


def test_an_error_comes_back_on_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    done: list[object] = []
    errors: list[tuple[BaseException, bool]] = []

    def fail() -> None:
        raise ValueError("no")

    run_in_background(
        fail,
        done.append,
        lambda error: errors.append((error, QThread.currentThread() == _gui_thread())),
    )
    qtbot.waitUntil(lambda: len(errors) == 1)
    [(error, on_gui_thread)] = errors
    assert isinstance(error, ValueError) and str(error) == "no" and on_gui_thread
    assert done == []


def test_many_tasks_each_report_once(qapp: Any, qtbot: Any) -> None:
    results: list[int] = []
    for number in range(20):
        run_in_background(lambda n=number: n * n, results.append, lambda error: None)
    qtbot.waitUntil(lambda: len(results) == 20)
    assert sorted(results) == [n * n for n in range(20)]
    qtbot.waitUntil(lambda: not tasks._running)  # nothing kept once reported


def test_nothing_is_called_back_for_a_widget_deleted_meanwhile(qapp: Any, qtbot: Any) -> None:
    """A window closed while its data loads: the result must not touch what is gone."""
    release = threading.Event()
    context = QObject()
    results: list[object] = []

    def slow() -> str:
        release.wait(5)
        return "points"

    run_in_background(slow, results.append, results.append, context=context)
    shiboken6.delete(context)
    release.set()
    qtbot.waitUntil(lambda: not tasks._running)
    assert results == []

    # With its context alive, the same call reports as usual.
    alive = QObject()
    run_in_background(lambda: "points", results.append, results.append, context=alive)
    qtbot.waitUntil(lambda: results == ["points"])
