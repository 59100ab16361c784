"""The GUI operation helper and the app's events: reads off the GUI thread, writes one at a
time in order, every failure explained the same way, and what a write changed told."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QLabel, QWidget

from wristcare.clinic.errors import ValidationError
from wristcare.db.errors import ConcurrentEditError
from wristcare.errors import WristCareError
from wristcare.gui import ops, tasks
from wristcare.gui.events import NOBODY, AppEvents, Changes

from .conftest import DialogAnswers


@pytest.fixture
def owner(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_a_validation_error_goes_to_the_form_and_the_status(
    owner: QWidget, answers: DialogAnswers
) -> None:
    shown: list[dict[str, str]] = []
    status = QLabel()

    def save() -> None:
        raise ValidationError({"name": "Enter the patient's name"})

    assert ops.call(owner, save, form=shown.append, status=status) is ops.FAILED
    assert shown == [{"name": "Enter the patient's name"}]
    assert status.text() == "Not saved: see the messages"
    assert answers.asked == [] and answers.errors == []


@pytest.mark.parametrize("reload_answer", [True, False])
def test_a_stale_save_offers_a_reload(
    owner: QWidget, answers: DialogAnswers, reload_answer: bool
) -> None:
    answers.reload = reload_answer
    reloaded: list[bool] = []

    def save() -> None:
        raise ConcurrentEditError("Someone else saved this record first")

    assert ops.call(owner, save, reload=lambda: reloaded.append(True)) is ops.FAILED
    assert answers.kinds() == ["reload"]
    assert reloaded == ([True] if reload_answer else [])
    assert answers.errors == []


@pytest.mark.expected_errors
def test_other_errors_go_to_the_error_dialog(owner: QWidget, answers: DialogAnswers) -> None:
    refused = WristCareError("The record is archived")
    # Without a form, a validation error is said in the dialog too.
    invalid = ValidationError({"name": "Enter the patient's name"})
    for error in (refused, invalid):

        def save(error: Exception = error) -> None:
            raise error

        assert ops.call(owner, save) is ops.FAILED
    assert answers.errors == [refused, invalid]


@pytest.mark.expected_errors
def test_an_unexpected_error_takes_the_crash_path_without_its_message(
    owner: QWidget, answers: DialogAnswers, caplog: pytest.LogCaptureFixture
) -> None:
    bug = KeyError("Jane Doe")

    def save() -> None:
        raise bug

    with caplog.at_level(logging.WARNING):
        assert ops.call(owner, save) is ops.FAILED
    assert answers.errors == [bug]
    assert "operation failed: KeyError" in caplog.text
    assert "Jane Doe" not in caplog.text


def test_a_read_runs_off_the_gui_thread(owner: QWidget, qtbot: Any) -> None:
    gui = QThread.currentThread()
    seen: list[bool] = []
    ops.read(owner, lambda: QThread.currentThread() is gui, seen.append)
    qtbot.waitUntil(lambda: seen != [])
    assert seen == [False]


def test_writes_run_one_at_a_time_in_the_order_asked(owner: QWidget, qtbot: Any) -> None:
    order: list[int] = []
    running = threading.Semaphore(1)
    threads: set[int] = set()
    done: list[int] = []

    def write(n: int) -> int:
        # A second write overlapping the first would find the semaphore taken.
        assert running.acquire(blocking=False)
        threads.add(threading.get_ident())
        time.sleep(0.01 if n % 2 else 0)
        order.append(n)
        running.release()
        return n

    for n in range(8):
        ops.write(owner, lambda n=n: write(n), done.append)
    qtbot.waitUntil(lambda: len(done) == 8)
    assert order == done == list(range(8))
    assert len(threads) == 1


@pytest.mark.expected_errors
def test_a_write_tells_the_events_what_it_changed(
    owner: QWidget, qtbot: Any, answers: DialogAnswers
) -> None:
    events = AppEvents(None)
    heard: list[tuple[str, int]] = []
    events.patient_changed.connect(lambda p: heard.append(("patient", p)))
    events.plan_changed.connect(lambda p: heard.append(("plan", p)))
    events.session_changed.connect(lambda p: heard.append(("session", p)))
    ops.write(owner, lambda: 7, events=events, changes=lambda n: Changes(sessions=(n,)))
    qtbot.waitUntil(lambda: heard != [])
    assert heard == [("session", 7)]
    # Nothing is told when nothing was written.
    heard.clear()
    refused = WristCareError("The record is archived")

    def refuse() -> None:
        raise refused

    ops.call(owner, refuse, events=events, changes=Changes(plans=(1,)))
    assert heard == [] and answers.errors == [refused]


def test_waiting_for_a_write_reports_it_at_once_and_only_once(owner: QWidget, qtbot: Any) -> None:
    release = threading.Event()
    done: list[str] = []
    task = ops.write(owner, lambda: release.wait(5) and "saved", done.append)
    assert task.pending and done == []
    release.set()
    assert task.wait()
    assert done == ["saved"]  # before the queued report arrives
    qtbot.waitUntil(lambda: not tasks._running)
    qtbot.wait(20)
    assert done == ["saved"]


def test_nothing_is_called_back_for_an_owner_deleted_meanwhile(qtbot: Any) -> None:
    import shiboken6

    widget = QWidget()
    release = threading.Event()
    done: list[object] = []
    ops.write(widget, lambda: release.wait(5), done.append)
    shiboken6.delete(widget)
    release.set()
    assert tasks.wait_for_running()
    qtbot.waitUntil(lambda: not tasks._running)
    assert done == []


@pytest.mark.expected_errors
def test_without_a_practitioner_the_message_is_shown_and_nothing_given(
    owner: QWidget, answers: DialogAnswers
) -> None:
    events = AppEvents(None)
    assert events.require_context(owner) is None
    assert [error.message for error in answers.errors] == [NOBODY]  # type: ignore[attr-defined]
    with pytest.raises(WristCareError):
        events.context_or_raise()


def test_a_new_practitioner_is_told_to_every_listener(ctx: Any) -> None:
    events = AppEvents(None)
    told: list[object] = []
    events.context_changed.connect(lambda: told.append(events.context))
    events.set_context(ctx)
    assert told == [ctx] and events.require_context() is ctx


def test_the_app_waits_for_a_write_before_closing_the_database(owner: QWidget) -> None:
    written = threading.Event()

    def slow_write() -> None:
        time.sleep(0.2)
        written.set()

    ops.write(owner, slow_write)
    assert tasks.wait_for_running()
    assert written.is_set()
