"""``wristcare letter``: a referral letter from the command line, on a real file."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pypdf
import pytest
from cli_helpers import one_line_error, run

from tests.clinic.documents.referral_samples import referred_patient
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database

# main() sets up logging in each test's own data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_logging")


def _text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_cli_writes_an_owner_only_letter(
    database: Database, ctx: ClinicContext, db_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    patient = referred_patient(database, ctx)
    database.dispose()
    out = tmp_path / "letter.pdf"
    code, printed, err = run(capsys, "letter", "--patient", patient.record_number,
                             "--out", str(out), "--db", f"sqlite:///{db_path}")  # fmt: skip
    assert code == 0, err
    assert "wrote the referral letter" in printed and "Margaret" not in printed
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "Dear Dr Amir Shah" in _text(out.read_bytes())[1]


@pytest.mark.parametrize("which", ["unknown", "no sessions"])
def test_cli_refuses_in_one_line(
    which: str, database: Database, ctx: ClinicContext, db_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    record = "P999999"
    if which == "no sessions":
        record = create_patient(database, ctx, PatientDetails(name="Ben New")).record_number
    database.dispose()
    out = tmp_path / "letter.pdf"
    code, _, err = run(capsys, "letter", "--patient", record, "--out", str(out),
                       "--db", f"sqlite:///{db_path}")  # fmt: skip
    line = one_line_error(code, err)
    assert line.startswith("wristcare: ")
    assert ("No patient has the record number P999999" if which == "unknown"
            else "no session notes") in line  # fmt: skip
    assert not out.exists()
