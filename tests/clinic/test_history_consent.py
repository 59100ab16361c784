"""Health history versions and consents, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from wristcare.clinic.consent import (
    ConsentDetails,
    list_consents,
    missing_consents,
    record_consent,
    withdraw_consent,
)
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.history import (
    HealthHistoryDetails,
    current_history,
    history_versions,
    mark_history_reviewed,
    save_history,
)
from wristcare.clinic.patients import PatientRecord
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry, Consent, HealthHistory

MakePatient = Callable[..., PatientRecord]
CountRows = Callable[[type], int]
TODAY = date(2025, 6, 15)  # as in conftest.py


def _audit_actions(database: Database, entity: str) -> list[tuple[str, dict]]:
    with database.read() as db:
        rows = db.execute(
            select(AuditEntry.action, AuditEntry.changes)
            .where(AuditEntry.entity == entity)
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]


# --- health history --------------------------------------------------------------------


def test_first_save_is_version_one(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    details = HealthHistoryDetails(conditions="Hypothyroidism", diabetes=True)

    saved = save_history(database, ctx, patient.id, details, expected_version=None)

    assert saved.version == 1
    assert saved.superseded_at is None
    assert (saved.recorded_by, saved.recorded_by_id) == ("Tess Tester", ctx.actor.practitioner_id)
    assert current_history(database, patient.id) == saved
    assert [a for a, _ in _audit_actions(database, "health_history")] == ["create"]


def test_an_edit_adds_a_version_and_keeps_the_old_one(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    first = HealthHistoryDetails(medications="Ramipril")
    save_history(database, ctx, patient.id, first, expected_version=None)

    second = replace(first, anticoagulant=True, anticoagulant_drug="Warfarin")
    saved = save_history(database, ctx, patient.id, second, expected_version=1)

    assert saved.version == 2
    versions = history_versions(database, patient.id)
    assert [v.version for v in versions] == [2, 1]
    assert versions[0].superseded_at is None
    assert versions[1].superseded_at is not None
    assert versions[1].superseded_at >= versions[1].recorded_at
    assert versions[1].details == first  # the earlier answer is still on record
    assert current_history(database, patient.id).details == second
    actions = _audit_actions(database, "health_history")
    assert [a for a, _ in actions] == ["create", "update"]
    assert actions[1][1] == {
        "anticoagulant": [False, True],
        "anticoagulant_drug": ["", "Warfarin"],
    }


def test_saving_unchanged_adds_no_version(
    database: Database, make_patient: MakePatient, count_rows: CountRows, ctx: ClinicContext
) -> None:
    patient = make_patient()
    details = HealthHistoryDetails(conditions="Asthma", pregnant=True,
                                   pregnancy_due_date=TODAY + timedelta(days=100))  # fmt: skip
    save_history(database, ctx, patient.id, details, expected_version=None)

    # The same answers typed again, with stray spaces: still no change.
    again = replace(details, conditions="  Asthma \n")
    saved = save_history(database, ctx, patient.id, again, expected_version=1)

    assert saved.version == 1
    assert count_rows(HealthHistory) == 1
    assert len(_audit_actions(database, "health_history")) == 1


def test_details_of_unticked_alerts_are_dropped(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    details = HealthHistoryDetails(anticoagulant=False, anticoagulant_drug="Warfarin",
                                   lymphoedema=False, lymphoedema_limb="left_arm")  # fmt: skip
    saved = save_history(database, ctx, patient.id, details, expected_version=None)
    assert saved.details.anticoagulant_drug == ""
    assert saved.details.lymphoedema_limb == ""


def test_mark_reviewed_dates_the_current_version(
    database: Database, make_patient: MakePatient, count_rows: CountRows, ctx: ClinicContext
) -> None:
    patient = make_patient()
    save_history(
        database, ctx, patient.id, HealthHistoryDetails(diabetes=True), expected_version=None
    )
    # The review comes a day after the history was recorded.
    later = TODAY + timedelta(days=1)
    tomorrow = replace(ctx, clock=lambda: ctx.now() + timedelta(days=1))

    reviewed = mark_history_reviewed(database, tomorrow, patient.id, expected_version=1)

    assert reviewed.version == 1
    assert reviewed.reviewed_on == later
    assert reviewed.last_checked == later
    assert current_history(database, patient.id).reviewed_on == later
    assert count_rows(HealthHistory) == 1
    assert _audit_actions(database, "health_history")[-1] == (
        "review",
        {"reviewed_on": later.isoformat()},
    )


def test_review_needs_a_history(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    with pytest.raises(NotFoundError, match="no health history"):
        mark_history_reviewed(database, ctx, patient.id, expected_version=1)
    assert current_history(database, patient.id) is None


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        (HealthHistoryDetails(anticoagulant=True), "anticoagulant_drug", "Name the"),
        (HealthHistoryDetails(anticoagulant=True, anticoagulant_drug="   "),
         "anticoagulant_drug", "Name the"),
        (HealthHistoryDetails(lymphoedema=True), "lymphoedema_limb", "which limb"),
        (HealthHistoryDetails(lymphoedema=True, lymphoedema_limb="tail"),
         "lymphoedema_limb", "from the list"),
        (HealthHistoryDetails(metal_implant=True), "metal_implant_site", "where"),
        (HealthHistoryDetails(pregnant=True, pregnancy_due_date=TODAY + timedelta(days=400)),
         "pregnancy_due_date", "10 months"),
        (HealthHistoryDetails(pregnant=True, pregnancy_due_date=TODAY - timedelta(days=90)),
         "pregnancy_due_date", "long past"),
        (HealthHistoryDetails(pregnant=True, pregnancy_due_date=date(2999, 1, 1)),
         "pregnancy_due_date", "10 months"),
        (HealthHistoryDetails(conditions="x" * 20_001), "conditions", "too long"),
        (HealthHistoryDetails(implanted_device=True, implanted_device_detail="y" * 201),
         "implanted_device_detail", "too long"),
    ],
)  # fmt: skip
def test_invalid_history_saves_nothing(
    database: Database,
    make_patient: MakePatient,
    count_rows: CountRows,
    details: HealthHistoryDetails,
    field: str,
    words: str,
    ctx: ClinicContext,
) -> None:
    patient = make_patient()
    with pytest.raises(ValidationError) as caught:
        save_history(database, ctx, patient.id, details, expected_version=None)
    assert list(caught.value.fields) == [field]
    assert words in caught.value.fields[field]
    assert count_rows(HealthHistory) == 0
    assert _audit_actions(database, "health_history") == []


def test_invalid_edit_keeps_the_current_version(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    save_history(
        database, ctx, patient.id, HealthHistoryDetails(diabetes=True), expected_version=None
    )
    with pytest.raises(ValidationError):
        save_history(
            database, ctx, patient.id, HealthHistoryDetails(lymphoedema=True), expected_version=1
        )
    versions = history_versions(database, patient.id)
    assert len(versions) == 1 and versions[0].superseded_at is None


def test_history_for_missing_patient(database: Database, ctx: ClinicContext) -> None:
    with pytest.raises(NotFoundError):
        save_history(database, ctx, 4242, HealthHistoryDetails(), expected_version=None)


# --- consent ---------------------------------------------------------------------------


def _consent(**values) -> ConsentDetails:  # type: ignore[no-untyped-def]
    values.setdefault("given_on", TODAY)
    return ConsentDetails(**values)


def test_record_consent(database: Database, make_patient: MakePatient, ctx: ClinicContext) -> None:
    patient = make_patient()
    saved = record_consent(
        database, ctx, patient.id, _consent(modality="electroacupuncture", method="verbal"),
    )  # fmt: skip
    assert (saved.modality, saved.method, saved.consenter) == (
        "electroacupuncture",
        "verbal",
        "patient",
    )
    assert saved.label == "Electroacupuncture"
    assert list_consents(database, patient.id) == [saved]
    assert _audit_actions(database, "consent")[0][0] == "create"


def test_patient_signed_consent_drops_a_guardian_name(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    saved = record_consent(database, ctx, patient.id, _consent(guardian_name="Mum"))
    assert saved.guardian_name == ""


def test_under_16_needs_a_named_guardian(
    database: Database, make_patient: MakePatient, count_rows: CountRows, ctx: ClinicContext
) -> None:
    child = make_patient("Young Person", date_of_birth=date(2012, 1, 1))

    with pytest.raises(ValidationError) as caught:
        record_consent(database, ctx, child.id, _consent(consenter="patient"))
    assert "guardian must consent" in caught.value.fields["consenter"]
    assert "guardian_name" in caught.value.fields

    with pytest.raises(ValidationError) as caught:
        record_consent(database, ctx, child.id, _consent(consenter="guardian"))
    assert list(caught.value.fields) == ["guardian_name"]
    assert count_rows(Consent) == 0

    saved = record_consent(
        database, ctx, child.id, _consent(consenter="guardian", guardian_name=" Pat Person "),
    )  # fmt: skip
    assert saved.guardian_name == "Pat Person"


def test_age_is_taken_on_the_consent_date(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    # 16 on 1 March 2025: a consent dated the day before needs a guardian.
    teen = make_patient("Almost Sixteen", date_of_birth=date(2009, 3, 1))
    with pytest.raises(ValidationError):
        record_consent(database, ctx, teen.id, _consent(given_on=date(2025, 2, 28)))
    saved = record_consent(database, ctx, teen.id, _consent(given_on=date(2025, 3, 1)))
    assert saved.consenter == "patient"


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        (ConsentDetails(given_on=TODAY + timedelta(days=1)), "given_on", "future"),
        (ConsentDetails(given_on=None), "given_on", "Enter the date"),
        (ConsentDetails(given_on=date(1970, 1, 1)), "given_on", "before the patient was born"),
        (ConsentDetails(given_on=TODAY, modality="surgery"), "modality", "Choose"),
        (ConsentDetails(given_on=TODAY, method="telepathy"), "method", "written or verbal"),
        (ConsentDetails(given_on=TODAY, consenter="neighbour"), "consenter", "Choose"),
        (ConsentDetails(given_on=TODAY, notes="n" * 20_001), "notes", "too long"),
    ],
)
def test_invalid_consent_saves_nothing(
    database: Database,
    make_patient: MakePatient,
    count_rows: CountRows,
    details: ConsentDetails,
    field: str,
    words: str,
    ctx: ClinicContext,
) -> None:
    patient = make_patient(date_of_birth=date(1980, 5, 17))
    with pytest.raises(ValidationError) as caught:
        record_consent(database, ctx, patient.id, details)
    assert field in caught.value.fields
    assert words in caught.value.fields[field]
    assert count_rows(Consent) == 0
    assert _audit_actions(database, "consent") == []


def test_withdraw_keeps_the_record(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    given = record_consent(database, ctx, patient.id, _consent(given_on=date(2025, 1, 10)))

    withdrawn = withdraw_consent(
        database, ctx, given.id, date(2025, 3, 1), expected_version=given.version_id
    )

    assert withdrawn.withdrawn_on == date(2025, 3, 1)
    assert list_consents(database, patient.id) == [withdrawn]
    assert withdrawn.active_on(date(2025, 1, 9)) is False  # not yet given
    assert withdrawn.active_on(date(2025, 1, 10)) is True
    assert withdrawn.active_on(date(2025, 2, 28)) is True
    assert withdrawn.active_on(date(2025, 3, 1)) is False  # withdrawn that day
    assert _audit_actions(database, "consent")[-1] == ("withdraw", {"withdrawn_on": "2025-03-01"})


@pytest.mark.parametrize(
    ("withdrawn_on", "words"),
    [(TODAY + timedelta(days=1), "future"), (date(2025, 1, 9), "before consent was given")],
)
def test_withdrawal_date_is_checked(
    database: Database,
    make_patient: MakePatient,
    withdrawn_on: date,
    words: str,
    ctx: ClinicContext,
) -> None:
    patient = make_patient()
    given = record_consent(database, ctx, patient.id, _consent(given_on=date(2025, 1, 10)))
    with pytest.raises(ValidationError, match=words):
        withdraw_consent(database, ctx, given.id, withdrawn_on, expected_version=given.version_id)
    assert list_consents(database, patient.id)[0].withdrawn_on is None


def test_withdraw_unknown_consent(database: Database, ctx: ClinicContext) -> None:
    with pytest.raises(NotFoundError):
        withdraw_consent(database, ctx, 4242, TODAY, expected_version=1)


def test_missing_consents(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    needed = ("acupuncture", "electroacupuncture")
    assert missing_consents([], TODAY, needed) == ["acupuncture", "electroacupuncture"]

    acupuncture = record_consent(database, ctx, patient.id, _consent(given_on=date(2025, 1, 10)))
    record_consent(
        database,
        ctx,
        patient.id,
        _consent(modality="electroacupuncture", given_on=date(2025, 6, 1)),
    )
    consents = list_consents(database, patient.id)
    assert missing_consents(consents, TODAY, needed) == []
    assert missing_consents(consents, date(2025, 5, 1), needed) == ["electroacupuncture"]
    assert missing_consents(consents, TODAY) == []

    withdraw_consent(database, ctx, acupuncture.id, date(2025, 6, 10), expected_version=1)
    consents = list_consents(database, patient.id)
    assert missing_consents(consents, TODAY, needed) == ["acupuncture"]
    assert missing_consents(consents, date(2025, 6, 9), needed) == []


def test_consents_newest_first(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    patient = make_patient()
    for day in (date(2025, 1, 1), date(2025, 3, 1), date(2025, 2, 1)):
        record_consent(database, ctx, patient.id, _consent(given_on=day))
    assert [c.given_on for c in list_consents(database, patient.id)] == [
        date(2025, 3, 1),
        date(2025, 2, 1),
        date(2025, 1, 1),
    ]
