"""Demo data obeys the same rules as what a practitioner types."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from sqlalchemy import select

from wristcare.clinic.consent import ConsentDetails, validate_consent
from wristcare.clinic.demo import fill_demo
from wristcare.clinic.history import HealthHistoryDetails, validate_history
from wristcare.clinic.patients import PatientDetails, search_key, validate_patient
from wristcare.db.engine import Database
from wristcare.db.models import Consent, HealthHistory, Patient, TreatmentSession

TODAY = date(2025, 6, 15)


@pytest.fixture
def demo(database: Database) -> Database:
    result = fill_demo(database, patients=150, seed=11, today=TODAY)
    assert result.patients == 150
    return database


def test_demo_patients_are_valid_records(demo: Database) -> None:
    with demo.read() as db:
        for patient in db.scalars(select(Patient)):
            details = PatientDetails(
                **{f.name: getattr(patient, f.name) for f in fields(PatientDetails)}
            )
            assert validate_patient(details, TODAY) == {}, patient.id
            assert patient.search_text == search_key(patient, patient.record_number)


def test_demo_histories_were_valid_when_recorded(demo: Database) -> None:
    with demo.read() as db:
        for row in db.scalars(select(HealthHistory)):
            details = HealthHistoryDetails(
                **{f.name: getattr(row, f.name) for f in fields(HealthHistoryDetails)}
            )
            assert validate_history(details, row.recorded_at.date()) == {}, row.id


def test_demo_current_histories_are_still_true_today(demo: Database) -> None:
    # A pregnancy due months ago would show a stale "Pregnant" alert on the header.
    with demo.read() as db:
        rows = db.scalars(select(HealthHistory).where(HealthHistory.superseded_at.is_(None)))
        for row in rows:
            details = HealthHistoryDetails(
                **{f.name: getattr(row, f.name) for f in fields(HealthHistoryDetails)}
            )
            assert validate_history(details, TODAY) == {}, row.id


def test_demo_consents_follow_the_consent_rules(demo: Database) -> None:
    with demo.read() as db:
        rows = db.execute(select(Consent, Patient.date_of_birth).join(Patient)).all()
        assert rows
        for consent, dob in rows:
            details = ConsentDetails(
                modality=consent.modality,
                given_on=consent.given_on,
                method=consent.method,
                consenter=consent.consenter,
                guardian_name=consent.guardian_name,
                notes=consent.notes,
            )
            # Under 16 on the day consent was given: a named guardian signed.
            assert validate_consent(details, dob, consent.given_on) == {}, consent.id
            if consent.withdrawn_on is not None:
                assert consent.given_on <= consent.withdrawn_on


def test_demo_sessions_are_in_the_past(demo: Database) -> None:
    with demo.read() as db:
        for session in db.scalars(select(TreatmentSession)):
            assert session.started_at.date() <= TODAY
            assert session.needles_in == session.needles_out
