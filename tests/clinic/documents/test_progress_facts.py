"""The progress report's facts read from a real SQLite file (a demo patient with 12
sessions, a plan with goals), mapped and rendered by export/."""

from __future__ import annotations

import io
import random
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from plans_helpers import record_numbness
from tools import require_tool

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.documents.progress import progress_facts, report_thresholds
from wristcare.clinic.errors import NotFoundError
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.clinic.patients import (
    PatientDetails,
    create_patient,
    get_patient,
    patient_by_record_number,
)
from wristcare.clinic.plans import (
    GoalDetails,
    PhaseDetails,
    PlanDetails,
    create_plan,
    make_current,
)
from wristcare.db.engine import Database
from wristcare.db.vocab import Instrument, MeasureSide
from wristcare.demo.sessions import add_demo_course
from wristcare.errors import WristCareError
from wristcare.export.progress_report import write_progress_report_pdf
from wristcare.export.progress_report_document import report_document


def _demo_patient_with_12_signed_sessions(database: Database, ctx: ClinicContext) -> int:
    first_day = ctx.today() - timedelta(days=120)
    # Seeds from 17 on: the first that gives 12 signed notes on the suite's pinned clock
    # (the search stays, so a change to the demo cannot make this test vacuous).
    for seed in range(17, 80):
        patient = create_patient(
            database, ctx, PatientDetails(name=f"Demo Patient {seed}"), allow_duplicate=True
        )
        course = add_demo_course(database, ctx, patient.id, random.Random(seed), first_day)
        if course.signed == 12:
            return patient.id
    raise AssertionError("no demo seed gave 12 signed sessions")


def test_the_report_of_a_demo_patient_with_12_sessions(
    database: Database, ctx: ClinicContext, tmp_path: Path
) -> None:
    patient_id = _demo_patient_with_12_signed_sessions(database, ctx)
    settings = get_clinic_settings(database)
    details = settings.details
    details.name = "Riverside Acupuncture Clinic"
    details.phone = "01803 555 0142"
    details.extra = {"outcomes": {"thresholds": {"nrs_points": 3}}}
    update_clinic_settings(database, ctx, details, expected_version=settings.version_id)

    document = report_document(progress_facts(database, ctx, patient_id))

    assert len(document.session_dates) == 12
    assert document.issued_on == ctx.today()
    assert document.letterhead.clinic_name == "Riverside Acupuncture Clinic"
    assert document.letterhead.practitioner_name == ctx.actor.name
    titles = [chart.title for chart in document.charts]
    assert titles[:6] == ["Pain", "Numbness", "Tingling", "Weakness or clumsiness",
                          "Night waking", "Global Symptom Score"]  # fmt: skip
    assert all(len(chart.points) == 12 for chart in document.charts[:6])
    assert any(title.startswith("Grip strength") for title in titles)
    assert "0-10 ratings: 3 points or 30% of baseline" in document.thresholds
    assert document.points and document.points[0].sessions >= 1
    target = tmp_path / "report.pdf"
    data = write_progress_report_pdf(document, target)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "12 signed sessions" in text
    patient = get_patient(database, patient_id)
    assert patient.details.name in text and patient.record_number in text
    pdftoppm = require_tool("pdftoppm", "poppler-utils")
    subprocess.run([pdftoppm, "-png", "-r", "60", str(target), str(tmp_path / "page")],
                   check=True, timeout=120)  # fmt: skip
    assert len(list(tmp_path.glob("page-*.png"))) == len(pypdf.PdfReader(str(target)).pages)


def test_an_unknown_patient_is_named_in_the_error(database: Database, ctx: ClinicContext) -> None:
    with pytest.raises(NotFoundError, match="No patient has the record number P999999"):
        patient_by_record_number(database, " p999999 ")
    with pytest.raises(NotFoundError):
        progress_facts(database, ctx, 424242)


def test_the_report_takes_the_thresholds_from_the_outcome_settings(database: Database) -> None:
    settings = get_clinic_settings(database)
    assert report_thresholds(settings) == OutcomeThresholds()
    settings.details.extra = {"outcomes": {"thresholds": {"nrs_points": 3, "bctq_sss": "1.45"}}}
    assert report_thresholds(settings) == OutcomeThresholds(nrs_points=3,
                                                            bctq_sss=Decimal("1.45"))  # fmt: skip
    # Unreadable thresholds stop the report rather than judge on defaults nobody chose;
    # an unreadable BCTQ wording does not concern it.
    settings.details.extra = {"outcomes": {"thresholds": {"nrs_points": 0}}}
    with pytest.raises(WristCareError, match="threshold|points"):
        report_thresholds(settings)
    settings.details.extra = {"outcomes": {"bctq_wording": "not a mapping"}}
    assert report_thresholds(settings) == OutcomeThresholds()


def test_the_report_lists_the_current_plans_goals_and_marks_its_review(
    database: Database, ctx: ClinicContext, tmp_path: Path
) -> None:
    patient = create_patient(database, ctx, PatientDetails(name="Gwen Goal"))
    start = ctx.today() - timedelta(weeks=4)
    details = PlanDetails(
        problem="Numbness in the right hand at night",
        started_on=start,
        review_on=start + timedelta(weeks=5),
        phases=[PhaseDetails(2, 3, "twice a week")],
        goals=[
            GoalDetails(
                description="Numbness 3/10 or less by 20 July",
                measure=Instrument.NRS_NUMBNESS,
                side=MeasureSide.NONE,
                baseline=Decimal(7),
                target=Decimal(3),
                target_on=start + timedelta(weeks=6),
            ),
            GoalDetails(description="Sleep through the night without waking from tingling"),
        ],
    )
    plan = create_plan(database, ctx, patient.id, details)
    make_current(database, ctx, plan.id, expected_version=plan.version)
    for weeks, score in ((0, 7), (2, 5), (4, 3)):
        record_numbness(database, ctx, patient.id, start + timedelta(weeks=weeks), score)

    document = report_document(progress_facts(database, ctx, patient.id))

    assert document.review_dates == (start + timedelta(weeks=5),)
    (numbness,) = [c for c in document.charts if c.title == "Numbness"]
    assert numbness.targets == (Decimal("3.00"),)
    assert [(g.description, g.status, g.met) for g in document.goals] == [
        ("Numbness 3/10 or less by 20 July", "Met", True),
        ("Sleep through the night without waking from tingling", "Not measured", False),
    ]
    data = write_progress_report_pdf(document, tmp_path / "report.pdf")
    text = " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(io.BytesIO(data)).pages)  # fmt: skip
    assert "Numbness 3/10 or less by 20 July" in text
    assert "\u2713 Met on 15 Jun 2025" in text
    assert "Sleep through the night without waking from tingling" in text
    assert "Not measured" in text
    assert "Plan reviews: 22 June 2025 (to come)" in text
