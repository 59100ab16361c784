"""Clinic time: instants are UTC, clinical dates are the clinic's, whatever the host zone."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from wristcare.clinic.clinic_settings import (
    ClinicSettingsDetails,
    carry_over_file_settings,
    get_clinic_settings,
    update_clinic_settings,
)
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.patients import PatientQuery, PatientRecord, find_patients, get_patient
from wristcare.clinic.practitioners import context_for
from wristcare.clinic.sessions import start_draft
from wristcare.db.engine import Database

MakePatient = Callable[..., PatientRecord]


@pytest.fixture(params=["Pacific/Kiritimati", "America/Adak", "UTC"])
def host_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test with this machine pretending to be far away."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def _seen(database: Database, ctx: ClinicContext, patient_id: int, moment: datetime) -> None:
    # Through the use case, with the clinic's zone as the app would build it: the session
    # keeps the clinic-local date it was written on.
    here = context_for(database, ctx.actor.practitioner_id, clock=lambda: moment)
    start_draft(database, here, patient_id, started_at=moment)


def test_a_visit_at_half_past_eleven_is_dated_that_day_in_any_host_zone(
    database: Database, make_patient: MakePatient, ctx: ClinicContext, host_zone: str
) -> None:
    patient = make_patient(date_of_birth=date(1980, 5, 17))
    # 23:30 on 14 June in London (summer time) is 22:30 UTC, and already 15 June in
    # Kiribati, while still 14 June in Adak: the clinic's date is the 14th.
    _seen(database, ctx, patient.id, datetime(2025, 6, 14, 22, 30, tzinfo=UTC))

    [row] = find_patients(database, PatientQuery()).rows
    assert row.last_visit == date(2025, 6, 14)
    record = get_patient(database, patient.id)
    assert record.last_visit == date(2025, 6, 14)
    assert record.keep_until == date(2033, 6, 14)


def test_the_clinic_zone_decides_not_the_host(
    database: Database, make_patient: MakePatient, ctx: ClinicContext, host_zone: str
) -> None:
    patient = make_patient(date_of_birth=date(1980, 5, 17))
    clinic = get_clinic_settings(database)
    changed = replace(clinic.details, time_zone="Asia/Tokyo")
    update_clinic_settings(database, ctx, changed, expected_version=clinic.version_id)
    # 22:30 UTC is 07:30 the next morning in Tokyo: the Tokyo clinic dates it the 15th.
    _seen(database, ctx, patient.id, datetime(2025, 6, 14, 22, 30, tzinfo=UTC))
    assert get_patient(database, patient.id).last_visit == date(2025, 6, 15)
    [row] = find_patients(database, PatientQuery()).rows
    assert row.last_visit == date(2025, 6, 15)
    assert context_for(database, ctx.actor.practitioner_id, clock=ctx.clock).tz.key == "Asia/Tokyo"


def test_two_workstations_see_the_same_keep_until_after_one_changes_the_period(
    database: Database, db_path: Path, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient(date_of_birth=date(1980, 5, 17))
    _seen(database, ctx, patient.id, datetime(2025, 3, 1, 12, tzinfo=UTC))
    other = Database(f"sqlite:///{db_path}")
    try:
        assert get_patient(other, patient.id).keep_until == date(2033, 3, 1)
        clinic = get_clinic_settings(database)
        changed = replace(clinic.details, retention_adult_years=10)
        update_clinic_settings(database, ctx, changed, expected_version=clinic.version_id)
        assert get_patient(other, patient.id).keep_until == date(2035, 3, 1)
        assert get_patient(database, patient.id).keep_until == date(2035, 3, 1)
    finally:
        other.dispose()


def test_time_zone_must_be_an_iana_name(database: Database, ctx: ClinicContext) -> None:
    for bad in ("Mars/Olympus", "../../etc/passwd", "localtime", "GMT+25"):
        with pytest.raises(ValidationError) as caught:
            update_clinic_settings(
                database, ctx, ClinicSettingsDetails(time_zone=bad), expected_version=1
            )
        assert "time_zone" in caught.value.fields


def test_carrying_file_settings_over_happens_once_and_keeps_clinic_choices(
    database: Database, ctx: ClinicContext
) -> None:
    values = {"clinic_name": "Wrist Clinic", "retention_years_adult": 10,
              "retention_child_until_age": 26, "time_zone": "Europe/Paris"}  # fmt: skip
    assert carry_over_file_settings(database, ctx, values)
    clinic = get_clinic_settings(database).details
    assert (clinic.name, clinic.retention_adult_years, clinic.retention_child_until_age) == (
        "Wrist Clinic",
        10,
        26,
    )
    # The template database has a zone already (Europe/London): the clinic's choice stays.
    assert clinic.time_zone == "Europe/London"
    assert not carry_over_file_settings(database, ctx, {"clinic_name": "Other"})
    assert get_clinic_settings(database).details.name == "Wrist Clinic"


def test_a_leap_day_clock_works_everywhere(database: Database) -> None:
    """With the clock on 29 February every clinical write and date rule still works."""
    from wristcare.clinic.consent import ConsentDetails, list_consents, record_consent
    from wristcare.clinic.history import HealthHistoryDetails, save_history
    from wristcare.clinic.patients import PatientDetails, create_patient
    from wristcare.clinic.practitioners import PractitionerDetails, register_first_practitioner

    leap = datetime(2028, 2, 29, 12, tzinfo=UTC)
    ctx = register_first_practitioner(
        database, PractitionerDetails(name="Leap Day"), clock=lambda: leap
    )
    assert ctx.today() == date(2028, 2, 29)
    born = create_patient(
        database, ctx, PatientDetails(name="Leap Baby", date_of_birth=date(2012, 2, 29))
    )
    save_history(database, ctx, born.id, HealthHistoryDetails(diabetes=True), expected_version=None)
    record_consent(
        database,
        ctx,
        born.id,
        ConsentDetails(given_on=ctx.today(), consenter="guardian", guardian_name="Mum"),
    )
    assert [c.given_on for c in list_consents(database, born.id)] == [date(2028, 2, 29)]
    # A child: until the 25th birthday, which falls on 1 March 2037 (no 29 Feb that year).
    assert get_patient(database, born.id).keep_until == date(2037, 3, 1)
