"""What every document command starts from: the patient by record number, the context a
read is made in, and the registration line every document prints."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.documents.reading import reading_context
from wristcare.clinic.errors import NotFoundError
from wristcare.clinic.patients import (
    PatientDetails,
    archive_patient,
    create_patient,
    patient_by_record_number,
)
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    add_practitioner,
    context_for,
    get_practitioner,
    registration_line,
    set_practitioner_active,
)
from wristcare.db.engine import Database


def test_a_patient_is_found_by_record_number_as_typed(
    database: Database, ctx: ClinicContext
) -> None:
    patient = create_patient(database, ctx, PatientDetails(name="Ann Example"))
    archived = create_patient(database, ctx, PatientDetails(name="Bob Archived"))
    archive_patient(database, ctx, archived.id, expected_version=archived.version_id)

    number = patient.record_number
    assert patient_by_record_number(database, f"  {number.lower()} ").id == patient.id
    assert patient_by_record_number(database, archived.record_number).id == archived.id
    with pytest.raises(NotFoundError, match="^No patient has the record number P999999$"):
        patient_by_record_number(database, "p999999")
    # Not a text search: a record number's prefix, or a name, finds nobody.
    for wrong in (number[:-1], "Ann", ""):
        with pytest.raises(NotFoundError, match="No patient has the record number"):
            patient_by_record_number(database, wrong)


def test_a_read_from_the_command_line_is_in_the_clinics_zone(
    database: Database, ctx: ClinicContext
) -> None:
    other = add_practitioner(database, ctx, PractitionerDetails(name="Zed Later"))
    first = get_practitioner(database, ctx.actor.practitioner_id)
    set_practitioner_active(database, context_for(database, other.id), first.id, False,
                            expected_version=first.version_id)  # fmt: skip
    moment = datetime(2025, 6, 15, 23, 30, tzinfo=UTC)

    reading = reading_context(database, clock=lambda: moment)

    # The first practitioner on record, active or not: a read attributes nothing.
    assert reading.actor == ctx.actor and reading.actor.practitioner_id < other.id
    assert reading.tz == get_clinic_settings(database).zone
    assert reading.now() == moment


def test_the_registration_line_joins_body_and_number() -> None:
    assert registration_line("BAcC", "012345") == "BAcC 012345"
    assert registration_line("  BAcC ", "") == "BAcC"
    assert registration_line(None, " 012345") == "012345"
    assert registration_line("", "") == ""
    details = PractitionerDetails(name="Tess", registration_body="BAcC",
                                  registration_number="012345")  # fmt: skip
    assert details.registration == "BAcC 012345"
