"""Handouts from plans built through clinic/ (facts read in one transaction, rendered by
export/): what the PDF says, what is recorded, and that an earlier handout reprints byte
for byte."""

from __future__ import annotations

import hashlib
import io
import re
import stat
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest
from export.samples import logo_png

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.history import HealthHistoryDetails, save_history
from wristcare.clinic.homecare_library import homecare_item, homecare_library
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.clinic.plans import (
    HomeCareDetails,
    HomeCareItemDetails,
    PhaseDetails,
    PlanDetails,
    PlanPointDetails,
    add_homecare_item,
    create_plan,
    find_homecare_item,
    get_plan,
    homecare_details_from,
    make_current,
    save_plan,
)
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    get_practitioner,
    update_practitioner,
)
from wristcare.db.engine import Database
from wristcare.db.vocab import HomeCareKind, Side
from wristcare.export import care_plan_wording as wording
from wristcare.export.care_plan_document import CarePlanError
from wristcare.export.handouts import write_private

from .handout_helpers import document_for, print_plan, reprint_handout

TODAY = date(2025, 6, 15)
PATIENT = "Margaret O’Brien-Łukasik"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _text(data: bytes) -> str:
    """The whole PDF's text, flattened: line breaks fall anywhere in a laid-out page."""
    return "".join(_flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def clinic(database: Database, ctx: ClinicContext) -> ClinicContext:
    """The clinic's letterhead (with a logo) and the practitioner's registration set."""
    settings = get_clinic_settings(database)
    details = replace(
        settings.details,
        name="Riverside Acupuncture Clinic",
        address="12 Mill Lane\nTotnes TQ9 5AB",
        phone="01803 555 0142",
        email="hello@riverside.example",
        logo=logo_png(),
    )
    update_clinic_settings(database, ctx, details, expected_version=settings.version_id)
    me = get_practitioner(database, ctx.actor.practitioner_id)
    update_practitioner(
        database,
        ctx,
        me.id,
        PractitionerDetails(
            name=me.name,
            profession="Acupuncturist",
            registration_body="BAcC",
            registration_number="012345",
        ),
        expected_version=me.version_id,
    )
    return ctx


@pytest.fixture
def patient_id(database: Database, clinic: ClinicContext) -> int:
    details = PatientDetails(name=PATIENT, date_of_birth=date(1955, 3, 2))
    return create_patient(database, clinic, details).id


def _plan(**changes: object) -> PlanDetails:
    items = [homecare_details_from(item) for item in homecare_library()]
    items[2].times_a_day = 4
    details = PlanDetails(
        problem="Numbness and tingling in the right hand at night",
        started_on=TODAY,
        review_on=TODAY + timedelta(weeks=5),
        phases=[PhaseDetails(2, 3), PhaseDetails(1, 4, "then weekly")],
        points=[
            PlanPointDetails("PC7", Side.RIGHT),
            PlanPointDetails("PC6", Side.RIGHT),
            PlanPointDetails("LI4", Side.BILATERAL),
        ],
        home_care=items,
        supplements="Fish oil capsules, 1 g a day",
        notes_for_patient="Keep your wrist straight at the keyboard.",
        private_notes="PRIVATE: not for the patient",
    )
    for name, value in changes.items():
        setattr(details, name, value)
    return details


def test_the_handout_says_everything_the_plan_chose(
    database: Database, clinic: ClinicContext, patient_id: int
) -> None:
    plan = create_plan(database, clinic, patient_id, _plan())

    data, row = print_plan(database, clinic, plan.id, large_print=False)

    text = _text(data)
    assert _flat(PATIENT) in text
    for item in homecare_library():
        assert _flat(item.title) in text, item.key
    assert _flat("Twice a week for 3 weeks (6 sessions)") in text
    assert _flat("Then once a week for 4 weeks (4 sessions). Then weekly") in text
    assert _flat("Planned number of sessions: 10") in text
    assert _flat("20 July 2025") in text  # the review date
    assert _flat(wording.SEE_DOCTOR_HEADING) in text
    for hanzi in ("大陵", "內關", "合谷"):
        assert hanzi in text
    assert _flat("Do this 4 times a day") in text  # the dose set for this patient
    assert _flat("Riverside Acupuncture Clinic") in text
    assert _flat("registration BAcC 012345") in text
    assert "PRIVATE" not in text
    assert "Bleedingcaution" not in text  # no anticoagulant alert
    assert row.sha256 == hashlib.sha256(data).hexdigest()
    assert get_plan(database, plan.id).handouts == (row,)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.metadata.title == f"Care plan for {PATIENT}"


def test_supplements_carry_the_bleeding_caution_for_an_anticoagulated_patient(
    database: Database, clinic: ClinicContext, patient_id: int
) -> None:
    save_history(
        database,
        clinic,
        patient_id,
        HealthHistoryDetails(anticoagulant=True, anticoagulant_drug="warfarin"),
        expected_version=None,
    )
    herbal = HomeCareDetails(kind=HomeCareKind.SUPPLEMENT, title="Ginkgo tablets",
                             steps=["One a day with food."])  # fmt: skip
    plan = create_plan(database, clinic, patient_id, _plan(home_care=[herbal]))

    document = document_for(database, clinic, plan.id, large_print=False)
    data, _ = print_plan(database, clinic, plan.id, large_print=False)

    assert document.anticoagulant_alert
    assert [note.text for note in document.supplements] == [
        "Fish oil capsules, 1 g a day", "Ginkgo tablets One a day with food.",
    ]  # fmt: skip
    assert all(note.bleeding_caution for note in document.supplements)
    assert _text(data).count(_flat(wording.BLEEDING_CAUTION)) == 2


def test_a_long_plan_flows_onto_many_pages_with_nothing_lost(
    database: Database, clinic: ClinicContext, patient_id: int
) -> None:
    sentences = "\n".join(f"Note {n:03d}: keep the wrist straight and rest it often."
                          for n in range(200))  # fmt: skip
    sentences = sentences[: sentences.rfind("\n", 0, 4000)]
    # The rest is one unbroken "word" of about 1,000 letters: cut into lines, not cropped.
    notes = f"{sentences}\n{'z' * (5000 - len(sentences) - 1)}"
    assert len(notes) == 5000
    library = list(homecare_library())
    items = [homecare_details_from(library[n % len(library)]) for n in range(15)]
    for number, item in enumerate(items, 1):
        item.title = f"Exercise {number:02d}: {item.title}"
    plan = create_plan(database, clinic, patient_id, _plan(notes_for_patient=notes,
                                                           home_care=items))  # fmt: skip

    data, _ = print_plan(database, clinic, plan.id, large_print=True)

    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages > 10
    text = _text(data)
    for line in notes.splitlines()[:-1]:
        assert _flat(line) in text, line
    assert sum(len(run) for run in re.findall("z{2,}", text)) == notes.count("z")
    for item in items:
        assert _flat(item.title) in text, item.title
    assert _flat(f"Page {pages} of {pages}") in text


def test_reprinting_an_earlier_handout_gives_the_same_sha256(
    database: Database, clinic: ClinicContext, patient_id: int, tmp_path: Path
) -> None:
    plan = create_plan(database, clinic, patient_id, _plan())
    first, row = print_plan(database, clinic, plan.id, large_print=False)
    large, large_row = print_plan(database, clinic, plan.id, large_print=True)
    # The plan and the library change afterwards: the handouts given do not.
    details = get_plan(database, plan.id).to_details()
    details.problem = "Something else entirely"
    details.home_care = details.home_care[:1]
    save_plan(
        database, clinic, plan.id, details, expected_version=get_plan(database, plan.id).version
    )
    splint = homecare_item("night_splint")
    add_homecare_item(
        database, clinic,
        HomeCareItemDetails(key=splint.key, kind=HomeCareKind.SPLINT, title="Our splint",
                            steps=["Changed steps."], illustration=splint.illustration),
    )  # fmt: skip

    again = reprint_handout(database, row.id)

    assert again == first
    assert hashlib.sha256(again).hexdigest() == row.sha256
    assert reprint_handout(database, large_row.id) == large
    assert large_row.large_print and not row.large_print
    write_private(tmp_path / "again.pdf", again)
    assert stat.S_IMODE((tmp_path / "again.pdf").stat().st_mode) == 0o600
    assert (tmp_path / "again.pdf").read_bytes() == first
    # A new print of the edited plan is a new handout with the new text.
    newer, _ = print_plan(database, clinic, plan.id, large_print=False)
    assert _flat("Something else entirely") in _text(newer)
    assert len(get_plan(database, plan.id).handouts) == 3


def test_a_reprint_that_would_differ_is_refused(
    database: Database, clinic: ClinicContext, patient_id: int
) -> None:
    plan = create_plan(database, clinic, patient_id, _plan())
    _, row = print_plan(database, clinic, plan.id, large_print=False)
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE plan_issues SET sha256 = ?", ("0" * 64,))
    with pytest.raises(CarePlanError, match="cannot be reprinted exactly"):
        reprint_handout(database, row.id)


def test_a_clinic_without_a_name_gets_a_message_and_nothing_is_recorded(
    database: Database, ctx: ClinicContext
) -> None:
    patient = create_patient(database, ctx, PatientDetails(name="Ann Example"))
    plan = create_plan(database, ctx, patient.id, _plan())
    plan = make_current(database, ctx, plan.id, expected_version=plan.version)
    with pytest.raises(CarePlanError, match="clinic's name"):
        print_plan(database, ctx, plan.id, large_print=False)
    assert get_plan(database, plan.id).handouts == ()


def test_a_plan_item_keeps_its_snapshot_when_the_library_changes(
    database: Database, clinic: ClinicContext, patient_id: int
) -> None:
    plan = create_plan(database, clinic, patient_id, _plan())
    gliding = find_homecare_item(database, "tendon_gliding")
    add_homecare_item(
        database, clinic,
        HomeCareItemDetails(key="tendon_gliding", kind=HomeCareKind.EXERCISE,
                            title="Tendon gliding (our way)", steps=["Our own steps."],
                            hold_seconds=5, repetitions=5),
    )  # fmt: skip

    assert find_homecare_item(database, "tendon_gliding").title == "Tendon gliding (our way)"
    item = get_plan(database, plan.id).details.home_care[2]
    assert (item.title, item.steps) == (gliding.title, list(gliding.steps))
    document = document_for(database, clinic, plan.id, large_print=False)
    assert document.home_care[2].title == "Tendon gliding"


def test_a_review_date_already_past_is_not_printed(
    database: Database, clinic: ClinicContext, patient_id: int
) -> None:
    details = _plan(started_on=TODAY - timedelta(weeks=10), review_on=TODAY - timedelta(days=1))
    details.phases[1].note = "then weekly"
    plan = create_plan(database, clinic, patient_id, _plan())
    save_plan(database, clinic, plan.id, details, expected_version=plan.version)

    document = document_for(database, clinic, plan.id, large_print=False)

    assert document.review_on is None
    assert document.phases[1].note == "Then weekly"
