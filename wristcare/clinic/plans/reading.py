"""Reading plans: one plan whole, a patient's list of plans, and the current one."""

from __future__ import annotations

from sqlalchemy import func, select

from wristcare.clinic.plans.store import load_plan, view_of
from wristcare.clinic.plans.views import PlanRow, PlanView
from wristcare.db.engine import Database
from wristcare.db.models import PlanIssue, PlanPhase, TreatmentPlan
from wristcare.db.vocab import PlanStatus


def get_plan(database: Database, plan_id: int) -> PlanView:
    """The whole plan, with the handouts given from it (NotFoundError if gone)."""
    with database.read() as db:
        return view_of(db, load_plan(db, plan_id))


def list_plans(database: Database, patient_id: int) -> list[PlanRow]:
    """The patient's plans, newest first (by start date, then by when written)."""
    with database.read() as db:
        sessions = (
            select(func.coalesce(func.sum(PlanPhase.sessions_per_week * PlanPhase.weeks), 0))
            .where(PlanPhase.plan_id == TreatmentPlan.id)
            .correlate(TreatmentPlan)
            .scalar_subquery()
        )
        handouts = (
            select(func.count(PlanIssue.id))
            .where(PlanIssue.plan_id == TreatmentPlan.id)
            .correlate(TreatmentPlan)
            .scalar_subquery()
        )
        rows = db.execute(
            select(
                TreatmentPlan.id,
                TreatmentPlan.status,
                TreatmentPlan.problem,
                TreatmentPlan.started_on,
                TreatmentPlan.review_on,
                sessions,
                handouts,
            )
            .where(TreatmentPlan.patient_id == patient_id)
            .order_by(
                TreatmentPlan.started_on.desc().nulls_first(),
                TreatmentPlan.created_at.desc(),
                TreatmentPlan.id.desc(),
            )
        )
        return [
            PlanRow(
                id=row[0],
                status=row[1],
                problem=row[2],
                started_on=row[3],
                review_on=row[4],
                planned_sessions=int(row[5] or 0),
                handout_count=int(row[6] or 0),
            )
            for row in rows
        ]


def current_plan(database: Database, patient_id: int) -> PlanView | None:
    """The patient's current (active) plan, if there is one."""
    with database.read() as db:
        plan_id = db.scalar(
            select(TreatmentPlan.id).where(
                TreatmentPlan.patient_id == patient_id,
                TreatmentPlan.status == PlanStatus.ACTIVE,
            )
        )
        return None if plan_id is None else view_of(db, load_plan(db, plan_id))
