"""The last line of defence: an uncaught exception is shown, logged without any patient
data, and the app goes on."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from wristcare.db.errors import DatabaseLockedError
from wristcare.gui import crash

# The original: the GUI fixtures replace crash.show_error with a recorder.
SHOW_ERROR = crash.show_error


class Shown:
    def __init__(self) -> None:
        self.critical: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []


@pytest.fixture
def shown(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shown]:
    """The real hook and show_error, with the message boxes recorded instead of shown."""
    dialogs = Shown()
    monkeypatch.setattr(crash, "show_error", SHOW_ERROR)
    monkeypatch.setattr(
        QMessageBox, "critical", lambda parent, title, text: dialogs.critical.append((title, text))
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: dialogs.warnings.append((title, text))
    )
    # pytest-qt has its own hook in place: put it back afterwards.
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    crash.install_exception_hook()
    assert sys.excepthook is not sys.__excepthook__
    yield dialogs


def _uncaught(error: BaseException) -> None:
    """What Python does with an exception nobody caught (in a Qt slot, say)."""
    try:
        raise error
    except BaseException as caught:
        sys.excepthook(type(caught), caught, caught.__traceback__)


def test_uncaught_error_is_shown_and_logged_without_patient_data(
    shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="wristcare"):
        _uncaught(RuntimeError("could not parse date for Maria García, born 15/03/1980"))
    [(title, text)] = shown.critical
    assert title == "WristCare"
    assert "Nothing you had already saved is lost" in text
    assert "García" not in text
    # The places of the traceback, the type of the error, and nothing of its message.
    assert "Traceback" in caplog.text
    assert "test_crash.py" in caplog.text and "in _uncaught" in caplog.text
    assert "builtins.RuntimeError" in caplog.text and "message withheld" in caplog.text
    assert "García" not in caplog.text and "15/03/1980" not in caplog.text
    assert shown.warnings == []


def test_the_cause_is_named_but_not_quoted(shown: Shown, caplog: pytest.LogCaptureFixture) -> None:
    def fail() -> None:
        try:
            raise ValueError("Tom Jones")
        except ValueError as error:
            raise KeyError("tom.jones@example.org") from error

    with caplog.at_level(logging.ERROR, logger="wristcare"):
        try:
            fail()
        except KeyError as error:
            sys.excepthook(type(error), error, error.__traceback__)
    assert len(shown.critical) == 1
    assert "caused by builtins.ValueError" in caplog.text and "in fail" in caplog.text
    assert "Tom Jones" not in caplog.text and "example.org" not in caplog.text


def test_an_error_for_the_user_is_shown_as_its_message(
    shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="wristcare"):
        _uncaught(DatabaseLockedError("The database is in use by another program."))
    assert shown.warnings == [("WristCare", "The database is in use by another program.")]
    assert shown.critical == []
    assert caplog.text == ""  # an expected problem, not a bug to report


def test_ctrl_c_is_left_to_python(shown: Shown, monkeypatch: pytest.MonkeyPatch) -> None:
    passed_on: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda kind, error, tb: passed_on.append(kind))
    _uncaught(KeyboardInterrupt())
    assert passed_on == [KeyboardInterrupt]
    assert shown.critical == [] and shown.warnings == []


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_reaches_the_hook_and_the_app_goes_on(
    shown: Shown, qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """As in the running app (pytest-qt's own capture is off here): a bug behind one button
    is reported, and the button still works."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    clicks: list[int] = []

    def broken() -> None:
        clicks.append(1)
        raise RuntimeError("Anna Smith")

    button = QPushButton("Broken")
    qtbot.addWidget(button)
    button.clicked.connect(broken)
    with caplog.at_level(logging.ERROR, logger="wristcare"):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(clicks) == 2 and len(shown.critical) == 2
    assert "in broken" in caplog.text and "Anna Smith" not in caplog.text
