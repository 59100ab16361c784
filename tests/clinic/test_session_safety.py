"""The safety rules on a session note: what fired and how it was answered is stored with
the note and signed with it; a stop without an answer keeps the note unsigned; a clinic
switches off a caution (audited), never a stop."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sessions_helpers import complete_details, make_context, ready_to_treat
from sqlalchemy import select

from wristcare.cli import main
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.rule_switches import rules_off, switch_rule
from wristcare.clinic.sessions import (
    PointDetails,
    SessionDetails,
    get_note,
    save_draft,
    sign_session,
    start_draft,
    verify_chains,
)
from wristcare.clinic.sessions.canonical import chain_hash, content_hash, session_form
from wristcare.clinic.sessions.details import SafetyAnswer
from wristcare.clinic.sessions.safety import load_safety_facts, note_findings
from wristcare.db.engine import Database
from wristcare.db.migrate import run_alembic, upgrade
from wristcare.db.models import AuditEntry, Signature
from wristcare.db.vocab import FindingLevel, FindingResolutionKind, SessionStatus, Side

START = datetime(2025, 6, 15, 9, 0, tzinfo=UTC)
PACEMAKER = HealthHistoryDetails(implanted_device=True, implanted_device_detail="Pacemaker")
PREGNANT = HealthHistoryDetails(pregnant=True, pregnancy_due_date=date(2025, 9, 1))
DIABETES = HealthHistoryDetails(diabetes=True)


@pytest.fixture
def ctx(database: Database) -> ClinicContext:
    return make_context(database)


@pytest.fixture
def patient_with(
    make_patient: Callable[..., PatientRecord], database: Database, ctx: ClinicContext
) -> Callable[[HealthHistoryDetails], PatientRecord]:
    def make(history: HealthHistoryDetails) -> PatientRecord:
        record = make_patient("Mei Ling Chan")
        ready_to_treat(database, ctx, record.id, history=history)
        return record

    return make


def _draft(
    database: Database, ctx: ClinicContext, patient_id: int, details: SessionDetails
) -> tuple[int, int]:
    note = start_draft(database, ctx, patient_id, started_at=START)
    note = save_draft(database, ctx, note.id, details, note.version)
    return note.id, note.version


def _answer(finding_code: str, database: Database, patient_id: int, details: SessionDetails,
            kind: FindingResolutionKind, reason: str) -> SafetyAnswer:  # fmt: skip
    facts = load_safety_facts(database, patient_id, START.date())
    found = {f.code: f for f in note_findings(facts, details)}[finding_code]
    return SafetyAnswer(found.code, FindingLevel(found.level), found.title, found.explanation,
                        found.source, kind, reason)  # fmt: skip


def test_an_electro_channel_for_a_pacemaker_patient_keeps_the_note_unsigned(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(PACEMAKER)
    details = complete_details(START)  # PC7-TE5 on channel 1
    session_id, version = _draft(database, ctx, patient.id, details)

    with pytest.raises(ValidationError) as refused:
        sign_session(database, ctx, session_id, version)

    message = refused.value.fields["safety"]
    assert "Electroacupuncture with an implanted electrical device" in message
    assert "override reason" in message
    assert get_note(database, session_id).status is SessionStatus.DRAFT


def test_an_override_without_a_reason_is_refused_with_a_message(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(PACEMAKER)
    details = complete_details(START)
    session_id, version = _draft(database, ctx, patient.id, details)
    details.safety = [
        _answer("DEVICE-EA", database, patient.id, details, FindingResolutionKind.OVERRIDDEN, " ")
    ]
    with pytest.raises(ValidationError) as refused:
        save_draft(database, ctx, session_id, details, version)
    assert refused.value.fields == {"safety.DEVICE-EA": "Give the reason to override"}


def test_an_override_with_a_reason_is_signed_into_the_chain(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(PACEMAKER)
    details = complete_details(START)
    session_id, version = _draft(database, ctx, patient.id, details)
    reason = "Cardiologist confirmed the device is MRI-safe and off; written advice on file"
    details.safety = [
        _answer(
            "DEVICE-EA", database, patient.id, details, FindingResolutionKind.OVERRIDDEN, reason
        )
    ]
    note = save_draft(database, ctx, session_id, details, version)

    signed = sign_session(database, ctx, note.id, note.version)

    (finding,) = signed.safety
    assert (finding.code, finding.level) == ("DEVICE-EA", FindingLevel.STOP)
    assert finding.resolution is FindingResolutionKind.OVERRIDDEN and finding.reason == reason
    assert "Implanted device: Pacemaker" in finding.explanation
    assert finding.source.startswith("clinical.md §4")
    assert (finding.resolved_by_id, finding.resolved_by_name) == (
        ctx.actor.practitioner_id,
        ctx.actor.name,
    )
    assert finding.resolved_at == ctx.now().replace(microsecond=0)
    assert get_note(database, note.id).safety == signed.safety
    # The answer is part of what was signed: its hash covers it.
    assert signed.signature is not None
    assert signed.signature.form_version == 2
    assert content_hash(session_form(get_note(database, note.id))) == signed.signature.content_hash
    without = replace(signed, safety=())
    assert content_hash(session_form(without)) != signed.signature.content_hash
    with database.read() as db:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "sign"))
        assert entry is not None and entry.changes["safety"] == {"DEVICE-EA": "overridden"}


def test_changing_the_reason_after_signing_breaks_the_chain(
    database: Database,
    db_path: Path,
    ctx: ClinicContext,
    patient_with: Callable[..., PatientRecord],
) -> None:
    patient = patient_with(PREGNANT)
    details = complete_details(START, points=("PC7", "LI4", "TE5"))
    session_id, version = _draft(database, ctx, patient.id, details)
    details.safety = [
        _answer("PREG-AVOID", database, patient.id, details, FindingResolutionKind.PROCEEDED,
                "Discussed with the patient; gentle stimulation only")
    ]  # fmt: skip
    note = save_draft(database, ctx, session_id, details, version)
    signed = sign_session(database, ctx, note.id, note.version)
    assert {f.code: f.resolution for f in signed.safety} == {
        "PREG-AVOID": FindingResolutionKind.PROCEEDED,
        "PREG-EA": None,  # a caution answered by no one is recorded as such
    }
    assert verify_chains(database) == []

    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE session_safety_findings SET reason = 'Patient insisted' "
            "WHERE rule_code = 'PREG-AVOID'"
        )
    (problem,) = verify_chains(database)
    assert "changed after signing" in problem.problem


def test_a_stop_removed_by_changing_the_treatment_is_recorded_as_such(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(PACEMAKER)
    details = complete_details(START)
    answer = _answer("DEVICE-EA", database, patient.id, details,
                     FindingResolutionKind.CHANGED_TREATMENT, "")  # fmt: skip
    details.channels = []
    details.safety = [answer]
    session_id, version = _draft(database, ctx, patient.id, details)

    signed = sign_session(database, ctx, session_id, version)

    (finding,) = signed.safety
    assert finding.code == "DEVICE-EA"
    assert finding.resolution is FindingResolutionKind.CHANGED_TREATMENT


def test_changed_treatment_does_not_answer_a_stop_that_still_fires(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(PACEMAKER)
    details = complete_details(START)
    details.safety = [
        _answer("DEVICE-EA", database, patient.id, details,
                FindingResolutionKind.CHANGED_TREATMENT, "")
    ]  # fmt: skip
    session_id, version = _draft(database, ctx, patient.id, details)
    with pytest.raises(ValidationError) as refused:
        sign_session(database, ctx, session_id, version)
    assert "still applies after the change of treatment" in refused.value.fields["safety"]


def test_li4_without_pregnancy_signs_with_no_findings(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(HealthHistoryDetails())
    details = complete_details(START, points=("PC7", "LI4", "TE5"))
    session_id, version = _draft(database, ctx, patient.id, details)
    assert sign_session(database, ctx, session_id, version).safety == ()


def test_the_database_refuses_an_answer_that_does_not_fit(
    database: Database, db_path: Path, ctx: ClinicContext,
    patient_with: Callable[..., PatientRecord],
) -> None:  # fmt: skip
    patient = patient_with(PACEMAKER)
    session_id, _ = _draft(database, ctx, patient.id, complete_details(START))
    insert = (
        "INSERT INTO session_safety_findings (session_id, rule_code, level, title, explanation,"
        " source, resolution, reason, resolved_by_id, resolved_by_name, resolved_at)"
        " VALUES (?, 'DEVICE-EA', ?, 't', 'e', 's', ?, ?, ?, ?, '2025-06-15 09:00:00')"
    )
    who = ctx.actor.practitioner_id
    for values, constraint in (
        (("stop", "overridden", "", who, "Dr Li Wen"), "reason_given"),
        (("caution", "overridden", "because", who, "Dr Li Wen"), "resolution_fits_level"),
        (("stop", "overridden", "because", who, ""), "resolver_named"),
        (("stop", "shrugged", "because", who, "Dr Li Wen"), "resolution"),
    ):
        with sqlite3.connect(db_path) as connection, pytest.raises(sqlite3.IntegrityError) as no:
            connection.execute(insert, (session_id, *values))
        assert f"ck_session_safety_findings_{constraint}" in str(no.value)


def test_a_note_signed_in_form_1_still_verifies(
    database: Database, db_path: Path, ctx: ClinicContext,
    patient_with: Callable[..., PatientRecord], capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Notes signed before safety findings were part of the note (form version 1): their
    signatures are checked against form 1, so `wristcare check` passes on old chains."""
    patient = patient_with(HealthHistoryDetails())
    session_id, version = _draft(database, ctx, patient.id, complete_details(START))
    signed = sign_session(database, ctx, session_id, version)
    old_content = content_hash(session_form(signed, 1))
    old_chain = chain_hash("0" * 64, old_content)
    # The link as the earlier release wrote it.
    with database.transaction() as db:
        link = db.scalar(select(Signature).where(Signature.entity_id == session_id))
        assert link is not None
        link.form_version, link.content_hash, link.chain_hash = 1, old_content, old_chain
    assert old_content != signed.signature.content_hash  # type: ignore[union-attr]

    assert verify_chains(database) == []
    assert main(["check", "--db", f"sqlite:///{db_path}"]) == 0
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE treatment_sessions SET advice = 'changed'")
    assert "changed after signing" in verify_chains(database)[0].problem


# The clinic's switched-off cautions ------------------------------------------------------


def test_a_switched_off_caution_does_not_fire_and_is_audited(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(DIABETES)
    details = complete_details(START)  # PC7, PC6, TE5: wrist points
    facts = load_safety_facts(database, patient.id, START.date())
    assert "DIABETES-DISTAL" in {f.code for f in note_findings(facts, details)}

    assert switch_rule(database, ctx, "DIABETES-DISTAL", on=False) == {"DIABETES-DISTAL"}

    assert rules_off(database) == {"DIABETES-DISTAL"}
    facts = load_safety_facts(database, patient.id, START.date())
    assert "DIABETES-DISTAL" not in {f.code for f in note_findings(facts, details)}
    session_id, version = _draft(database, ctx, patient.id, details)
    assert sign_session(database, ctx, session_id, version).safety == ()
    with database.read() as db:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "safety_rule_off"))
        assert entry is not None
        assert entry.changes == {"rule": "DIABETES-DISTAL", "on": [True, False]}
        assert (entry.practitioner_id, entry.actor) == (ctx.actor.practitioner_id, ctx.actor.name)
        assert entry.at is not None

    switch_rule(database, ctx, "DIABETES-DISTAL", on=True)
    assert rules_off(database) == frozenset()
    with database.read() as db:
        actions = db.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "clinic_settings")
        ).all()
    assert actions == ["safety_rule_off", "safety_rule_on"]


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("DEVICE-EA", "stop rule and cannot be switched off"),
        ("CONSENT-MISSING", "stop rule and cannot be switched off"),
        ("HISTORY-MISSING", "cannot be switched off"),
        ("NO-SUCH-RULE", "there is no rule"),
    ],
)
def test_a_stop_cannot_be_switched_off(database: Database, ctx: ClinicContext, code: str,
                                       why: str) -> None:  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        switch_rule(database, ctx, code, on=False)
    assert why in refused.value.fields["disabled_rules"]
    assert rules_off(database) == frozenset()
    with database.read() as db:
        assert db.scalar(select(AuditEntry).where(AuditEntry.entity == "clinic_settings")) is None


def test_a_stop_written_into_the_settings_by_hand_still_fires(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings

    settings = get_clinic_settings(database)
    details = replace(settings.details, extra={"safety_rules_off": ["DEVICE-EA", "PREG-EA"]})
    update_clinic_settings(database, ctx, details, expected_version=settings.version_id)
    assert rules_off(database) == {"PREG-EA"}
    patient = patient_with(PACEMAKER)
    facts = load_safety_facts(database, patient.id, START.date())
    assert "DEVICE-EA" in {f.code for f in note_findings(facts, complete_details(START))}


# Free sites and the treatment as the rules read it ---------------------------------------


def test_a_free_site_is_needling_but_not_a_point_the_rules_place(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(PREGNANT)
    details = SessionDetails(points=[PointDetails(site="Ashi point, thenar", side=Side.RIGHT)])
    facts = load_safety_facts(database, patient.id, START.date())
    assert note_findings(facts, details) == []
    facts = replace(facts, consents=())
    assert [f.code for f in note_findings(facts, details)] == ["CONSENT-MISSING"]


# Upgrading a database from before this revision ------------------------------------------


def test_a_0003_database_upgrades_with_nothing_lost(
    database: Database, ctx: ClinicContext, patient_with: Callable[..., PatientRecord]
) -> None:
    patient = patient_with(HealthHistoryDetails())
    session_id, version = _draft(database, ctx, patient.id, complete_details(START))
    signed = sign_session(database, ctx, session_id, version)
    run_alembic(database, "downgrade", "0003")
    database.dispose()

    upgrade(database)

    assert get_note(database, session_id) == signed
    assert verify_chains(database) == []
