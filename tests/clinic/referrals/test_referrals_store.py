"""Red-flag answers, decisions and referrals on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.clinic.conftest import TODAY
from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.outcomes.settings import EXTRA_KEY, OutcomeSettings
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.clinic.referrals import (
    DecisionDetails,
    list_decisions,
    record_decision,
    referral_letter_facts,
    run_screen,
    save_screen,
    screen_context,
    update_referral,
)
from wristcare.clinic.safety import Referral
from wristcare.clinic.sessions import FindingDetails, save_draft, start_draft
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import AuditEntry, RedFlagDecision, RedFlagScreen
from wristcare.db.models import Referral as ReferralRow
from wristcare.db.vocab import ExamResult, ExamTest, Instrument, ReferralDecision, Side


def _thenar_note(database: Database, ctx: ClinicContext, patient_id: int):  # type: ignore[no-untyped-def]
    note = start_draft(database, ctx, patient_id)
    details = note.to_details()
    details.complaint = "Numb thumb"
    details.side = Side.RIGHT
    details.findings = [
        FindingDetails(test=ExamTest.THENAR_WASTING, side=Side.RIGHT, result=ExamResult.POSITIVE)
    ]
    details.scores = {Instrument.NRS_NUMBNESS: 7}
    return save_draft(database, ctx, note.id, details, note.version), details


def test_thenar_wasting_in_a_saved_note_is_an_unanswered_red_flag(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    note, details = _thenar_note(database, ctx, patient.id)
    context = screen_context(database, ctx, patient.id, note.id)
    result = run_screen(context, details)
    assert [f.code for f in result.unanswered] == ["RF-THENAR-WASTING"]
    assert result.sources["thenar_wasting"] == "examination, right hand"


def test_a_referral_is_stored_with_its_audit_entry_and_answers_the_flag(
    database: Database, ctx: ClinicContext, make_patient: Callable, count_rows: Callable
) -> None:
    patient = make_patient()
    note, details = _thenar_note(database, ctx, patient.id)
    result = run_screen(screen_context(database, ctx, patient.id, note.id), details)
    referral = Referral("Dr Amir Shah, Riverside Surgery", "Thenar wasting, right hand", TODAY)
    decision = record_decision(
        database, ctx, patient.id, note.id, result.findings, DecisionDetails(True, referral)
    )
    assert decision.decision is ReferralDecision.REFERRED
    assert decision.codes == ("RF-THENAR-WASTING",)
    assert decision.referral is not None and decision.referral.recipient.startswith("Dr Amir")
    assert "Referred to Dr Amir Shah" in decision.summary
    assert count_rows(RedFlagDecision) == 1 and count_rows(ReferralRow) == 1
    with database.read() as db:
        row = db.scalars(select(ReferralRow)).one()
        assert row.practitioner_id == ctx.actor.practitioner_id
        assert row.practitioner_name == ctx.actor.name
        assert row.session_id == note.id
        entry = db.scalars(select(AuditEntry).where(AuditEntry.entity == "red_flag_decision")).one()
        assert entry.action == "referred" and entry.patient_id == patient.id
    again = run_screen(screen_context(database, ctx, patient.id, note.id), details)
    assert again.unanswered == ()
    assert again.answered["RF-THENAR-WASTING"].id == decision.id


def test_not_referring_needs_a_reason(
    database: Database, ctx: ClinicContext, make_patient: Callable, count_rows: Callable
) -> None:
    patient = make_patient()
    note, details = _thenar_note(database, ctx, patient.id)
    findings = run_screen(screen_context(database, ctx, patient.id, note.id), details).findings
    with pytest.raises(ValidationError) as error:
        record_decision(database, ctx, patient.id, note.id, findings, DecisionDetails(False))
    assert error.value.fields == {"text": "Give the reason not to refer"}
    with pytest.raises(ValidationError) as error:
        record_decision(
            database, ctx, patient.id, note.id, findings,
            DecisionDetails(True, Referral("", "", TODAY + timedelta(days=1))),
        )  # fmt: skip
    assert set(error.value.fields) == {"recipient", "reason", "referred_on"}
    assert count_rows(RedFlagDecision) == 0 and count_rows(AuditEntry) > 0
    decision = record_decision(
        database, ctx, patient.id, note.id, findings,
        DecisionDetails(False, reason_not_to_refer="Already under the hand clinic, seen May"),
    )  # fmt: skip
    assert decision.referral is None and decision.reason.startswith("Already")
    assert count_rows(ReferralRow) == 0


def test_no_red_flag_means_nothing_to_answer(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    with pytest.raises(ValidationError) as error:
        record_decision(
            database, ctx, patient.id, None, [], DecisionDetails(False, reason_not_to_refer="x")
        )
    assert "findings" in error.value.fields


def test_intake_answers_are_stored_and_carried_to_the_first_session(
    database: Database, ctx: ClinicContext, make_patient: Callable, count_rows: Callable
) -> None:
    patient = make_patient()
    intake = screen_context(database, ctx, patient.id)
    assert intake.screen.version == 0 and not any(intake.screen.answers.values())
    stored = save_screen(database, ctx, patient.id, None, {"lump_at_wrist": True}, 0)
    assert stored.answers["lump_at_wrist"] and stored.version == 1
    with pytest.raises(ConcurrentEditError):
        save_screen(database, ctx, patient.id, None, {"lump_at_wrist": False}, 0)
    assert run_screen(screen_context(database, ctx, patient.id), None).unanswered[0].code == (
        "RF-WRIST-LUMP"
    )
    note = start_draft(database, ctx, patient.id)
    first = screen_context(database, ctx, patient.id, note.id)
    assert first.screen.version == 0 and first.screen.answers["lump_at_wrist"]
    save_screen(database, ctx, patient.id, note.id, {"lump_at_wrist": False}, 0)
    assert count_rows(RedFlagScreen) == 2
    with database.read() as db:
        actions = db.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "red_flag_screen")
        ).all()
    assert actions == ["screen", "screen"]
    with pytest.raises(ValidationError):
        save_screen(database, ctx, patient.id, None, {"thenar_wasting": True}, 1)


def test_a_referral_is_corrected_with_the_version_it_was_read_at(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    note, details = _thenar_note(database, ctx, patient.id)
    findings = run_screen(screen_context(database, ctx, patient.id, note.id), details).findings
    decision = record_decision(
        database, ctx, patient.id, note.id, findings,
        DecisionDetails(True, Referral("Dr Shah", "Thenar wasting", TODAY)),
    )  # fmt: skip
    assert decision.referral is not None
    first = decision.referral
    fixed = update_referral(
        database, ctx, first.id, Referral("Dr Amir Shah", "Thenar wasting", TODAY), first.version
    )
    assert fixed.recipient == "Dr Amir Shah" and fixed.version == first.version + 1
    with pytest.raises(ConcurrentEditError):
        update_referral(database, ctx, first.id, Referral("Dr X", "y", TODAY), first.version)
    with pytest.raises(NotFoundError):
        update_referral(database, ctx, 999, Referral("Dr X", "y", TODAY), 1)
    assert list_decisions(database, patient.id)[0].referral == fixed


def test_not_improving_uses_the_clinic_period(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    # A first rating twelve weeks ago and the same rating now: no improvement.
    early = start_draft(database, ctx, patient.id)
    details = early.to_details()
    start = details.started_at - timedelta(weeks=12)  # type: ignore[operator]
    details.started_at, details.ended_at = start, start + timedelta(minutes=45)
    details.scores = {Instrument.NRS_PAIN: 6}
    save_draft(database, ctx, early.id, details, early.version)
    note = start_draft(database, ctx, patient.id)
    later = note.to_details()
    later.scores = {Instrument.NRS_PAIN: 6}
    save_draft(database, ctx, note.id, later, note.version)
    context = screen_context(database, ctx, patient.id, note.id)
    assert context.no_improvement is not None and context.no_improvement.weeks == 8
    codes = [f.code for f in run_screen(context, later).findings]
    assert codes == ["RF-NO-IMPROVEMENT"]
    settings = get_clinic_settings(database)
    # The period is the one set on the Outcomes page of the clinic settings.
    settings.details.extra = {
        **settings.details.extra,
        EXTRA_KEY: OutcomeSettings(thresholds=OutcomeThresholds(not_improving_weeks=16)).to_json(),
    }
    update_clinic_settings(database, ctx, settings.details, expected_version=settings.version_id)
    assert screen_context(database, ctx, patient.id, note.id).no_improvement is None


def test_letter_facts_name_the_referral_and_the_treatment(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient(family_doctor_name="Dr Amir Shah")
    with pytest.raises(NotFoundError, match="no session notes"):
        referral_letter_facts(database, ctx, patient.id)
    with pytest.raises(NotFoundError, match="no longer exists"):
        referral_letter_facts(database, ctx, 424242)
    note, details = _thenar_note(database, ctx, patient.id)
    before = referral_letter_facts(database, ctx, patient.id)
    assert before.recipient == "Dr Amir Shah" and before.referred_on is None
    assert before.findings[0].startswith("Thenar wasting:")
    findings = run_screen(screen_context(database, ctx, patient.id, note.id), details).findings
    record_decision(
        database, ctx, patient.id, note.id, findings,
        DecisionDetails(True, Referral("Hand clinic, City Hospital", "Thenar wasting", TODAY)),
    )  # fmt: skip
    facts = referral_letter_facts(database, ctx, patient.id)
    assert facts.recipient == "Hand clinic, City Hospital"
    assert facts.reason == "Thenar wasting" and facts.referred_on == TODAY
    assert facts.patient_name == patient.details.name
    assert len(facts.sessions) == 1 and facts.sessions[0].on == note.local_date
    assert facts.score_trends == (f"Numbness: 7/10 on {note.local_date:%-d %B %Y}",)
    head = facts.letterhead
    assert head.practitioner_name == ctx.actor.name and head.profession == "Acupuncturist"
    assert isinstance(facts.written_on, date)
