"""Between the ORM rows of a note and the plain objects the use cases hand out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, UnknownPointError, ValidationError
from wristcare.clinic.sessions.details import TEXT_FIELDS, SafetyAnswer, SessionDetails
from wristcare.clinic.sessions.points import resolve_many
from wristcare.clinic.sessions.safety import Shown
from wristcare.clinic.sessions.views import (
    AdverseEventView,
    AmendmentView,
    ChannelView,
    FindingView,
    PointView,
    SafetyFindingView,
    SessionNote,
    SignatureView,
)
from wristcare.db.models import (
    AdverseEvent,
    ElectroChannel,
    ExamFinding,
    NeedledPoint,
    OutcomeMeasure,
    SessionAmendment,
    SessionSafetyFinding,
    Signature,
    TreatmentSession,
)
from wristcare.db.vocab import (
    SYMPTOM_SCALES,
    MeasureSide,
    ScoringRule,
    SessionStatus,
    SignedEntity,
)

ADJUNCT_FIELDS = ("moxibustion", "cupping", "gua_sha", "tui_na", "heat_lamp")
OTHER_FIELDS = ("side", "digits_left", "digits_right", "severity", "needles_in", "needles_out",
                "next_appointment_on")  # fmt: skip


def load_session(db: DbSession, session_id: int) -> TreatmentSession:
    """The session with its children loaded; NotFoundError if there is none."""
    options = [
        selectinload(TreatmentSession.points),
        selectinload(TreatmentSession.channels),
        selectinload(TreatmentSession.findings),
        selectinload(TreatmentSession.adverse_events),
        selectinload(TreatmentSession.safety_findings),
    ]
    session = db.scalar(
        select(TreatmentSession).where(TreatmentSession.id == session_id).options(*options)
    )
    if session is None:
        raise NotFoundError("This session note no longer exists")
    if session.status is SessionStatus.DRAFT:
        set_committed_value(session, "amendments", [])  # only signed notes are amended
    return session


def session_scores(db: DbSession, session_id: int) -> list[OutcomeMeasure]:
    """The session's 0-10 symptom scores (outcome measures), in scale order."""
    rows = db.scalars(
        select(OutcomeMeasure).where(
            OutcomeMeasure.session_id == session_id,
            OutcomeMeasure.instrument.in_(SYMPTOM_SCALES),
            OutcomeMeasure.entered_in_error_at.is_(None),
        )
    ).all()
    order = {instrument: index for index, instrument in enumerate(SYMPTOM_SCALES)}
    return sorted(rows, key=lambda row: order[row.instrument])


def signature_view(signature: Signature | None) -> SignatureView | None:
    """A signature as a frozen object (None stays None)."""
    if signature is None:
        return None
    return SignatureView(
        seq=signature.seq,
        signer_id=signature.signer_id,
        signer_name=signature.signer_name,
        signed_at=signature.signed_at,
        form_version=signature.form_version,
        content_hash=signature.content_hash,
        chain_hash=signature.chain_hash,
    )


def _signatures(db: DbSession, session: TreatmentSession) -> dict[tuple[str, int], Signature]:
    if session.status is SessionStatus.DRAFT:
        return {}  # a draft has no signature, and no amendments
    wanted = [(SignedEntity.SESSION, session.id)] + [
        (SignedEntity.AMENDMENT, amendment.id) for amendment in session.amendments
    ]
    rows = db.scalars(
        select(Signature).where(
            Signature.patient_id == session.patient_id,
            Signature.entity_id.in_([entity_id for _, entity_id in wanted]),
        )
    )
    return {(row.entity, row.entity_id): row for row in rows}


def amendment_view(
    amendment: SessionAmendment, signature: Signature | None = None
) -> AmendmentView:
    """An amendment as a frozen object."""
    return AmendmentView(
        id=amendment.id,
        kind=amendment.kind,
        text=amendment.text,
        field=amendment.field,
        old_value=amendment.old_value,
        new_value=amendment.new_value,
        reason=amendment.reason,
        author_id=amendment.author_id,
        author_name=amendment.author_name,
        created_at=amendment.created_at,
        signature=signature_view(signature),
    )


def safety_view(row: SessionSafetyFinding) -> SafetyFindingView:
    """A stored safety finding as a frozen object."""
    return SafetyFindingView(
        code=row.rule_code,
        level=row.level,
        title=row.title,
        explanation=row.explanation,
        source=row.source,
        resolution=row.resolution,
        reason=row.reason,
        resolved_by_id=row.resolved_by_id,
        resolved_by_name=row.resolved_by_name,
        resolved_at=row.resolved_at,
    )


def write_safety(
    db: DbSession,
    ctx: ClinicContext,
    session: TreatmentSession,
    findings: Sequence[tuple[Shown, SafetyAnswer | None]],
) -> None:
    """Replace the note's safety rows: each (finding as worded, its answer or None).

    An answer already stored unchanged keeps who gave it and when; a new or changed one
    is the acting practitioner's, now.
    """
    before = {row.rule_code: row for row in session.safety_findings}
    if not before and not findings:
        return  # the usual autosave: nothing fired, nothing answered
    rows = []
    for shown, answer in findings:
        row = SessionSafetyFinding(
            rule_code=shown.code,
            level=shown.level,
            title=shown.title,
            explanation=shown.explanation,
            source=shown.source,
            resolution=answer.kind if answer else None,
            reason=answer.reason if answer else "",
            resolved_by_name="",
        )
        old = before.get(shown.code)
        if answer is not None:
            same = old is not None and (old.resolution, old.reason) == (answer.kind, answer.reason)
            if same:
                assert old is not None
                row.resolved_by_id, row.resolved_by_name = old.resolved_by_id, old.resolved_by_name
                row.resolved_at = old.resolved_at
            else:
                row.resolved_by_id, row.resolved_by_name = (
                    ctx.actor.practitioner_id,
                    ctx.actor.name,
                )
                row.resolved_at = ctx.now().replace(microsecond=0)
        rows.append(row)
    # Cleared first, then the new rows: UNIQUE (session, rule) must not see both at once.
    session.safety_findings = []
    db.flush()
    session.safety_findings = rows
    db.flush()


def note_of(
    db: DbSession, session: TreatmentSession, scores: list[OutcomeMeasure] | None = None
) -> SessionNote:
    """The whole note as a frozen object (``scores``: the score rows, when in hand)."""
    signatures = _signatures(db, session)
    index_of = {point.id: index for index, point in enumerate(session.points)}
    labels = [point.point_code or point.site or "" for point in session.points]
    points = tuple(
        PointView(
            id=p.id,
            position=p.position,
            acupoint_id=p.acupoint_id,
            code=p.point_code,
            site=p.site,
            side=p.side,
            needles=p.needles,
            gauge_hundredths_mm=p.gauge_hundredths_mm,
            length_mm=p.length_mm,
            depth_tenths_mm=p.depth_tenths_mm,
            angle=p.angle,
            technique=p.technique,
            de_qi=p.de_qi,
            retention_minutes=p.retention_minutes,
            note=p.note,
        )
        for p in session.points
    )
    channels = tuple(
        ChannelView(
            channel=c.channel,
            point_a=index_of[c.point_a_id],
            point_b=index_of[c.point_b_id],
            point_a_label=labels[index_of[c.point_a_id]],
            point_b_label=labels[index_of[c.point_b_id]],
            waveform=c.waveform,
            frequency_low_hz=c.frequency_low_hz,
            frequency_high_hz=c.frequency_high_hz,
            intensity_tenths_ma=c.intensity_tenths_ma,
            to_tolerance=c.to_tolerance,
            minutes=c.minutes,
        )
        for c in session.channels
    )
    findings = tuple(
        FindingView(
            test=f.test,
            side=f.side,
            result=f.result,
            digit=f.digit,
            two_point_mm=f.two_point_mm,
            trials=(f.trial_1, f.trial_2, f.trial_3),
            seconds_to_symptoms=f.seconds_to_symptoms,
            note=f.note,
        )
        for f in session.findings
    )
    events = tuple(
        AdverseEventView(
            kind=e.kind,
            occurred_at=e.occurred_at,
            severity=e.severity,
            serious=e.serious,
            description=e.description,
            action_taken=e.action_taken,
            follow_up=e.follow_up,
        )
        for e in session.adverse_events
    )
    amendments = tuple(
        amendment_view(a, signatures.get((SignedEntity.AMENDMENT, a.id)))
        for a in session.amendments
    )
    rows = scores if scores is not None else session_scores(db, session.id)
    score_values = tuple((row.instrument, _whole(row.score)) for row in rows)
    plain = {name: getattr(session, name) for name in (*TEXT_FIELDS, *ADJUNCT_FIELDS,
                                                         *OTHER_FIELDS)}  # fmt: skip
    return SessionNote(
        id=session.id,
        patient_id=session.patient_id,
        status=session.status,
        version=session.version_id,
        practitioner_id=session.practitioner_id,
        practitioner_name=session.practitioner_name,
        local_date=session.local_date,
        tz=session.tz,
        started_at=session.started_at,
        duration_minutes=session.duration_minutes,
        scores=score_values,
        findings=findings,
        points=points,
        channels=channels,
        adverse_events=events,
        signed_at=session.signed_at,
        signed_by_id=session.signed_by_id,
        signed_by_name=session.signed_by_name,
        signature=signature_view(signatures.get((SignedEntity.SESSION, session.id))),
        amendments=amendments,
        safety=tuple(safety_view(row) for row in session.safety_findings),
        **plain,
    )


def _whole(score: Decimal | None) -> int:
    return int(score) if score is not None else 0


def write_details(
    db: DbSession, ctx: ClinicContext, session: TreatmentSession, details: SessionDetails
) -> list[OutcomeMeasure]:
    """Put validated details into a draft's rows (lists are replaced whole); returns the
    session's score rows as written.

    The child rows are deleted and inserted with plain statements rather than loaded and
    diffed: a draft is autosaved every few seconds and this keeps the save well under a
    frame or two. The collections are then set to what was written, so the note can be
    read back from memory.
    """
    assert details.started_at is not None
    session.started_at = details.started_at
    session.local_date = details.started_at.astimezone(ctx.tz).date()
    session.tz = ctx.tz.key
    session.duration_minutes = (
        None
        if details.ended_at is None
        else int((details.ended_at - details.started_at) / timedelta(minutes=1))
    )
    for name in (*TEXT_FIELDS, *ADJUNCT_FIELDS, *OTHER_FIELDS):
        setattr(session, name, getattr(details, name))
    # Channels first: they point at the needled points.
    for model in (ElectroChannel, NeedledPoint, ExamFinding, AdverseEvent):
        db.execute(
            delete(model).where(model.session_id == session.id),
            execution_options={"synchronize_session": False},
        )
    problems: dict[str, str] = {}
    library = resolve_many(db, [typed.point for typed in details.points if typed.point])
    points = []
    for index, typed in enumerate(details.points):
        point = NeedledPoint(
            session_id=session.id,
            position=index,
            side=typed.side,
            needles=typed.needles,
            gauge_hundredths_mm=typed.gauge_hundredths_mm,
            length_mm=typed.length_mm,
            depth_tenths_mm=typed.depth_tenths_mm,
            angle=typed.angle,
            technique=typed.technique,
            de_qi=typed.de_qi,
            retention_minutes=typed.retention_minutes,
            note=typed.note,
        )
        if typed.point:
            found = library[typed.point]
            if isinstance(found, UnknownPointError):
                problems[f"points.{index}.point"] = str(found)
                continue
            point.acupoint_id = found.id
            # Snapshot: the note keeps reading (and hashing) the same after an upgrade.
            point.point_code = found.code or found.pinyin
        else:
            point.site = typed.site
        points.append(point)
    if problems:
        raise ValidationError(problems)
    channels = [
        ElectroChannel(
            session_id=session.id,
            channel=channel.channel,
            point_a=points[channel.point_a],
            point_b=points[channel.point_b],
            waveform=channel.waveform,
            frequency_low_hz=channel.frequency_low_hz,
            frequency_high_hz=channel.frequency_high_hz,
            intensity_tenths_ma=channel.intensity_tenths_ma,
            to_tolerance=channel.to_tolerance,
            minutes=channel.minutes,
        )
        for channel in details.channels
    ]
    findings = [
        ExamFinding(
            session_id=session.id,
            test=finding.test,
            side=finding.side,
            result=finding.result,
            digit=finding.digit,
            two_point_mm=finding.two_point_mm,
            trial_1=finding.trials[0],
            trial_2=finding.trials[1],
            trial_3=finding.trials[2],
            seconds_to_symptoms=finding.seconds_to_symptoms,
            note=finding.note,
        )
        for finding in details.findings
    ]
    events = [
        AdverseEvent(
            session_id=session.id,
            kind=event.kind,
            occurred_at=event.occurred_at or details.started_at,
            severity=event.severity,
            serious=event.serious,
            description=event.description,
            action_taken=event.action_taken,
            follow_up=event.follow_up,
        )
        for event in details.adverse_events
    ]
    db.add_all([*points, *channels, *findings, *events])
    write_safety(db, ctx, session, [(answer, answer) for answer in details.safety])
    scores = _write_scores(db, ctx, session, details.scores)
    db.flush()
    for name, rows in (
        ("points", points),
        ("channels", channels),
        ("findings", findings),
        ("adverse_events", events),
        ("amendments", []),  # a draft has none
    ):
        set_committed_value(session, name, rows)
    return scores


def _write_scores(
    db: DbSession, ctx: ClinicContext, session: TreatmentSession, scores: dict
) -> list[OutcomeMeasure]:
    """Keep one outcome row per rated scale (UNIQUE per session, scale and side)."""
    existing = {row.instrument: row for row in session_scores(db, session.id)}
    for instrument, taken_back in existing.items():
        if instrument not in scores:
            db.delete(taken_back)  # a draft's rating taken back before signing
    written = []
    for instrument in SYMPTOM_SCALES:
        if instrument not in scores:
            continue
        row = existing.get(instrument)
        if row is None:
            row = OutcomeMeasure(
                patient_id=session.patient_id,
                session_id=session.id,
                instrument=instrument,
                side=MeasureSide.NONE,
                scoring_rule=ScoringRule.NRS_0_10_V1,
                answers={},
                recorded_by_id=ctx.actor.practitioner_id,
                recorded_by_name=ctx.actor.name,
                recorded_at=ctx.now(),
            )
            db.add(row)
        row.score = Decimal(scores[instrument])
        row.taken_on = session.local_date
        written.append(row)
    return written
