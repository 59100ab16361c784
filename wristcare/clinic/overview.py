"""Everything the patient header needs, in one call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from wristcare.clinic.alerts import Alert, patient_alerts
from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.consent import ConsentRecord, list_consents
from wristcare.clinic.history import HealthHistoryVersion, current_history
from wristcare.clinic.patients import PatientRecord, get_patient
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
    database: Database, patient_id: int, *, clock: Callable[[], datetime]
) -> PatientOverview:
    """The record, current health history, consents and safety alerts of one patient,
    as of today in the clinic's time zone (``clock`` gives the instant: ClinicContext.clock
    or system_clock)."""
    today = clock().astimezone(get_clinic_settings(database).zone).date()
    record = get_patient(database, patient_id)
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
