"""export/ maps the facts clinic/ reads onto each document: built here by hand, so no
database is opened (the reading itself is tested in tests/clinic/documents)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pypdf
import pytest

from wristcare.clinic.documents.care_plan import CarePlanFacts
from wristcare.clinic.documents.letterhead import LetterheadFacts
from wristcare.clinic.documents.progress import ProgressFacts
from wristcare.clinic.outcome_store.course import PatientCourse
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.clinic.plans import GoalDetails, HomeCareDetails, PhaseDetails, PlanDetails
from wristcare.clinic.plans.details import PlanPointDetails
from wristcare.clinic.plans.views import PlanView
from wristcare.db.vocab import HomeCareKind, Instrument, PlanStatus, Side
from wristcare.export.care_plan_document import CarePlanError, care_plan_to_json
from wristcare.export.handouts import care_plan_document, render_handout, reprint
from wristcare.export.progress_report import progress_report_pdf
from wristcare.export.progress_report_document import report_document

from .progress_samples import EVENTS, PATIENT, POINTS, SESSIONS, sample_course

ISSUED_AT = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
TODAY = ISSUED_AT.date()
HEAD = LetterheadFacts(
    clinic_name="Riverside Acupuncture Clinic", address="12 Mill Lane\nTotnes",
    phone="01803 555 0142", practitioner_name="Tess Tester", profession="Acupuncturist",
    registration="BAcC 012345",
)  # fmt: skip


def _text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _plan_facts(**changes: object) -> CarePlanFacts:
    details = PlanDetails(
        problem="Numbness in the right hand at night",
        review_on=date(2026, 12, 20),
        phases=[PhaseDetails(2, 3), PhaseDetails(1, 4, "then weekly")],
        points=[PlanPointDetails("PC7", Side.RIGHT), PlanPointDetails("LI4", Side.BILATERAL)],
        goals=[GoalDetails(description="Numbness 3/10 or less", measure=Instrument.NRS_NUMBNESS,
                           target_on=date(2027, 1, 10))],
        home_care=[
            HomeCareDetails(kind=HomeCareKind.EXERCISE, title="Tendon gliding",
                            steps=["Make a fist."], repetitions=5, note="Slowly"),
            HomeCareDetails(kind=HomeCareKind.SUPPLEMENT, title="Ginkgo",
                            steps=["One a day."]),
        ],
        supplements="Fish oil, 1 g a day",
        notes_for_patient="Keep your wrist straight.",
        private_notes="PRIVATE",
    )  # fmt: skip
    plan = PlanView(
        id=7, patient_id=1, status=PlanStatus.ACTIVE, version=1, practitioner_id=1,
        practitioner_name="Tess Tester", created_at=ISSUED_AT, details=details,
        planned_sessions=10, handouts=(),
        point_names=(("PC7", "Daling", "大陵"), ("LI4", "Hegu", "合谷")),
    )  # fmt: skip
    values: dict[str, object] = dict(
        plan=plan, letterhead=HEAD, patient_name="Margaret O’Brien", preferred_name="Peggy",
        bleeds_easily=True, course=sample_course(), issued_at=ISSUED_AT, issued_on=TODAY,
    )  # fmt: skip
    values.update(changes)
    return CarePlanFacts(**values)  # type: ignore[arg-type]


def test_the_care_plan_is_mapped_from_its_facts() -> None:
    document = care_plan_document(_plan_facts(), large_print=False)

    assert document.patient_name == "Margaret O’Brien (Peggy)"
    assert document.letterhead.clinic_name == "Riverside Acupuncture Clinic"
    assert document.letterhead.registration == "BAcC 012345"
    assert [(p.code, p.hanzi, p.side) for p in document.points] == [
        ("PC7", "大陵", Side.RIGHT), ("LI4", "合谷", Side.BILATERAL),
    ]  # fmt: skip
    assert document.goals == ("Numbness 3/10 or less (by 10 January 2027)",)
    assert document.phases[1].note == "Then weekly"
    assert [entry.steps for entry in document.home_care] == [("Make a fist.", "Slowly")]
    assert [(s.text, s.bleeding_caution) for s in document.supplements] == [
        ("Fish oil, 1 g a day", True), ("Ginkgo One a day.", True),
    ]  # fmt: skip
    assert document.anticoagulant_alert and document.review_on == date(2026, 12, 20)
    assert document.issued_at == ISSUED_AT and document.issued_on == TODAY
    # The plan's goal is on numbness: the chart shows the course's numbness scores.
    assert document.progress is not None
    assert document.progress.title == "Your numbness scores at each visit"
    assert [v.on for v in document.progress.visits] == list(SESSIONS)
    assert (
        care_plan_document(_plan_facts(), large_print=False, with_progress=False).progress is None
    )
    later = replace(_plan_facts(), issued_on=date(2027, 1, 1))
    assert care_plan_document(later, large_print=False).review_on is None


def test_scores_after_the_day_of_issue_are_not_progress_so_far() -> None:
    early = _plan_facts(issued_on=SESSIONS[1])
    progress = care_plan_document(early, large_print=False).progress
    assert progress is not None and [v.on for v in progress.visits] == list(SESSIONS[:2])
    none_yet = _plan_facts(course=PatientCourse(patient_id=1, observations=()))
    assert care_plan_document(none_yet, large_print=False).progress is None


def test_a_rendered_handout_reprints_exactly_from_its_snapshot() -> None:
    rendered = render_handout(_plan_facts(), large_print=True)

    text = _text(rendered.data)
    assert "Riverside Acupuncture Clinic" in text and "PRIVATE" not in text
    assert rendered.plan_id == 7 and rendered.large_print
    assert rendered.snapshot == json.loads(
        care_plan_to_json(care_plan_document(_plan_facts(), large_print=True))
    )
    assert reprint(rendered.snapshot, rendered.sha256) == rendered.data
    with pytest.raises(CarePlanError, match="cannot be reprinted exactly"):
        reprint(rendered.snapshot, "0" * 64)


def test_a_care_plan_of_an_unnamed_clinic_is_refused() -> None:
    # The patient must be told whom to call: no "Acupuncture clinic" stand-in here.
    facts = _plan_facts(letterhead=replace(HEAD, clinic_name=""))
    with pytest.raises(CarePlanError, match="clinic's name"):
        render_handout(facts, large_print=False)


def _progress_facts(**changes: object) -> ProgressFacts:
    values: dict[str, object] = dict(
        letterhead=HEAD, patient=PATIENT, course=sample_course(), plan_goals=(),
        thresholds=OutcomeThresholds(nrs_points=3), points=POINTS, adverse_events=EVENTS,
        issued_at=ISSUED_AT, issued_on=TODAY,
    )  # fmt: skip
    values.update(changes)
    return ProgressFacts(**values)  # type: ignore[arg-type]


def test_the_progress_report_is_mapped_from_its_facts() -> None:
    document = report_document(_progress_facts())

    assert document.patient_name == PATIENT.name and document.record_number == "P000042"
    assert document.letterhead.practitioner_name == "Tess Tester"
    assert document.letterhead.registration == "BAcC 012345"
    assert document.session_dates == SESSIONS
    assert document.points == POINTS and document.adverse_events == EVENTS
    assert "0-10 ratings: 3 points or 30% of baseline" in document.thresholds
    assert document.issued_at == ISSUED_AT and document.issued_on == TODAY
    text = _text(progress_report_pdf(document))
    assert "Riverside Acupuncture Clinic" in text
    assert "Practitioner: Tess Tester, registration BAcC 012345" in text


def test_a_progress_report_of_an_unnamed_clinic_prints_a_plain_name() -> None:
    unnamed = _progress_facts(letterhead=replace(HEAD, clinic_name=""))
    document = report_document(unnamed)
    assert document.letterhead.clinic_name == "Acupuncture clinic"
    assert _text(progress_report_pdf(document)).startswith("Acupuncture clinic")


def test_export_never_opens_the_database() -> None:
    # Only the demo's handouts (moving to wristcare/demo/) still take a Database.
    import ast
    from pathlib import Path

    import wristcare.export

    folder = Path(wristcare.export.__file__).parent
    offenders = []
    for path in sorted(folder.glob("*.py")):
        if path.name == "demo_handouts.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and (module == "wristcare.db.engine" or module.endswith(".store")):
                offenders.append(f"{path.name}: {module}")
            if isinstance(node, ast.Name) and node.id == "Database":
                offenders.append(f"{path.name}: Database")
    assert offenders == []
