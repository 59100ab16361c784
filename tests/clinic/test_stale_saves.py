"""A stale form never overwrites a newer record: two real connections on one SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from wristcare.clinic.consent import ConsentDetails, list_consents, record_consent, withdraw_consent
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.history import (
    HealthHistoryDetails,
    current_history,
    history_versions,
    mark_history_reviewed,
    save_history,
)
from wristcare.clinic.patients import PatientRecord, get_patient, update_patient
from wristcare.clinic.practitioners import PractitionerDetails, add_practitioner, context_for
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError

TODAY = date(2025, 6, 15)  # the pinned clock's date (tests/conftest.py)

MakePatient = Callable[..., PatientRecord]


@pytest.fixture
def elsewhere(db_path: Path) -> Iterator[Database]:
    """A second connection to the same file, as a second workstation would have."""
    other = Database(f"sqlite:///{db_path}")
    yield other
    other.dispose()


@pytest.fixture
def practitioner_b(database: Database, ctx: ClinicContext, elsewhere: Database) -> ClinicContext:
    b = add_practitioner(database, ctx, PractitionerDetails(name="Practitioner B"))
    return context_for(elsewhere, b.id, clock=ctx.clock)


def test_an_older_history_form_never_undoes_a_pregnancy(
    database: Database,
    elsewhere: Database,
    make_patient: MakePatient,
    ctx: ClinicContext,
    practitioner_b: ClinicContext,
) -> None:
    patient = make_patient()
    save_history(
        database, ctx, patient.id, HealthHistoryDetails(diabetes=True), expected_version=None
    )
    older = current_history(database, patient.id)  # practitioner A opens the form at v1
    assert older is not None

    # Practitioner B, on another connection, records a pregnancy: version 2.
    pregnant = HealthHistoryDetails(
        diabetes=True, pregnant=True, pregnancy_due_date=TODAY + timedelta(days=120)
    )
    save_history(elsewhere, practitioner_b, patient.id, pregnant, expected_version=1)

    # A saves the form filled in from version 1, with an unrelated change.
    edited = HealthHistoryDetails(diabetes=True, conditions="Asthma")
    with pytest.raises(ConcurrentEditError, match="Someone else saved"):
        save_history(database, ctx, patient.id, edited, expected_version=older.version)

    now = current_history(database, patient.id)
    assert now is not None and now.version == 2
    assert now.details.pregnant is True
    assert now.recorded_by_id == practitioner_b.actor.practitioner_id
    assert [v.version for v in history_versions(database, patient.id)] == [2, 1]


def test_a_first_history_form_cannot_overwrite_one_saved_meanwhile(
    database: Database,
    elsewhere: Database,
    make_patient: MakePatient,
    ctx: ClinicContext,
    practitioner_b: ClinicContext,
) -> None:
    patient = make_patient()
    save_history(
        elsewhere,
        practitioner_b,
        patient.id,
        HealthHistoryDetails(epilepsy=True),
        expected_version=None,
    )
    with pytest.raises(ConcurrentEditError):
        save_history(database, ctx, patient.id, HealthHistoryDetails(), expected_version=None)
    assert current_history(database, patient.id).details.epilepsy is True  # type: ignore[union-attr]


def test_review_of_an_older_version_is_refused(
    database: Database,
    elsewhere: Database,
    make_patient: MakePatient,
    ctx: ClinicContext,
    practitioner_b: ClinicContext,
) -> None:
    patient = make_patient()
    save_history(database, ctx, patient.id, HealthHistoryDetails(), expected_version=None)
    save_history(
        elsewhere,
        practitioner_b,
        patient.id,
        HealthHistoryDetails(diabetes=True),
        expected_version=1,
    )
    with pytest.raises(ConcurrentEditError):
        mark_history_reviewed(database, ctx, patient.id, expected_version=1)
    assert current_history(database, patient.id).reviewed_on is None  # type: ignore[union-attr]


def test_patient_edit_from_an_older_version_is_refused(
    database: Database,
    elsewhere: Database,
    make_patient: MakePatient,
    ctx: ClinicContext,
    practitioner_b: ClinicContext,
) -> None:
    record = make_patient(phone="0123")
    theirs = get_patient(elsewhere, record.id).details
    theirs.phone = "0456"
    update_patient(elsewhere, practitioner_b, record.id, theirs, expected_version=record.version_id)

    mine = record.details
    mine.occupation = "Chef"
    with pytest.raises(ConcurrentEditError):
        update_patient(database, ctx, record.id, mine, expected_version=record.version_id)
    assert get_patient(database, record.id).details.phone == "0456"


def test_expected_version_is_required(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient()
    with pytest.raises(TypeError):
        update_patient(database, ctx, record.id, record.details)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        update_patient(database, ctx, record.id, record.details, expected_version=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        save_history(database, ctx, record.id, HealthHistoryDetails())  # type: ignore[call-arg]


def test_withdrawing_a_consent_someone_withdrew_meanwhile_is_refused(
    database: Database,
    elsewhere: Database,
    make_patient: MakePatient,
    ctx: ClinicContext,
    practitioner_b: ClinicContext,
) -> None:
    patient = make_patient()
    month_ago = ConsentDetails(given_on=TODAY - timedelta(days=30))
    given = record_consent(database, ctx, patient.id, month_ago)
    assert given.recorded_by == "Tess Tester"
    withdraw_consent(
        elsewhere,
        practitioner_b,
        given.id,
        TODAY - timedelta(days=2),
        expected_version=given.version_id,
    )

    with pytest.raises(ConcurrentEditError):
        withdraw_consent(database, ctx, given.id, TODAY, expected_version=given.version_id)
    [stored] = list_consents(database, patient.id)
    assert stored.withdrawn_on == TODAY - timedelta(days=2)
