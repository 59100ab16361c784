"""The referral letter PDF read back with pypdf, and `wristcare letter` on a real file."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pypdf
import pytest

from tests.export.referral_samples import referred_patient
from wristcare import cli
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.clinic.referrals import referral_letter_facts
from wristcare.db.engine import Database
from wristcare.export.referral_letter import referral_letter_pdf

NO_CLAIMS = ("cure", "effective", "improved by acupuncture", "guarantee", "proven", "heal")


def _text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_letter_says_who_what_and_why(database: Database, ctx: ClinicContext) -> None:
    patient = referred_patient(database, ctx)
    facts = referral_letter_facts(database, patient.record_number, ctx.today())
    reader, text = _text(referral_letter_pdf(facts))
    flat = " ".join(text.split())
    assert "Dear Dr Amir Shah," in flat
    assert "Riverside Surgery" in flat
    assert "Margaret O'Neill" in flat and "born 3 February 1956" in flat
    assert patient.record_number in flat
    assert "Thenar wasting. Thenar wasting recorded" in flat
    assert "Thenar wasting, right hand: positive" in flat
    assert "Reason for referral: Thenar wasting on the right" in flat
    assert "3 sessions between" in flat and "acupuncture at PC7, PC6, LI4" in flat
    assert "Pain: 6/10" in flat and "(down 1; 3 ratings)" in flat
    assert "Numbness: 7/10" in flat and "(unchanged; 3 ratings)" in flat
    assert "Yours sincerely," in flat and ctx.actor.name in flat
    assert "Page 1 of" in flat
    for claim in NO_CLAIMS:
        assert claim not in flat.lower()
    info = reader.metadata
    assert info.title == f"Referral letter for {facts.patient_name}"
    assert info.author == ctx.actor.name
    assert info.subject == "Referral to Dr Amir Shah"
    assert info.creator.startswith("WristCare")
    assert referral_letter_pdf(facts) == referral_letter_pdf(facts)  # reproducible


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
    assert ("No patient" if which == "unknown" else "no session notes") in lines[0]
    assert not out.exists()
