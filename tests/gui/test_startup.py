"""Starting the app: every failure to open or check the database is a dialog and a log line,
a damaged file is found at start and left alone, and a new file elsewhere is asked about."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from wristcare import cli
from wristcare.db import engine as engine_module
from wristcare.gui import app as app_module
from wristcare.gui import open_database as opening
from wristcare.gui import tasks
from wristcare.gui.main_window import MainWindow


class Failures:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def titles(self) -> list[str]:
        return [title for title, _ in self.shown]


@pytest.fixture
def failures(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> Failures:
    failures = Failures()
    monkeypatch.setattr(opening, "show_failure", lambda t, m: failures.shown.append((t, m)))
    # run_app sets these up for the whole application; keep them out of the other tests.
    monkeypatch.setattr(app_module, "apply_style", lambda app: None)
    # These tests are about opening the database; choosing who is using WristCare comes
    # after it (tests/gui/test_practitioners.py), and its first-run dialog would wait.
    monkeypatch.setattr(app_module, "choose_at_start", lambda database, settings: None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return failures


def _start(url: str | None) -> int:
    """What ``wristcare run`` does, up to (not into) the event loop when opening fails."""
    return app_module.run_app(
        lambda: cli.open_current(url), new_file=lambda: cli.new_file_to_create(url)
    )


def _run_until_quit(url: str | None, qapp: Any) -> int:
    # A guard, not a timing: if the app never stops by itself the test fails, not hangs.
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: qapp.exit(99))
    guard.start(60_000)
    try:
        return _start(url)
    finally:
        guard.stop()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
                widget.deleteLater()


def _startup_log(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "wristcare.gui.open_database"]


# --- failures to open ----------------------------------------------------------------------


def test_an_unwritable_data_folder_is_a_dialog(
    tmp_path: Path,
    failures: Failures,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("WRISTCARE_DATA_DIR", str(blocker / "WristCare"))
    caplog.set_level(logging.INFO)

    assert _start(None) == 2

    assert failures.titles() == ["WristCare cannot open the database"]
    assert "Cannot create the data folder" in failures.shown[0][1]
    assert _startup_log(caplog) == [
        f"start-up failed: DatabaseError {failures.shown[0][1]}".strip()
    ]


def test_a_file_that_is_not_a_database_is_a_dialog(
    tmp_path: Path, failures: Failures, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "letter.sqlite3"
    path.write_text("Dear Jane Example-Patient, ...\n" * 20, encoding="utf-8")
    caplog.set_level(logging.INFO)

    assert _start(f"sqlite:///{path}") == 2

    assert failures.titles() == ["The database is damaged"]
    (line,) = _startup_log(caplog)
    assert line.startswith("start-up failed: DatabaseCorruptError")
    assert "Jane" not in caplog.text


def test_a_schema_sqlite_cannot_spell_is_a_dialog(
    undecodable_schema_db: Path, failures: Failures
) -> None:
    assert _start(f"sqlite:///{undecodable_schema_db}") == 2
    assert failures.titles() == ["The database is damaged"]


def test_a_newer_schema_is_a_dialog(
    db_path: Path, failures: Failures, caplog: pytest.LogCaptureFixture
) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    caplog.set_level(logging.INFO)

    assert _start(f"sqlite:///{db_path}") == 2

    assert failures.titles() == ["The database is from a newer WristCare"]
    assert _startup_log(caplog)[0].startswith("start-up failed: SchemaTooNewError")


def test_a_locked_file_is_a_dialog(
    db_path: Path, failures: Failures, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    with sqlite3.connect(db_path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert _start(f"sqlite:///{db_path}") == 2
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert failures.titles() == ["The database is in use"]


# --- a damaged database found by the quick check at start -------------------------------------


def test_a_damaged_database_is_found_at_start_and_left_untouched(
    damaged_index_db: Path, failures: Failures, qapp: Any, caplog: pytest.LogCaptureFixture
) -> None:
    before = damaged_index_db.read_bytes()
    caplog.set_level(logging.INFO)

    assert _run_until_quit(f"sqlite:///{damaged_index_db}", qapp) == 2

    assert failures.titles() == ["The database is damaged"]
    assert "will close without changing the file" in failures.shown[0][1]
    assert _startup_log(caplog)[0].startswith("start-up failed: DatabaseCorruptError")
    assert damaged_index_db.read_bytes() == before


def test_a_whole_database_passes_the_check(
    database: Any, ctx: Any, qtbot: Any, failures: Failures
) -> None:
    window = MainWindow(database, app_module.Settings(), ctx)
    qtbot.addWidget(window)
    damaged: list[bool] = []

    opening.check_in_background(database, window, on_damaged=lambda: damaged.append(True))

    qtbot.waitUntil(lambda: not tasks._running)
    assert damaged == [] and failures.shown == []


# --- a database that does not exist yet --------------------------------------------------------


def test_a_new_file_elsewhere_is_made_only_after_asking(
    tmp_path: Path, failures: Failures, answers: Any
) -> None:
    path = tmp_path / "clinc" / "wristcare.sqlite3"  # mistyped
    answers.confirm = False

    assert _start(f"sqlite:///{path}") == 2

    assert answers.kinds() == ["confirm"]
    assert str(path) in answers.asked[0][1][1]
    assert not path.exists() and not path.parent.exists()
    assert failures.shown == []

    answers.confirm = True
    database = opening.open_database(
        lambda: cli.open_current(f"sqlite:///{path}"),
        lambda: cli.new_file_to_create(f"sqlite:///{path}"),
    )
    assert database is not None
    database.dispose()
    assert answers.kinds() == ["confirm", "confirm"]
    assert path.exists()


def test_the_default_data_file_is_made_without_asking(
    tmp_path: Path, failures: Failures, answers: Any
) -> None:
    database = opening.open_database(
        lambda: cli.open_current(None), lambda: cli.new_file_to_create(None)
    )
    assert database is not None
    database.dispose()
    assert answers.asked == []
    assert (tmp_path / "userdata" / "wristcare.sqlite3").exists()


def test_an_existing_file_is_opened_without_asking(
    db_path: Path, failures: Failures, answers: Any
) -> None:
    url = f"sqlite:///{db_path}"
    database = opening.open_database(
        lambda: cli.open_current(url), lambda: cli.new_file_to_create(url)
    )
    assert database is not None
    database.dispose()
    assert answers.asked == []
