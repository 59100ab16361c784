"""Demo data obeys the same rules as what a practitioner types."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from wristcare.clinic.consent import ConsentDetails, validate_consent
from wristcare.clinic.history import HealthHistoryDetails, validate_history
from wristcare.clinic.patients import (
    PatientDetails,
    PatientQuery,
    count_patients,
    search_key,
    validate_patient,
)
from wristcare.db.engine import Database
from wristcare.db.models import (
    AuditEntry,
    Consent,
    HealthHistory,
    Patient,
    Practitioner,
    TreatmentSession,
)
from wristcare.demo.fill import NotEmptyError, fill_demo

TODAY = date(2025, 6, 15)
NOW = datetime(2025, 6, 15, 11, tzinfo=UTC)


@pytest.fixture
def demo(demo_database: Database) -> Database:
    """The shared demo database (tests/conftest.py), filled on the pinned clock."""
    return demo_database


def test_demo_refuses_a_database_with_patients(demo: Database) -> None:
    before = count_patients(demo, PatientQuery(include_archived=True))
    assert before > 0
    with pytest.raises(NotEmptyError, match="new or empty database"):
        fill_demo(demo, patients=1, clock=lambda: NOW)
    assert count_patients(demo, PatientQuery(include_archived=True)) == before


def test_demo_records_look_like_real_ones_audit_included(demo: Database) -> None:
    with demo.read() as db:
        demo_id = db.scalar(select(Practitioner.id).where(Practitioner.name == "Demo practitioner"))
        entries = db.execute(
            select(AuditEntry.entity, AuditEntry.action, AuditEntry.practitioner_id)
        ).all()
        sessions = db.scalars(select(TreatmentSession.practitioner_id)).all()
        archived = db.scalar(select(func.count()).where(Patient.archived_at.is_not(None)))
    kinds = {(entity, action) for entity, action, _ in entries}
    assert {("patient", "create"), ("health_history", "create"), ("consent", "create"),
            ("consent", "withdraw"), ("patient", "archive")} <= kinds  # fmt: skip
    assert {who for _, _, who in entries} == {demo_id}
    assert sessions and set(sessions) == {demo_id}
    created = sum(1 for entity, action, _ in entries if (entity, action) == ("patient", "create"))
    assert created == count_patients(demo, PatientQuery(include_archived=True))
    assert archived == sum(1 for e, a, _ in entries if (e, a) == ("patient", "archive"))


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
            # A needle unaccounted for is searched for and the outcome written down.
            assert session.needles_in == session.needles_out or session.needle_search_outcome


def test_every_demo_patient_with_sessions_has_a_current_plan(demo: Database) -> None:
    from wristcare.clinic.plans import current_plan, list_plans, validate_plan
    from wristcare.db.models import TreatmentPlan
    from wristcare.db.vocab import PlanStatus

    with demo.read() as db:
        with_sessions = set(db.scalars(select(TreatmentSession.patient_id).distinct()))
        with_plans = set(db.scalars(select(TreatmentPlan.patient_id).distinct()))
        statuses = set(db.scalars(select(TreatmentPlan.status)))
    assert with_sessions and with_sessions == with_plans
    assert {PlanStatus.ACTIVE, PlanStatus.COMPLETED} <= statuses
    for patient_id in with_sessions:
        plan = current_plan(demo, patient_id)
        assert plan is not None and plan.details.points, patient_id
        assert validate_plan(plan.details, plan.details.started_on) == {}, plan.id
        rows = list_plans(demo, patient_id)
        assert sum(row.status is PlanStatus.ACTIVE for row in rows) == 1


def test_demo_gives_two_patients_a_red_flag_with_a_referral(demo: Database) -> None:
    from wristcare.clinic.referrals import list_decisions
    from wristcare.db.models import Referral

    with demo.read() as db:
        referrals = db.scalars(select(Referral)).all()
        patients = {r.patient_id for r in referrals}
    assert len(referrals) == 2 and len(patients) == 2
    for patient_id in patients:
        decision = list_decisions(demo, patient_id)[-1]
        assert decision.referral is not None and decision.codes
        assert decision.session_id is not None
