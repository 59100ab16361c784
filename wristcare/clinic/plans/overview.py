"""The clinic's plans across patients, for the Plans section: current plans by review date
(overdue first), how far each has got and when the patient last took a handout home.

One query for the rows and one for the count, whatever the number of patients: the page
is chosen first (on the review-date index) and only its rows have their sessions, planned
sessions and last handout worked out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Select, and_, case, func, literal, or_, select

from wristcare.clinic.text import fold
from wristcare.db.engine import Database
from wristcare.db.models import Patient, PlanIssue, PlanPhase, TreatmentPlan, TreatmentSession
from wristcare.db.vocab import PlanStatus, SessionStatus

# Enough for any clinic's day; beyond it the filter narrows the list.
OVERVIEW_LIMIT = 500


class ReviewDue(StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "due this week"


def review_due(review_on: date | None, today: date) -> ReviewDue | None:
    """Overdue when the review date has passed; due this week when it falls in the next
    seven days, today included; else nothing to flag."""
    if review_on is None:
        return None
    if review_on < today:
        return ReviewDue.OVERDUE
    if review_on < today + timedelta(days=7):
        return ReviewDue.THIS_WEEK
    return None


@dataclass(frozen=True)
class PlanOverviewQuery:
    """Which plans: words that must each appear in the patient's name, record number or
    the plan's problem; and whether drafts and ended plans are listed too."""

    text: str = ""
    include_inactive: bool = False


@dataclass(frozen=True)
class PlanOverviewRow:
    plan_id: int
    patient_id: int
    patient_name: str
    record_number: str
    status: PlanStatus
    problem: str
    started_on: date | None
    review_on: date | None
    sessions_done: int  # signed sessions from the start date (to the end date if ended)
    planned_sessions: int  # from the phases of the schedule
    last_handout_at: datetime | None  # aware UTC


@dataclass(frozen=True)
class PlanOverviewPage:
    """The first ``limit`` plans in order, how many match in all, and how many of those
    are current plans whose review is overdue (counted only when ``today`` was given)."""

    rows: list[PlanOverviewRow]
    total: int
    overdue: int = 0


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(stmt: Select, query: PlanOverviewQuery) -> Select:
    stmt = stmt.join(Patient, Patient.id == TreatmentPlan.patient_id).where(
        Patient.archived_at.is_(None)
    )
    if not query.include_inactive:
        stmt = stmt.where(TreatmentPlan.status == PlanStatus.ACTIVE)
    text = query.text if isinstance(query.text, str) else ""
    for term in fold(text).split():
        pattern = f"%{_escape(term)}%"
        # search_text is the patient's folded name, record number and contact details;
        # the database's lower() folds ASCII only, so "jose" finds a problem "Jose" wrote.
        stmt = stmt.where(
            or_(
                Patient.search_text.like(pattern, escape="\\"),
                func.lower(TreatmentPlan.problem).like(pattern, escape="\\"),
            )
        )
    return stmt


def _status_rank():
    # Current plans first, then drafts being written, then the ones that ended.
    return case(
        (TreatmentPlan.status == PlanStatus.ACTIVE, 0),
        (TreatmentPlan.status == PlanStatus.DRAFT, 1),
        else_=2,
    )


def plans_overview(
    database: Database,
    query: PlanOverviewQuery | None = None,
    *,
    today: date | None = None,
    limit: int = OVERVIEW_LIMIT,
) -> PlanOverviewPage:
    """The current plans of patients not archived, the earliest review first (so overdue
    reviews lead) and plans without a review date last; with ``include_inactive``, drafts
    and then completed or discontinued plans follow. At most ``limit`` rows, with the
    number matching in all and, given the clinic's ``today``, how many are overdue."""
    query = query or PlanOverviewQuery()
    rank = _status_rank().label("rank")
    page = (
        _filtered(
            select(
                TreatmentPlan.id.label("plan_id"),
                rank,
                TreatmentPlan.review_on.label("review_on"),
                Patient.search_text.label("sort_name"),
            ),
            query,
        )
        .order_by(
            rank,
            TreatmentPlan.review_on.is_(None),
            TreatmentPlan.review_on,
            Patient.search_text,
            TreatmentPlan.id,
        )
        .limit(max(0, limit))
        .subquery("page")
    )
    done = (
        select(func.count(TreatmentSession.id))
        .where(
            TreatmentSession.patient_id == TreatmentPlan.patient_id,
            # Wrapped so that the database looks the patient's sessions up by patient,
            # not every signed session in the clinic since the start date by status.
            func.coalesce(TreatmentSession.status, "") == SessionStatus.SIGNED.value,
            TreatmentSession.local_date >= TreatmentPlan.started_on,
            or_(
                TreatmentPlan.ended_on.is_(None),
                TreatmentSession.local_date <= TreatmentPlan.ended_on,
            ),
        )
        .correlate(TreatmentPlan)
        .scalar_subquery()
    )
    planned = (
        select(func.coalesce(func.sum(PlanPhase.sessions_per_week * PlanPhase.weeks), 0))
        .where(PlanPhase.plan_id == TreatmentPlan.id)
        .correlate(TreatmentPlan)
        .scalar_subquery()
    )
    handout = (
        select(func.max(PlanIssue.issued_at))
        .where(PlanIssue.plan_id == TreatmentPlan.id)
        .correlate(TreatmentPlan)
        .scalar_subquery()
    )
    rows_stmt = (
        select(
            TreatmentPlan.id,
            TreatmentPlan.patient_id,
            Patient.name,
            Patient.record_number,
            TreatmentPlan.status,
            TreatmentPlan.problem,
            TreatmentPlan.started_on,
            TreatmentPlan.review_on,
            done,
            planned,
            handout,
        )
        .select_from(page)
        .join(TreatmentPlan, TreatmentPlan.id == page.c.plan_id)
        .join(Patient, Patient.id == TreatmentPlan.patient_id)
        .order_by(
            page.c.rank,
            page.c.review_on.is_(None),
            page.c.review_on,
            page.c.sort_name,
            page.c.plan_id,
        )
    )
    with database.read() as db:
        # One pass counts both: the matches and, among them, the overdue reviews.
        late = (
            case((and_(TreatmentPlan.status == PlanStatus.ACTIVE,
                       TreatmentPlan.review_on < today), 1), else_=0)
            if today is not None
            else literal(0)
        )  # fmt: skip
        counts = db.execute(
            _filtered(select(func.count(TreatmentPlan.id), func.sum(late)), query)
        ).one()
        total, overdue = int(counts[0] or 0), int(counts[1] or 0)
        rows = [
            PlanOverviewRow(
                plan_id=row[0],
                patient_id=row[1],
                patient_name=row[2],
                record_number=row[3],
                status=PlanStatus(row[4]),
                problem=row[5],
                started_on=row[6],
                review_on=row[7],
                sessions_done=int(row[8] or 0) if row[6] is not None else 0,
                planned_sessions=int(row[9] or 0),
                last_handout_at=row[10],
            )
            for row in db.execute(rows_stmt)
        ]
    return PlanOverviewPage(rows=rows, total=max(total, len(rows)), overdue=overdue)


__all__ = [
    "OVERVIEW_LIMIT",
    "PlanOverviewPage",
    "PlanOverviewQuery",
    "PlanOverviewRow",
    "ReviewDue",
    "plans_overview",
    "review_due",
]
