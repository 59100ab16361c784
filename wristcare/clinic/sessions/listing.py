"""Lists of notes: one patient's sessions, and the Sessions view across patients."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.labels import SIDE_LETTERS, point_label
from wristcare.db.engine import Database
from wristcare.db.models import NeedledPoint, Patient, TreatmentSession
from wristcare.db.vocab import SessionStatus

SUMMARY_POINTS = 6


@dataclass(frozen=True)
class SessionRow:
    """One line of a session list."""

    id: int
    patient_id: int
    local_date: date
    started_at: datetime
    complaint: str
    points_summary: str
    status: SessionStatus
    practitioner_name: str

    @property
    def is_draft(self) -> bool:
        return self.status is SessionStatus.DRAFT


@dataclass(frozen=True)
class SessionListRow(SessionRow):
    """A line of the Sessions view: the patient is named."""

    record_number: str
    patient_name: str


def _summaries(db: DbSession, session_ids: list[int]) -> dict[int, str]:
    """ "PC7 R, PC6 R, LI4 B, +2" per session, from one query."""
    codes: dict[int, list[str]] = defaultdict(list)
    if not session_ids:
        return {}
    rows = db.execute(
        select(NeedledPoint.session_id, NeedledPoint.point_code, NeedledPoint.site,
               NeedledPoint.side)
        .where(NeedledPoint.session_id.in_(session_ids))
        .order_by(NeedledPoint.session_id, NeedledPoint.position)
    )  # fmt: skip
    for session_id, code, site, side in rows:
        codes[session_id].append(f"{point_label(code, site)} {SIDE_LETTERS[side]}")
    summaries = {}
    for session_id, labels in codes.items():
        shown = ", ".join(labels[:SUMMARY_POINTS])
        extra = len(labels) - SUMMARY_POINTS
        summaries[session_id] = f"{shown}, +{extra}" if extra > 0 else shown
    return summaries


def list_patient_sessions(database: Database, patient_id: int) -> list[SessionRow]:
    """The patient's notes, newest first: date, complaint, points, signed or draft."""
    with database.read() as db:
        return _list_patient_sessions(db, patient_id)


def _list_patient_sessions(db: DbSession, patient_id: int) -> list[SessionRow]:
    sessions = db.execute(
        select(
            TreatmentSession.id, TreatmentSession.local_date, TreatmentSession.started_at,
            TreatmentSession.complaint, TreatmentSession.status,
            TreatmentSession.practitioner_name,
        )
        .where(TreatmentSession.patient_id == patient_id)
        .order_by(TreatmentSession.started_at.desc(), TreatmentSession.id.desc())
    ).all()  # fmt: skip
    summaries = _summaries(db, [row.id for row in sessions])
    return [
        SessionRow(
            id=row.id,
            patient_id=patient_id,
            local_date=row.local_date,
            started_at=row.started_at,
            complaint=row.complaint,
            points_summary=summaries.get(row.id, ""),
            status=row.status,
            practitioner_name=row.practitioner_name,
        )
        for row in sessions
    ]


def _first(ctx: ClinicContext):
    """0 for today's sessions and every unsigned draft, 1 for the rest."""
    return case(
        (
            or_(
                TreatmentSession.status == SessionStatus.DRAFT,
                TreatmentSession.local_date == ctx.today(),
            ),
            0,
        ),
        else_=1,
    )


def count_sessions(database: Database) -> int:
    """How many notes the Sessions view can page through."""
    with database.read() as db:
        return int(db.scalar(select(func.count(TreatmentSession.id))) or 0)


def list_sessions(
    database: Database, ctx: ClinicContext, *, offset: int = 0, limit: int = 100
) -> list[SessionListRow]:
    """A page of the Sessions view: today's sessions and every unsigned draft first, then
    the rest, newest first (for a lazy Qt model: fetch pages by offset)."""
    with database.read() as db:
        rows = db.execute(
            select(
                TreatmentSession.id, TreatmentSession.patient_id, TreatmentSession.local_date,
                TreatmentSession.started_at, TreatmentSession.complaint,
                TreatmentSession.status, TreatmentSession.practitioner_name,
                Patient.record_number, Patient.name,
            )
            .join(Patient, Patient.id == TreatmentSession.patient_id)
            .order_by(_first(ctx), TreatmentSession.started_at.desc(),
                      TreatmentSession.id.desc())
            .offset(offset)
            .limit(limit)
        ).all()  # fmt: skip
        summaries = _summaries(db, [row.id for row in rows])
    return [
        SessionListRow(
            id=row.id,
            patient_id=row.patient_id,
            local_date=row.local_date,
            started_at=row.started_at,
            complaint=row.complaint,
            points_summary=summaries.get(row.id, ""),
            status=row.status,
            practitioner_name=row.practitioner_name,
            record_number=row.record_number,
            patient_name=row.name,
        )
        for row in rows
    ]
