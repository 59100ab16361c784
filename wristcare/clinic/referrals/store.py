"""Reading and writing the red-flag screen, the decisions and the referrals.

Each public function is one unit of work; each write carries its audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.clinic_settings import ClinicSettings, read_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.not_improving import PRIMARY_MEASURES, not_improving
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.clinic.referrals.views import (
    DecisionView,
    ReferralView,
    ScreenContext,
    StoredScreen,
)
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.safety.redflags import ASKED_SIGNS
from wristcare.clinic.safety.resolution import FindingResolution, Referral, validate_resolution
from wristcare.clinic.text import clean
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import (
    HealthHistory,
    OutcomeMeasure,
    Patient,
    RedFlagDecision,
    RedFlagScreen,
    TreatmentSession,
)
from wristcare.db.models import Referral as ReferralRow
from wristcare.db.vocab import FindingLevel, FindingResolutionKind, ReferralDecision

STALE_SCREEN = (
    "The red-flag answers were changed from another window since you opened them. "
    "Reopen the note to see them; yours were not saved."
)
STALE_REFERRAL = (
    "This referral was changed from another window since you opened it. "
    "Reopen it to see the change; yours was not saved."
)


@dataclass(frozen=True)
class DecisionDetails:
    """The practitioner's answer to the red flags shown: a referral, or why not."""

    referred: bool
    referral: Referral | None = None
    reason_not_to_refer: str = ""


def clinic_thresholds(settings: ClinicSettings) -> OutcomeThresholds:
    """The clinic's thresholds for a clinically important change, as set on the
    Outcomes page of the clinic settings (the defaults of clinical.md until set: not
    improving after 8 weeks)."""
    return settings.outcomes.thresholds


def _patient(db: DbSession, patient_id: int) -> Patient:
    patient = db.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient


def _check_session(db: DbSession, patient_id: int, session_id: int | None) -> None:
    if session_id is None:
        return
    session = db.get(TreatmentSession, session_id)
    if session is None or session.patient_id != patient_id:
        raise NotFoundError("This session note no longer exists")


def _answers_of(row: RedFlagScreen | None) -> dict[str, bool]:
    return {name: bool(row is not None and getattr(row, name)) for name in ASKED_SIGNS}


def _screen_row(db: DbSession, patient_id: int, session_id: int | None) -> RedFlagScreen | None:
    query = select(RedFlagScreen).where(RedFlagScreen.patient_id == patient_id)
    if session_id is None:
        query = query.where(RedFlagScreen.session_id.is_(None))
    else:
        query = query.where(RedFlagScreen.session_id == session_id)
    return db.scalar(query.order_by(RedFlagScreen.screened_at.desc(), RedFlagScreen.id.desc()))


def read_screen(db: DbSession, patient_id: int, session_id: int | None) -> StoredScreen:
    """The answers stored for a session (or intake), else the patient's latest ones."""
    own = _screen_row(db, patient_id, session_id)
    if own is not None:
        return StoredScreen(
            session_id, _answers_of(own), own.version_id, own.screened_at, own.practitioner_name
        )
    # Nothing answered here yet: start from the patient's latest answers (intake or an
    # earlier session), which the practitioner confirms or changes.
    latest = db.scalar(
        select(RedFlagScreen)
        .where(RedFlagScreen.patient_id == patient_id)
        .order_by(RedFlagScreen.screened_at.desc(), RedFlagScreen.id.desc())
        .limit(1)
    )
    return StoredScreen(session_id, _answers_of(latest), 0, None, "")


def _referral_view(row: ReferralRow) -> ReferralView:
    return ReferralView(
        row.id, row.recipient, row.reason, row.referred_on, row.practitioner_name, row.version_id
    )


def _decision_view(row: RedFlagDecision, referral: ReferralRow | None) -> DecisionView:
    return DecisionView(
        id=row.id,
        patient_id=row.patient_id,
        session_id=row.session_id,
        codes=tuple(row.flag_codes.split(",")),
        findings=row.findings,
        decision=row.decision,
        reason=row.reason,
        decided_on=row.decided_on,
        practitioner_id=row.practitioner_id,
        practitioner_name=row.practitioner_name,
        referral=None if referral is None else _referral_view(referral),
        version=row.version_id,
    )


def read_decisions(db: DbSession, patient_id: int) -> tuple[DecisionView, ...]:
    """Every decision on the patient's red flags, oldest first, inside a unit of work."""
    rows = db.scalars(
        select(RedFlagDecision)
        .where(RedFlagDecision.patient_id == patient_id)
        .order_by(RedFlagDecision.decided_on, RedFlagDecision.id)
    ).all()
    referrals = {
        r.decision_id: r
        for r in db.scalars(select(ReferralRow).where(ReferralRow.patient_id == patient_id))
    }
    return tuple(_decision_view(row, referrals.get(row.id)) for row in rows)


def list_decisions(database: Database, patient_id: int) -> tuple[DecisionView, ...]:
    """Every decision on the patient's red flags (with its referral), oldest first."""
    with database.read() as db:
        return read_decisions(db, patient_id)


def read_observations(db: DbSession, patient_id: int) -> list[Observation]:
    """The patient's stored primary outcome scores as the outcome rules read them."""
    rows = db.scalars(
        select(OutcomeMeasure).where(
            OutcomeMeasure.patient_id == patient_id,
            OutcomeMeasure.instrument.in_(sorted(PRIMARY_MEASURES)),
            OutcomeMeasure.score.is_not(None),
        )
    )
    return [
        Observation(
            instrument=str(row.instrument),
            side=str(row.side),
            taken_on=row.taken_on,
            value=row.score,
            entered_in_error=row.entered_in_error_at is not None,
        )
        for row in rows
        if row.score is not None  # the query asks for scored rows; this tells mypy
    ]


def read_history(db: DbSession, patient_id: int) -> HealthHistoryDetails | None:
    """The patient's current health history inside a unit of work (None: none recorded)."""
    row = db.scalar(
        select(HealthHistory)
        .where(HealthHistory.patient_id == patient_id, HealthHistory.superseded_at.is_(None))
        .order_by(HealthHistory.version.desc())
        .limit(1)
    )
    if row is None:
        return None
    names = HealthHistoryDetails.__dataclass_fields__
    return HealthHistoryDetails(**{name: getattr(row, name) for name in names})


def screen_context(
    database: Database, ctx: ClinicContext, patient_id: int, session_id: int | None = None
) -> ScreenContext:
    """Everything the red-flag screen reads from the record for a session (or intake, with
    ``session_id`` None): health history, "not improving" from the stored 0-10 and BCTQ
    scores with the clinic's period, the stored answers, the decisions made so far."""
    with database.read() as db:
        return _screen_context(db, ctx, patient_id, session_id)


def _screen_context(
    db: DbSession, ctx: ClinicContext, patient_id: int, session_id: int | None = None
) -> ScreenContext:
    patient = _patient(db, patient_id)
    _check_session(db, patient_id, session_id)
    today = ctx.today()
    thresholds = clinic_thresholds(read_clinic_settings(db))
    return ScreenContext(
        patient_id=patient_id,
        session_id=session_id,
        today=today,
        history=read_history(db, patient_id),
        no_improvement=not_improving(read_observations(db, patient_id), today, thresholds),
        screen=read_screen(db, patient_id, session_id),
        decisions=read_decisions(db, patient_id),
        family_doctor=patient.family_doctor_name,
        record_number=patient.record_number,
    )


def save_screen(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    session_id: int | None,
    answers: Mapping[str, bool],
    expected_version: int,
) -> StoredScreen:
    """Store the answers to the asked signs for a session (or intake). ``expected_version``
    is the stored screen's version (0 when none was stored): a stale copy is refused."""
    with database.transaction() as db:
        return _save_screen(db, ctx, patient_id, session_id, answers, expected_version)


def _save_screen(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    session_id: int | None,
    answers: Mapping[str, bool],
    expected_version: int,
) -> StoredScreen:
    unknown = sorted(set(answers) - set(ASKED_SIGNS))
    if unknown:
        raise ValidationError({unknown[0]: "Not a red-flag question"})
    values = {name: bool(answers.get(name)) for name in ASKED_SIGNS}
    _patient(db, patient_id)
    _check_session(db, patient_id, session_id)
    row = _screen_row(db, patient_id, session_id)
    current = 0 if row is None else row.version_id
    if current != expected_version:
        raise ConcurrentEditError(STALE_SCREEN)
    before = _answers_of(row)
    if row is None:
        row = RedFlagScreen(patient_id=patient_id, session_id=session_id)
        db.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    row.practitioner_id = ctx.actor.practitioner_id
    row.practitioner_name = ctx.actor.name
    row.screened_at = ctx.now()
    db.flush()
    audit.record(
        db, ctx, action="screen" if current == 0 else "update",
        entity="red_flag_screen", entity_id=row.id, patient_id=patient_id,
        changes=audit.diff(before, values) | {"session_id": session_id},
    )  # fmt: skip
    return StoredScreen(session_id, values, row.version_id, row.screened_at, row.practitioner_name)


def validate_decision(
    findings: Sequence[Finding], details: DecisionDetails, today: date
) -> dict[str, str]:
    """Field -> message for a decision that cannot be recorded."""
    flags = [f for f in findings if f.level is FindingLevel.REFER]
    if not flags:
        return {"findings": "There is no red flag to answer"}
    kind = (
        FindingResolutionKind.REFERRED if details.referred else FindingResolutionKind.NOT_REFERRED
    )
    answer = FindingResolution(
        flags[0].code,
        kind,
        details.reason_not_to_refer,
        details.referral,
    )
    return validate_resolution(answer, flags[0], today)


def _cleaned_referral(referral: Referral) -> Referral:
    return Referral(clean(referral.recipient), clean(referral.reason), referral.referred_on)


def record_decision(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    session_id: int | None,
    findings: Sequence[Finding],
    details: DecisionDetails,
) -> DecisionView:
    """Record the answer to the red flags in ``findings`` (prompts among them are left
    out): a referral (recipient, reason, date) or the reason not to refer."""
    with database.transaction() as db:
        return _record_decision(db, ctx, patient_id, session_id, findings, details)


def _record_decision(
    db: DbSession,
    ctx: ClinicContext,
    patient_id: int,
    session_id: int | None,
    findings: Sequence[Finding],
    details: DecisionDetails,
) -> DecisionView:
    if details.referral is not None:
        details = DecisionDetails(
            details.referred, _cleaned_referral(details.referral), details.reason_not_to_refer
        )
    details = DecisionDetails(
        details.referred, details.referral, clean(details.reason_not_to_refer)
    )
    problems = validate_decision(findings, details, ctx.today())
    if problems:
        raise ValidationError(problems)
    flags = [f for f in findings if f.level is FindingLevel.REFER]
    kind = (
        FindingResolutionKind.REFERRED if details.referred else FindingResolutionKind.NOT_REFERRED
    )
    _patient(db, patient_id)
    _check_session(db, patient_id, session_id)
    decision = RedFlagDecision(
        patient_id=patient_id,
        session_id=session_id,
        flag_codes=",".join(f.code for f in flags),
        findings="\n".join(f"{f.title}: {f.explanation}" for f in flags),
        decision=ReferralDecision(kind),
        reason="" if details.referred else details.reason_not_to_refer,
        decided_on=ctx.today(),
        practitioner_id=ctx.actor.practitioner_id,
        practitioner_name=ctx.actor.name,
    )
    db.add(decision)
    db.flush()
    referral = None
    if details.referred and details.referral is not None:
        referral = ReferralRow(
            decision_id=decision.id,
            patient_id=patient_id,
            session_id=session_id,
            recipient=details.referral.recipient,
            reason=details.referral.reason,
            referred_on=details.referral.referred_on,
            practitioner_id=ctx.actor.practitioner_id,
            practitioner_name=ctx.actor.name,
        )
        db.add(referral)
        db.flush()
    audit.record(
        db, ctx, action=str(decision.decision), entity="red_flag_decision",
        entity_id=decision.id, patient_id=patient_id,
        changes={"session_id": session_id, "flags": decision.flag_codes,
                 "referral_id": None if referral is None else referral.id},
        reason=decision.reason,
    )  # fmt: skip
    return _decision_view(decision, referral)


def update_referral(
    database: Database,
    ctx: ClinicContext,
    referral_id: int,
    referral: Referral,
    expected_version: int,
) -> ReferralView:
    """Correct a referral's recipient, reason or date (audited, old and new values)."""
    referral = _cleaned_referral(referral)
    answer = FindingResolution("referral", FindingResolutionKind.REFERRED, "", referral)
    problems = validate_resolution(answer, None, ctx.today())
    if problems:
        raise ValidationError(problems)
    with database.transaction() as db:
        row = db.get(ReferralRow, referral_id)
        if row is None:
            raise NotFoundError("This referral no longer exists")
        if row.version_id != expected_version:
            raise ConcurrentEditError(STALE_REFERRAL)
        before = {"recipient": row.recipient, "reason": row.reason, "referred_on": row.referred_on}
        after = {
            "recipient": referral.recipient,
            "reason": referral.reason,
            "referred_on": referral.referred_on,
        }
        changes = audit.diff(before, after)
        if changes:
            for name, value in after.items():
                setattr(row, name, value)
            db.flush()
            audit.record(
                db, ctx, action="update", entity="referral", entity_id=row.id,
                patient_id=row.patient_id, changes=changes,
            )  # fmt: skip
        return _referral_view(row)
