"""The parts every view relies on: navigation, the crash hook, background work."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox

from wristcare.gui import crash
from wristcare.gui.tasks import run_in_background


def test_navigation_reaches_every_view(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for number, view in enumerate(
        (window.patients, window.sessions, window.plans, window.library), start=1
    ):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.stack.currentWidget() is view


def test_uncaught_error_is_logged_without_patient_data_and_shown(
    qapp: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    crash.install_exception_hook()
    try:
        raise RuntimeError("could not parse date for Maria García, born 15/03/1980")
    except RuntimeError as error:
        with caplog.at_level(logging.ERROR, logger="wristcare"):
            sys.excepthook(type(error), error, error.__traceback__)
    assert len(shown) == 1 and "Nothing you had already saved is lost" in shown[0]
    assert "test_app_shell.py" in caplog.text and "RuntimeError" in caplog.text
    assert "García" not in caplog.text and "1980" not in caplog.text


def test_background_work_reports_back_on_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    gui_thread = QApplication.instance().thread()
    results: list[tuple[object, bool]] = []

    def work() -> int:
        assert QThread.currentThread() is not gui_thread
        return 42

    run_in_background(
        work,
        lambda value: results.append((value, QThread.currentThread() is gui_thread)),
        results.append,
    )
    qtbot.waitUntil(lambda: len(results) == 1)
    assert results == [(42, True)]

    def fail() -> None:
        raise ValueError("no")

    errors: list[BaseException] = []
    run_in_background(fail, results.append, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ValueError) and len(results) == 1
