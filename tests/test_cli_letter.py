"""``wristcare letter``: a referral letter from the command line, on a real file."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pypdf
import pytest

from tests.clinic.documents.referral_samples import referred_patient
from wristcare import cli
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database


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
    code = cli.main(
        ["letter", "--patient", patient.record_number, "--out", str(out), "--db",
         f"sqlite:///{db_path}"]
    )  # fmt: skip
    printed, err = capsys.readouterr()
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
        record = create_patient(database, PatientDetails(name="Ben New"), ctx=ctx).record_number
    database.dispose()
    out = tmp_path / "letter.pdf"
    code = cli.main(
        ["letter", "--patient", record, "--out", str(out), "--db", f"sqlite:///{db_path}"]
    )
    err = capsys.readouterr().err
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("wristcare: ") and "Traceback" not in err
    assert ("No patient has the record number P999999" if which == "unknown"
            else "no session notes") in lines[0]  # fmt: skip
    assert not out.exists()
