"""The real question dialogs: each button gives its answer, Cancel gives the safe one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from wristcare.clinic.patients import PatientRow
from wristcare.gui import dialogs

# The originals: the GUI fixtures replace the module's functions with prepared answers.
ASK_UNSAVED = dialogs.ask_unsaved
ASK_DUPLICATE = dialogs.ask_duplicate
CONFIRM = dialogs.confirm
ASK_RELOAD = dialogs.ask_reload


def _answer_with(label: str) -> None:
    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        [button] = [b for b in box.buttons() if b.text() == label]
        button.click()

    QTimer.singleShot(0, click)


@pytest.mark.parametrize(
    ("label", "answer"),
    [
        ("Save", dialogs.Unsaved.SAVE),
        ("Don't save", dialogs.Unsaved.DISCARD),
        ("Cancel", dialogs.Unsaved.CANCEL),
    ],
)
def test_unsaved_changes(qapp: Any, label: str, answer: dialogs.Unsaved) -> None:
    _answer_with(label)
    assert ASK_UNSAVED(None, "Anna Smith") is answer


@pytest.mark.parametrize(
    ("label", "answer"),
    [
        ("Open existing record", dialogs.Duplicate.OPEN_EXISTING),
        ("Create new record anyway", dialogs.Duplicate.CREATE_ANYWAY),
        ("Cancel", dialogs.Duplicate.CANCEL),
    ],
)
def test_duplicate_patient(qapp: Any, label: str, answer: dialogs.Duplicate) -> None:
    match = PatientRow(1, "P000001", "Anna Smith", "", date(1970, 2, 1), "", "", False, None, None)
    _answer_with(label)
    assert ASK_DUPLICATE(None, match) is answer


@pytest.mark.parametrize(("label", "answer"), [("Archive", True), ("Cancel", False)])
def test_confirm(qapp: Any, label: str, answer: bool) -> None:
    _answer_with(label)
    assert CONFIRM(None, "Archive patient", "Archive Anna Smith?", "Archive") is answer


def test_same_name_without_birth_date_is_asked_softly(qapp: Any) -> None:
    match = PatientRow(1, "P000001", "Anna Smith", "", None, "", "", False, None, None)
    seen: list[tuple[str, str, QMessageBox.Icon]] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.windowTitle(), box.text(), box.icon()))
        [button] = [b for b in box.buttons() if b.text() == "Create new record anyway"]
        button.click()

    QTimer.singleShot(0, click)
    assert ASK_DUPLICATE(None, match, certain=False) is dialogs.Duplicate.CREATE_ANYWAY
    [(title, text, icon)] = seen
    assert title == "Same name as another patient"
    assert "no birth date" in text and "Is this the same person?" in text
    assert icon == QMessageBox.Icon.Information


@pytest.mark.parametrize(("label", "answer"), [("Reload", True), ("Cancel", False)])
def test_reload_after_someone_elses_save(qapp: Any, label: str, answer: bool) -> None:
    _answer_with(label)
    assert ASK_RELOAD(None, "Someone else saved this patient's record.") is answer
