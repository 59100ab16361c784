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
    owner = QObject()
    results: list[object] = []

    def slow() -> str:
        release.wait(5)
        return "points"

    run_in_background(slow, results.append, results.append, owner=owner)
    shiboken6.delete(owner)
    release.set()
    qtbot.waitUntil(lambda: not tasks._running)
    assert results == []

    # With its owner alive, the same call reports as usual.
    alive = QObject()
    run_in_background(lambda: "points", results.append, results.append, owner=alive)
    qtbot.waitUntil(lambda: results == ["points"])


def test_a_cancelled_task_reports_nothing(qapp: Any, qtbot: Any) -> None:
    release = threading.Event()
    results: list[object] = []

    def slow() -> str:
        release.wait(5)
        return "old search"

    task = run_in_background(slow, results.append, results.append)
    assert task.pending
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: tasks.running_count() == 0)
    assert results == [] and not task.pending


def test_a_task_cancelled_before_it_starts_does_not_run(qapp: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    release = threading.Event()
    ran: list[int] = []
    # Fill every worker so the next task waits in the queue.
    blockers = [
        run_in_background(lambda: release.wait(5), lambda _: None, lambda _: None)
        for _ in range(pool.maxThreadCount())
    ]
    waiting = run_in_background(lambda: ran.append(1), ran.append, ran.append)
    waiting.cancel()
    release.set()
    qtbot.waitUntil(lambda: tasks.running_count() == 0)
    assert ran == [] and all(not b.pending for b in blockers)


def test_an_error_without_a_handler_goes_to_the_error_path_and_the_log(
    qapp: Any, qtbot: Any, monkeypatch: Any, caplog: Any
) -> None:
    from wristcare.gui import crash

    shown: list[BaseException] = []
    monkeypatch.setattr(crash, "show_error", lambda parent, error: shown.append(error))

    def fail() -> None:
        raise ValueError("Anna Smith's record")  # a message may hold patient data

    run_in_background(fail, lambda _: None)
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert isinstance(shown[0], ValueError)
    assert "ValueError" in caplog.text and "Anna" not in caplog.text


def test_waiting_for_running_tasks(qapp: Any, qtbot: Any) -> None:
    finished = threading.Event()

    def slow() -> None:
        QThread.msleep(200)
        finished.set()

    run_in_background(slow, lambda _: None, lambda _: None)
    assert tasks.wait_for_running(5_000)
    assert finished.is_set()
