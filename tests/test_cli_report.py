"""``wristcare report``: a patient's progress report from the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pypdf
import pytest
from cli_helpers import one_line_error as _one_line_error
from cli_helpers import run as _run

# main() sets up logging in each test's own data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_logging")


def _busiest_patient(path: Path) -> tuple[str, str, int]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT p.record_number, p.name, count(*) FROM patients p "
            "JOIN treatment_sessions s ON s.patient_id = p.id AND s.status = 'signed' "
            "GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1"
        ).fetchone()


def test_report_writes_an_owner_only_pdf(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record, name, signed = _busiest_patient(demo_db)
    out_file = tmp_path / "progress.pdf"

    code, out, err = _run(capsys, "report", "--patient", record, "--out", str(out_file),
                          "--db", f"sqlite:///{demo_db}")  # fmt: skip

    assert code == 0, err
    assert out.strip() == f"wrote the progress report of record {record} to {out_file}"
    assert name not in out
    assert out_file.stat().st_mode & 0o777 == 0o600
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(out_file).pages)
    assert name in text and record in text
    assert f"{signed} signed sessions" in text
    assert "Baseline and latest scores" in text and "Numbness" in text
    # The demo plan's goals, in its words, the one in words only included.
    flat = " ".join(text.split())
    assert "Plan goals" in flat and "Measured by: Numbness" in flat
    assert "Sleep through the night without the hand waking you" in flat


def test_an_unknown_record_is_one_line_and_no_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "progress.pdf"
    code, out, err = _run(capsys, "report", "--patient", "NOPE-1", "--out", str(out_file),
                          "--db", f"sqlite:///{demo_db}")  # fmt: skip
    assert _one_line_error(code, err) == "wristcare: No patient has the record number NOPE-1"
    assert out == "" and not out_file.exists()


def test_a_missing_database_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "typo.sqlite3"
    code, _, err = _run(capsys, "report", "--patient", "P000001", "--out",
                        str(tmp_path / "r.pdf"), "--db", f"sqlite:///{missing}")  # fmt: skip
    assert "There is no database at" in _one_line_error(code, err)
    assert not missing.exists()


def test_an_unwritable_output_is_one_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record, _, _ = _busiest_patient(demo_db)
    target = tmp_path / "no-such-folder" / "r.pdf"
    code, _, err = _run(capsys, "report", "--patient", record, "--out", str(target),
                        "--db", f"sqlite:///{demo_db}")  # fmt: skip
    assert "Cannot save the progress report" in _one_line_error(code, err)


def test_both_options_are_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "report", "--patient", "P000001")
    assert code == 2 and "--out" in err


def test_out_naming_a_folder_is_one_line(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record, _, _ = _busiest_patient(demo_db)
    code, _, err = _run(capsys, "report", "--patient", record, "--out", str(tmp_path),
                        "--db", f"sqlite:///{demo_db}")  # fmt: skip
    assert "names a folder" in _one_line_error(code, err)
