"""The log file: owner-only, rotated, and never a crash report's message."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from wristcare.logs import crash_report, setup_logging


@pytest.fixture
def logger() -> Iterator[logging.Logger]:
    """The app's logger, set up afresh in this test's data folder and reset afterwards."""
    logger = logging.getLogger("wristcare")
    saved = logger.handlers[:]
    logger.handlers.clear()
    setup_logging()
    yield logger
    for handler in logger.handlers:
        handler.close()
    logger.handlers[:] = saved


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_log_file_and_folders_are_private(logger: logging.Logger, tmp_path: Path) -> None:
    logger.info("opened database")
    folder = tmp_path / "userdata" / "logs"
    assert _mode(folder) == 0o700
    assert _mode(folder.parent) == 0o700
    assert _mode(folder / "wristcare.log") == 0o600
    assert "opened database" in (folder / "wristcare.log").read_text(encoding="utf-8")


def test_files_started_by_a_rollover_are_private(logger: logging.Logger, tmp_path: Path) -> None:
    handler = logger.handlers[0]
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    logger.info("before")
    handler.doRollover()
    logger.info("after")
    folder = tmp_path / "userdata" / "logs"
    assert _mode(folder / "wristcare.log.1") == 0o600
    assert _mode(folder / "wristcare.log") == 0o600
    assert "after" in (folder / "wristcare.log").read_text(encoding="utf-8")


def test_setup_twice_adds_one_handler(logger: logging.Logger) -> None:
    setup_logging()
    assert len(logger.handlers) == 1


def test_crash_report_keeps_places_and_drops_messages() -> None:
    def save_patient() -> None:
        raise ValueError("Jane Doe, born 01/02/1980, phone 07700 900123")

    try:
        try:
            save_patient()
        except ValueError as inner:
            raise RuntimeError(f"saving failed: {inner}") from inner
    except RuntimeError as error:
        report = crash_report(type(error), error, error.__traceback__)

    assert report.startswith("Traceback (most recent call last):")
    assert "test_logs.py" in report
    assert "builtins.RuntimeError (message withheld" in report
    assert "caused by builtins.ValueError" in report
    for secret in ("Jane", "1980", "07700", "saving failed"):
        assert secret not in report
