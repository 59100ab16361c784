"""The referral letter PDF, made from facts built here, read back with pypdf."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pypdf
import pytest

from wristcare.clinic.documents.letterhead import LetterheadFacts
from wristcare.clinic.referrals import LetterFacts, SessionSummary
from wristcare.export.referral_letter import ReferralLetterError, referral_letter_pdf


def _text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _facts(**changes: object) -> LetterFacts:
    start = date(2025, 1, 6)
    sessions = tuple(
        SessionSummary(start + timedelta(weeks=n), ("PC7", "PC6"), ("electroacupuncture",))
        for n in range(20)
    )
    letterhead = LetterheadFacts(
        clinic_name="Riverside Acupuncture Clinic",
        address="12 Mill Lane\nTotnes",
        practitioner_name="Tess Tester",
    )
    values: dict[str, object] = dict(
        letterhead=letterhead, written_on=date(2025, 6, 15),
        recipient="Dr Amir Shah", recipient_contact="", patient_name="Wei Zhang 张伟",
        date_of_birth=None, record_number="P000042",
        findings=("No clinically important improvement: No clinically important improvement "
                  "after 8 weeks of conservative care.",),
        reason="", referred_on=None, complaint="Tingling, both hands", working_diagnosis="",
        examination=(), sessions=sessions, score_trends=(),
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


def test_the_practitioner_signs_and_an_unnamed_clinic_is_not_left_blank() -> None:
    head = LetterheadFacts(clinic_name="", practitioner_name="Tess Tester",
                           profession="Acupuncturist", registration="BAcC 012345")  # fmt: skip
    reader, text = _text(referral_letter_pdf(_facts(letterhead=head)))
    flat = " ".join(text.split())
    assert flat.startswith("Acupuncture clinic")
    assert "Yours sincerely, Tess Tester Acupuncturist Registration: BAcC 012345" in flat
    # Signed at the end, not under the clinic's name; an unnamed clinic signs no name.
    assert flat.count("Tess Tester") == 1 and flat.count("Acupuncture clinic") == 1
    assert reader.metadata.author == "Tess Tester"
    named = replace(head, clinic_name="Riverside Acupuncture Clinic")
    flat = " ".join(_text(referral_letter_pdf(_facts(letterhead=named)))[1].split())
    assert flat.startswith("Riverside Acupuncture Clinic")
    assert flat.endswith("Registration: BAcC 012345 Riverside Acupuncture Clinic") or (
        "Registration: BAcC 012345 Riverside Acupuncture Clinic" in flat
    )


def test_a_letter_needs_a_session() -> None:
    with pytest.raises(ReferralLetterError):
        referral_letter_pdf(_facts(sessions=()))


def test_examination_and_scores_in_words() -> None:
    from decimal import Decimal

    from wristcare.clinic.outcomes.improvement import Observation
    from wristcare.clinic.referrals.letter import exam_line, score_trends
    from wristcare.clinic.sessions.views import FindingView
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
