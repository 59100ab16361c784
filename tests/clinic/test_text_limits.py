"""Every text field has a limit and refuses what cannot be stored, with a message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from wristcare.clinic.clinic_settings import ClinicSettingsDetails, update_clinic_settings
from wristcare.clinic.consent import ConsentDetails, record_consent
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history import HealthHistoryDetails, save_history
from wristcare.clinic.patients import (
    PatientDetails,
    PatientQuery,
    PatientRecord,
    create_patient,
    find_patients,
)
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    add_practitioner,
    list_practitioners,
)
from wristcare.clinic.text import text_problem
from wristcare.db.engine import Database

TODAY = date(2025, 6, 15)  # the pinned clock's date (tests/conftest.py)

MakePatient = Callable[..., PatientRecord]
BAD = ["\ud800", "a\udfffb", "nul\x00"]


@pytest.mark.parametrize("value", BAD)
def test_unstorable_text_is_a_problem_not_a_crash(value: str) -> None:
    assert "cannot be stored" in (text_problem(value, "Name", 200) or "")


@pytest.mark.parametrize("value", BAD)
@pytest.mark.parametrize("field", ["name", "phone", "email", "notes", "occupation"])
def test_patient_fields_refuse_unstorable_text(
    database: Database, ctx: ClinicContext, field: str, value: str
) -> None:
    details = PatientDetails(name="Ann Example")
    setattr(details, field, value)
    with pytest.raises(ValidationError) as caught:
        create_patient(database, ctx, details)
    assert field in caught.value.fields


def test_history_and_consent_refuse_a_lone_surrogate(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    with pytest.raises(ValidationError) as caught:
        save_history(
            database,
            ctx,
            patient.id,
            HealthHistoryDetails(medications="\ud83d"),
            expected_version=None,
        )
    assert list(caught.value.fields) == ["medications"]
    with pytest.raises(ValidationError) as caught:
        record_consent(database, ctx, patient.id, ConsentDetails(given_on=TODAY, notes="\udc00"))
    assert list(caught.value.fields) == ["notes"]


def test_a_lone_surrogate_in_a_search_finds_nothing_instead_of_failing(
    database: Database, make_patient: MakePatient
) -> None:
    make_patient("Ann Example")
    assert [r.name for r in find_patients(database, PatientQuery(text="ann\ud800")).rows] == [
        "Ann Example"
    ]


@pytest.mark.parametrize(
    ("value", "words"),
    [("x" * 100_003, "too long"), ("Dr\x00Who", "cannot be stored"), ("\ud800", "cannot be stored"),
     ("   ", "required"), ("\u200b", "required")],
)  # fmt: skip
def test_practitioner_name_is_limited(
    database: Database, ctx: ClinicContext, value: str, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        add_practitioner(database, ctx, PractitionerDetails(name=value))
    assert words in caught.value.fields["name"]
    assert [p.name for p in list_practitioners(database)] == ["Tess Tester"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "c" * 201), ("address", "a" * 2_001), ("website", "\x00"), ("phone", "\ud800"),
     ("email", "e" * 255)],
)  # fmt: skip
def test_clinic_settings_text_is_limited(
    database: Database, ctx: ClinicContext, field: str, value: str
) -> None:
    details = ClinicSettingsDetails()
    setattr(details, field, value)
    with pytest.raises(ValidationError) as caught:
        update_clinic_settings(database, ctx, details, expected_version=1)
    assert field in caught.value.fields
