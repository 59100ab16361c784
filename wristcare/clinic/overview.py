"""Everything the patient header needs, in one call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from wristcare.clinic.alerts import Alert, patient_alerts
from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.consent import ConsentRecord, _list_consents
from wristcare.clinic.history import HealthHistoryVersion, _current_history
from wristcare.clinic.patients import PatientRecord, _get_patient
from wristcare.clinic.retention import age_on
from wristcare.db.engine import Database


@dataclass(frozen=True)
class PatientOverview:
    """The patient header's facts, all from one read."""

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
    or system_clock). One read: the record, history and consents agree with each other."""
    with database.read() as db:
        today = clock().astimezone(read_clinic_settings(db).zone).date()
        record = _get_patient(db, patient_id)
        history = _current_history(db, patient_id)
        consents = _list_consents(db, patient_id)
    dob = record.details.date_of_birth
    return PatientOverview(
        record=record,
        history=history,
        consents=consents,
        alerts=patient_alerts(history, consents, dob, today),
        age=None if dob is None else age_on(dob, today),
    )
