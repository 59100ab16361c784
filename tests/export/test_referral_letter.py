"""The referral letter PDF read back with pypdf, and `wristcare letter` on a real file."""

from __future__ import annotations

import io
import os
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest

from tests.export.referral_samples import referred_patient
from wristcare import cli
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.clinic.referrals import LetterFacts, SessionSummary, referral_letter_facts
from wristcare.db.engine import Database
from wristcare.export.referral_letter import ReferralLetterError, referral_letter_pdf

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
        record = create_patient(database, ctx, PatientDetails(name="Ben New")).record_number
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


def _facts(**changes: object) -> LetterFacts:
    start = date(2025, 1, 6)
    sessions = tuple(
        SessionSummary(start + timedelta(weeks=n), ("PC7", "PC6"), ("electroacupuncture",))
        for n in range(20)
    )
    values: dict[str, object] = dict(
        clinic_name="Riverside Acupuncture Clinic", clinic_address="12 Mill Lane\nTotnes",
        clinic_phone="", clinic_email="", clinic_logo=None, written_on=date(2025, 6, 15),
        recipient="Dr Amir Shah", recipient_contact="", patient_name="Wei Zhang 张伟",
        date_of_birth=None, record_number="P000042",
        findings=("No clinically important improvement: No clinically important improvement "
                  "after 8 weeks of conservative care.",),
        reason="", referred_on=None, complaint="Tingling, both hands", working_diagnosis="",
        examination=(), sessions=sessions, score_trends=(), practitioner_name="Tess Tester",
        profession="", registration="",
    )  # fmt: skip
    values.update(changes)
    return LetterFacts(**values)  # type: ignore[arg-type]


def test_a_long_course_is_summarised_and_every_page_is_numbered() -> None:
    reader, text = _text(referral_letter_pdf(_facts()))
    flat = " ".join(text.split())
    assert "20 sessions between 6 January 2025 and 19 May 2025" in flat
    assert "9 sessions from 6 January 2025 to 3 March 2025" in flat
    assert "10 March 2025: acupuncture at PC7, PC6; electroacupuncture" in flat
    assert "date of birth not recorded" in flat
    assert "No 0-10 symptom ratings were recorded." in flat
    pages = len(reader.pages)
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in reader.pages[number - 1].extract_text()


def test_a_letter_needs_a_session() -> None:
    with pytest.raises(ReferralLetterError):
        referral_letter_pdf(_facts(sessions=()))


def test_examination_and_scores_in_words() -> None:
    from decimal import Decimal

    from wristcare.clinic.outcomes.improvement import Observation
    from wristcare.clinic.referrals.letter import exam_line, score_trends
    from wristcare.clinic.sessions.notes import FindingView
    from wristcare.db.vocab import ExamResult, ExamTest, Side

    def finding(test: ExamTest, result: ExamResult | None = None, **values: Any) -> FindingView:
        base: dict[str, Any] = dict(
            test=test, side=Side.RIGHT, result=result, digit=None, two_point_mm=None,
            trials=(None, None, None), seconds_to_symptoms=None, note="",
        )  # fmt: skip
        base.update(values)
        return FindingView(**base)

    assert exam_line(finding(ExamTest.PHALEN, ExamResult.POSITIVE, seconds_to_symptoms=35)) == (
        "Phalen's test, right hand: positive after 35 s"
    )
    assert exam_line(finding(ExamTest.THUMB_ABDUCTION, ExamResult.POSITIVE)) == (
        "Thumb abduction, right hand: weak"
    )
    assert exam_line(finding(ExamTest.GRIP, trials=(221, 230, None))) == (
        "Grip strength, right hand: mean 22.6 kg (2 trials)"
    )
    assert exam_line(finding(ExamTest.TWO_POINT, digit=2, two_point_mm=6)) == (
        "Two-point discrimination, right index: 6 mm"
    )
    assert exam_line(finding(ExamTest.TINEL, ExamResult.NOT_DONE)) is None
    scores = [
        Observation("nrs_pain", "none", date(2025, 5, 1), Decimal("7")),
        Observation("nrs_pain", "none", date(2025, 6, 1), Decimal("4")),
        Observation("nrs_pain", "none", date(2025, 6, 8), Decimal("1"), entered_in_error=True),
    ]
    assert score_trends(scores, date(2025, 6, 15)) == (
        "Pain: 7/10 on 1 May 2025, 4/10 on 1 June 2025 (down 3; 2 ratings)",
    )


def test_the_greeting_names_a_doctor_and_never_a_place() -> None:
    from wristcare.export.referral_letter import salutation

    assert salutation("Dr Amir Shah") == "Dear Dr Amir Shah,"
    assert salutation("Mrs Jane Patel") == "Dear Mrs Jane Patel,"
    assert salutation("The patient's GP") == "Dear Doctor,"
    assert salutation("Riverside Surgery") == "Dear Doctor,"
    assert salutation("") == "Dear Doctor,"
