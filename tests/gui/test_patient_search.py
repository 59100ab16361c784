"""Searching the patient list: off the GUI thread, the newest search wins, problems are
said under the search box (never a dialog per keystroke), and the patient shown is the
one highlighted, however far down the list."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from wristcare.clinic import patients
from wristcare.clinic.patients import PatientDetails, PatientPage, PatientQuery
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.db.errors import DatabaseLockedError
from wristcare.gui import dialogs
from wristcare.gui.patients.list_model import PatientListModel

from .conftest import DialogAnswers

CTRL = Qt.KeyboardModifier.ControlModifier


def _names(panel: Any) -> list[str]:
    model = panel.model
    return [model.row_of(r).name for r in range(model.rowCount())]


def _settled(qtbot: Any, panel: Any) -> None:
    qtbot.waitUntil(lambda: not panel.model.searching)


def _add(database: Database, ctx: Any, *names: str) -> list[int]:
    return [
        patients.create_patient(
            database, ctx, PatientDetails(name=name, date_of_birth=date(1970, 2, 1))
        ).id
        for name in names
    ]


def _locked(*args: Any, **kwargs: Any) -> None:
    raise DatabaseLockedError("The database is in use by another program.")


def test_a_pasted_page_is_refused_under_the_search_box(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _add(database, window.context, "Anna Smith")
    panel = window.patients.list
    panel.refresh()
    QApplication.clipboard().setText("Pasted by mistake. " * 3_200)  # about 60 KB
    panel.search.setFocus()
    qtbot.keyClick(panel.search, Qt.Key.Key_V, CTRL)
    assert panel.search.text() == ""
    assert panel.problem.isVisible()
    assert "Nothing was pasted" in panel.problem.text()
    assert answers.errors == [] and answers.asked == []
    assert _names(panel) == ["Anna Smith"]


def test_a_search_that_fails_is_said_inline_and_the_list_kept(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers, monkeypatch: Any
) -> None:
    _add(database, window.context, "Anna Smith", "Tom Jones")
    panel = window.patients.list
    panel.refresh()
    find_patients = patients.find_patients
    monkeypatch.setattr(patients, "find_patients", _locked)
    qtbot.keyClicks(panel.search, "tom")
    qtbot.waitUntil(panel.problem.isVisible)
    _settled(qtbot, panel)
    assert "in use by another program" in panel.problem.text()
    assert answers.errors == []  # no dialog, let alone one per keystroke
    assert _names(panel) == ["Anna Smith", "Tom Jones"]
    assert panel.count.text() == "2 patients"
    # Once the database answers again, the next keystroke searches and the message goes.
    monkeypatch.setattr(patients, "find_patients", find_patients)
    qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
    _settled(qtbot, panel)
    assert _names(panel) == ["Tom Jones"]
    assert not panel.problem.isVisible()


def test_a_failed_sort_is_said_inline_too(
    window: Any, qtbot: Any, database: Database, answers: DialogAnswers, monkeypatch: Any
) -> None:
    _add(database, window.context, "Anna Smith")
    panel = window.patients.list
    panel.refresh()
    monkeypatch.setattr(patients, "find_patients", _locked)
    panel.model.sort(2, Qt.SortOrder.DescendingOrder)
    assert panel.problem.isVisible() and answers.errors == []


def test_the_search_runs_off_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    threads: list[bool] = []

    def fetch(query: PatientQuery, offset: int, limit: int) -> PatientPage:
        threads.append(QThread.currentThread() == QApplication.instance().thread())
        return PatientPage([], 0)

    model = PatientListModel(fetch)
    with qtbot.waitSignal(model.search_finished):
        model.search(PatientQuery(text="anna"))
    assert threads == [False]
    assert model.query.text == "anna"


def test_a_newer_search_supersedes_an_older_one(
    window: Any, qtbot: Any, database: Database, monkeypatch: Any
) -> None:
    _add(database, window.context, "Anna Smith", "Tom Jones")
    panel = window.patients.list
    panel.refresh()
    release = threading.Event()
    find_patients = patients.find_patients

    def slow_for_anna(db: Any, query: PatientQuery, **kwargs: Any) -> Any:
        if query.text == "anna":
            release.wait(10)
        return find_patients(db, query, **kwargs)

    monkeypatch.setattr(patients, "find_patients", slow_for_anna)
    panel.search.setText("anna")  # still running when the next search is typed
    panel.search.setText("tom")
    qtbot.waitUntil(lambda: _names(panel) == ["Tom Jones"])
    release.set()
    qtbot.waitUntil(lambda: panel.model.query.text == "tom" and not panel.model.searching)
    from wristcare.gui import tasks

    qtbot.waitUntil(lambda: tasks.running_count() == 0)
    assert _names(panel) == ["Tom Jones"]  # the older result was dropped
    assert panel.search.text() == "tom"


def test_enter_while_searching_opens_the_first_match_of_that_search(
    window: Any, qtbot: Any, database: Database, monkeypatch: Any
) -> None:
    anna, tom = _add(database, window.context, "Anna Smith", "Tom Jones")
    panel = window.patients.list
    panel.refresh()
    release = threading.Event()
    find_patients = patients.find_patients

    def slow(db: Any, query: PatientQuery, **kwargs: Any) -> Any:
        release.wait(10)
        return find_patients(db, query, **kwargs)

    monkeypatch.setattr(patients, "find_patients", slow)
    panel.search.setText("tom")
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    assert window.patients.record.patient_id is None  # Anna, still listed, is not opened
    release.set()
    qtbot.waitUntil(lambda: window.patients.record.patient_id == tom)


@pytest.fixture
def small_pages(qtbot: Any, database: Database, ctx: Any) -> Any:
    """The main window with pages of 10 rows, so that "beyond the first page" is cheap."""
    from wristcare.gui.main_window import MainWindow

    window = MainWindow(database, Settings(patients_page_size=10), ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.load()
    return window


def _highlighted(window: Any) -> int | None:
    return window.patients.list.selected_patient_id()


def test_open_existing_record_beyond_the_first_page_highlights_it(
    small_pages: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    window = small_pages
    ids = _add(database, window.context, *(f"Patient {n:03d}" for n in range(35)))
    window.patients.list.refresh()
    assert window.patients.model.rowCount() == 10
    window.patients.open_patient(ids[0])
    assert _highlighted(window) == ids[0]
    # A new record for Patient 031: the duplicate question, "open the existing record".
    answers.duplicate = dialogs.Duplicate.OPEN_EXISTING
    window.patients.new_patient()
    details = window.patients.record.details
    details.name.setText("Patient 031")
    details.date_of_birth.setText("01/02/1970")
    window.patients.record.save()
    assert answers.kinds() == ["duplicate"]
    assert window.patients.record.patient_id == ids[31]
    assert _highlighted(window) == ids[31]


def test_a_patient_outside_the_search_is_found_by_record_number(
    small_pages: Any, qtbot: Any, database: Database
) -> None:
    window = small_pages
    anna, tom = _add(database, window.context, "Anna Smith", "Tom Jones")
    panel = window.patients.list
    panel.search.setText("anna")
    _settled(qtbot, panel)
    window.patients.open_patient(tom)
    _settled(qtbot, panel)
    assert _highlighted(window) == tom
    assert panel.search.text() == patients.get_patient(database, tom).record_number


def test_closing_the_window_waits_for_a_running_search(
    window: Any, qtbot: Any, database: Database, monkeypatch: Any
) -> None:
    """The app closes the database after the window: no search may still be reading."""
    finished = threading.Event()
    find_patients = patients.find_patients

    def slow(db: Any, query: PatientQuery, **kwargs: Any) -> Any:
        QThread.msleep(300)
        page = find_patients(db, query, **kwargs)
        finished.set()
        return page

    monkeypatch.setattr(patients, "find_patients", slow)
    window.patients.list.search.setText("anna")
    assert window.close()
    assert finished.is_set()
