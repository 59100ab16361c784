"""The facts a referral letter states, read from the record (the PDF is drawn in export/).

Plain facts only: what was found, what was done, how the scores moved. Nothing here
claims the treatment worked.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.documents.letterhead import LetterheadFacts, read_letterhead
from wristcare.clinic.errors import NotFoundError
from wristcare.clinic.outcomes.improvement import Observation, valid_series
from wristcare.clinic.outcomes.not_improving import not_improving
from wristcare.clinic.referrals.screening import run_screen
from wristcare.clinic.referrals.store import (
    clinic_thresholds,
    read_decisions,
    read_history,
    read_observations,
    read_screen,
)
from wristcare.clinic.referrals.views import DecisionView, ScreenContext
from wristcare.clinic.sessions.details import DIGITS, SCORE_LABELS
from wristcare.clinic.sessions.labels import EXAM_RESULTS, EXAM_TESTS, SEVERITIES
from wristcare.clinic.sessions.store import load_session, note_of
from wristcare.clinic.sessions.views import FindingView, SessionNote
from wristcare.db.engine import Database
from wristcare.db.models import Patient, TreatmentSession
from wristcare.db.vocab import ExamResult, ExamTest, Instrument, SessionStatus

NO_SESSIONS = "has no session notes: a referral letter describes the treatment so far"
# The order the 0-10 ratings are reported in, and the words for them.
_SCALES = tuple(SCORE_LABELS)


@dataclass(frozen=True)
class SessionSummary:
    """One session as the letter lists it."""

    on: date
    points: tuple[str, ...]
    adjuncts: tuple[str, ...]


@dataclass(frozen=True)
class LetterFacts:
    """Everything the referral letter prints; the letterhead's practitioner signs it."""

    letterhead: LetterheadFacts
    written_on: date
    recipient: str
    recipient_contact: str
    patient_name: str
    date_of_birth: date | None
    record_number: str
    findings: tuple[str, ...]
    reason: str
    referred_on: date | None
    complaint: str
    working_diagnosis: str
    examination: tuple[str, ...]
    sessions: tuple[SessionSummary, ...]
    score_trends: tuple[str, ...]


def _notes(db: DbSession, patient_id: int) -> list[SessionNote]:
    ids = db.scalars(
        select(TreatmentSession.id)
        .where(
            TreatmentSession.patient_id == patient_id,
            TreatmentSession.status != SessionStatus.ENTERED_IN_ERROR,
        )
        .order_by(TreatmentSession.started_at, TreatmentSession.id)
    ).all()
    return [note_of(db, load_session(db, session_id)) for session_id in ids]


def _summary(note: SessionNote) -> SessionSummary:
    adjuncts = tuple(
        label
        for name, label in (
            ("moxibustion", "moxibustion"), ("cupping", "cupping"), ("gua_sha", "gua sha"),
            ("tui_na", "tui na"), ("heat_lamp", "heat lamp"),
        )
        if getattr(note, name)
    )  # fmt: skip
    if note.channels:
        adjuncts = ("electroacupuncture", *adjuncts)
    return SessionSummary(note.local_date, tuple(p.label for p in note.points), adjuncts)


def exam_line(finding: FindingView) -> str | None:
    """One examination finding in words ("Phalen's test, right hand: positive after 35 s");
    None for a test not done or left blank."""
    hand = f"{finding.side} hand"
    if finding.test is ExamTest.TWO_POINT:
        if finding.two_point_mm is None or finding.digit is None:
            return None
        return (
            f"Two-point discrimination, {finding.side} {DIGITS[finding.digit - 1]}: "
            f"{finding.two_point_mm} mm"
        )
    mean = finding.mean_tenths_kg
    if mean is not None:
        trials = sum(value is not None for value in finding.trials)
        return f"{EXAM_TESTS[finding.test]}, {hand}: mean {mean / 10:.1f} kg ({trials} trials)"
    if finding.result is None or finding.result is ExamResult.NOT_DONE:
        return None
    if finding.test is ExamTest.THUMB_ABDUCTION:
        strength = {ExamResult.POSITIVE: "weak", ExamResult.NEGATIVE: "not weak"}
        return f"Thumb abduction, {hand}: {strength.get(finding.result, 'equivocal')}"
    line = f"{EXAM_TESTS[finding.test]}, {hand}: {EXAM_RESULTS[finding.result].lower()}"
    if finding.seconds_to_symptoms is not None:
        line += f" after {finding.seconds_to_symptoms} s"
    return line


def _examination(note: SessionNote) -> tuple[str, ...]:
    lines = [line for finding in note.findings if (line := exam_line(finding))]
    if note.severity is not None:
        lines.append(f"Severity grade: {SEVERITIES[note.severity]}")
    return tuple(lines)


def _number(value: object) -> str:
    text = f"{value}"
    return text[:-3] if text.endswith(".00") else text


def score_trends(observations: list[Observation], until: date) -> tuple[str, ...]:
    """Each 0-10 rating measured more than once, first and latest, in words: "Pain: 7/10
    on 2 May 2025, 5/10 on 10 June 2025 (4 ratings)"."""
    lines = []
    for instrument in _SCALES:
        series = valid_series(observations, str(instrument), "none", until=until)
        if not series:
            continue
        label = SCORE_LABELS[Instrument(instrument)]
        first, last = series[0], series[-1]
        if len(series) == 1:
            lines.append(f"{label}: {_number(first.value)}/10 on {first.taken_on:%-d %B %Y}")
            continue
        change = last.value - first.value
        if change == 0:
            moved = "unchanged"
        else:
            moved = f"{'down' if change < 0 else 'up'} {_number(abs(change))}"
        lines.append(
            f"{label}: {_number(first.value)}/10 on {first.taken_on:%-d %B %Y}, "
            f"{_number(last.value)}/10 on {last.taken_on:%-d %B %Y} ({moved}; "
            f"{len(series)} ratings)"
        )
    return tuple(lines)


def _latest_referral(decisions: tuple[DecisionView, ...]) -> DecisionView | None:
    referred = [d for d in decisions if d.referral is not None]
    return referred[-1] if referred else None


def referral_letter_facts(database: Database, ctx: ClinicContext, patient_id: int) -> LetterFacts:
    """The letter for the patient, written today in the clinic, as of their latest
    session: the latest referral's recipient and findings (or, before any referral, the
    red flags the screen finds in that session, addressed to the family doctor), the
    sessions so far, and the 0-10 ratings' movement. NotFoundError for an unknown
    patient or a patient with no sessions."""
    today = ctx.today()
    with database.read() as db:
        patient = db.get(Patient, patient_id)
        if patient is None:
            raise NotFoundError("That patient record no longer exists.")
        notes = _notes(db, patient.id)
        if not notes:
            raise NotFoundError(f"Patient {patient.record_number} {NO_SESSIONS}")
        latest = notes[-1]
        settings = read_clinic_settings(db)
        decisions = read_decisions(db, patient.id)
        observations = read_observations(db, patient.id)
        referral = _latest_referral(decisions)
        if referral is not None and referral.referral is not None:
            findings = tuple(line for line in referral.findings.splitlines() if line.strip())
            recipient = referral.referral.recipient
            reason = referral.referral.reason
            referred_on: date | None = referral.referral.referred_on
            signer_id = referral.practitioner_id
        else:
            context = ScreenContext(
                patient.id, latest.id, today, read_history(db, patient.id),
                not_improving(observations, today, clinic_thresholds(settings)),
                read_screen(db, patient.id, latest.id), decisions, patient.family_doctor_name,
                patient.record_number,
            )  # fmt: skip
            result = run_screen(context, latest.to_details())
            findings = tuple(f"{f.title}: {f.explanation}" for f in result.findings)
            recipient = patient.family_doctor_name or "The patient's doctor"
            reason, referred_on, signer_id = "", None, latest.practitioner_id
        letterhead = read_letterhead(db, settings, signer_id)
        if not letterhead.practitioner_name:
            # The practitioner is not on record: the letter is signed as the note was.
            letterhead = replace(letterhead, practitioner_name=latest.practitioner_name)
        return LetterFacts(
            letterhead=letterhead,
            written_on=today,
            recipient=recipient,
            recipient_contact=patient.family_doctor_contact
            if recipient == patient.family_doctor_name
            else "",
            patient_name=patient.name,
            date_of_birth=patient.date_of_birth,
            record_number=patient.record_number,
            findings=findings,
            reason=reason,
            referred_on=referred_on,
            complaint=latest.complaint,
            working_diagnosis=latest.working_diagnosis,
            examination=_examination(latest),
            sessions=tuple(_summary(note) for note in notes),
            score_trends=score_trends(observations, today),
        )
