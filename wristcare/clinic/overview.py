"""Everything the patient header needs, in one call."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wristcare.clinic.alerts import Alert, patient_alerts
from wristcare.clinic.consent import ConsentRecord, list_consents
from wristcare.clinic.history import HealthHistoryVersion, current_history
from wristcare.clinic.patients import PatientRecord, RetentionPolicy, get_patient
from wristcare.clinic.retention import age_on
from wristcare.db.engine import Database


@dataclass(frozen=True)
class PatientOverview:
    record: PatientRecord
    history: HealthHistoryVersion | None
    consents: list[ConsentRecord]
    alerts: list[Alert]
    age: int | None


def patient_overview(
    database: Database,
    patient_id: int,
    *,
    policy: RetentionPolicy = RetentionPolicy(),
    today: date | None = None,
) -> PatientOverview:
    """The record, current health history, consents and safety alerts of one patient."""
    today = today or date.today()
    record = get_patient(database, patient_id, policy=policy)
    history = current_history(database, patient_id)
    consents = list_consents(database, patient_id)
    dob = record.details.date_of_birth
    return PatientOverview(
        record=record,
        history=history,
        consents=consents,
        alerts=patient_alerts(history, consents, dob, today),
        age=None if dob is None else age_on(dob, today),
    )
