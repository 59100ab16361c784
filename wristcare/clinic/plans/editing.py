"""Writing plans: a new draft, saving, making a plan the current one, closing, copying.

Each function is one transaction with its audit entry. Edits carry the version the
editor loaded; a stale one raises ConcurrentEditError and nothing is written.
"""

from __future__ import annotations

import copy

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm.attributes import set_committed_value

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.plans.details import PlanDetails
from wristcare.clinic.plans.store import details_of, load_plan, view_of, write_details
from wristcare.clinic.plans.validation import validate_new_plan, validate_plan
from wristcare.clinic.plans.views import PlanView
from wristcare.clinic.text import cleaned
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import Patient, TreatmentPlan
from wristcare.db.vocab import PlanStatus

STALE_MESSAGE = (
    "This plan was saved from another window since you opened it. Reopen it to see "
    "those changes; yours were not saved."
)
IN_USE = (PlanStatus.ACTIVE, PlanStatus.COMPLETED, PlanStatus.DISCONTINUED)


def _record(db: DbSession, ctx: ClinicContext, plan: TreatmentPlan, action: str,
            changes: dict | None = None) -> None:  # fmt: skip
    audit.record(db, ctx, action=action, entity="plan", entity_id=plan.id,
                 patient_id=plan.patient_id, changes=changes)  # fmt: skip


def _editable(db: DbSession, plan_id: int, expected_version: int) -> TreatmentPlan:
    plan = load_plan(db, plan_id)
    if plan.version_id != expected_version:
        raise ConcurrentEditError(STALE_MESSAGE)
    return plan


def _check(details: PlanDetails, status: PlanStatus, ctx: ClinicContext, *, new: bool) -> None:
    errors = (validate_new_plan if new else validate_plan)(details, ctx.today())
    if status in IN_USE and details.started_on is None and "started_on" not in errors:
        errors["started_on"] = "A plan in use needs its start date"
    if status is PlanStatus.ACTIVE and details.ended_on is not None and "ended_on" not in errors:
        errors["ended_on"] = "The current plan has not ended: clear the end date"
    if errors:
        raise ValidationError(errors)


def create_plan(
    database: Database, ctx: ClinicContext, patient_id: int, details: PlanDetails | None = None
) -> PlanView:
    """A new draft plan for the patient by the acting practitioner.

    Without details it is an empty draft starting today, for the editor to fill in;
    with details they must pass ``validate_new_plan``.
    """
    with database.transaction() as db:
        return _create_plan(db, ctx, patient_id, details)


def _create_plan(
    db: DbSession, ctx: ClinicContext, patient_id: int, details: PlanDetails | None = None
) -> PlanView:
    if db.get(Patient, patient_id) is None:
        raise NotFoundError("This patient no longer exists")
    plan = TreatmentPlan(
        patient_id=patient_id,
        status=PlanStatus.DRAFT,
        practitioner_id=ctx.actor.practitioner_id,
        practitioner_name=ctx.actor.name,
        created_at=ctx.now(),
        updated_at=ctx.now(),
    )
    db.add(plan)
    if details is None:
        plan.started_on = ctx.today()
        db.flush()
    else:
        details = cleaned(copy.deepcopy(details))
        _check(details, PlanStatus.DRAFT, ctx, new=True)
        db.flush()
        write_details(db, plan, details)
    db.flush()
    set_committed_value(plan, "issues", [])  # a new plan has been handed to nobody
    _record(db, ctx, plan, "create", {"problem": plan.problem})
    return view_of(db, plan)


def save_plan(
    database: Database,
    ctx: ClinicContext,
    plan_id: int,
    details: PlanDetails,
    expected_version: int,
) -> PlanView:
    """Save the plan as edited; ValidationError names each field that is wrong."""
    details = cleaned(copy.deepcopy(details))
    with database.transaction() as db:
        plan = _editable(db, plan_id, expected_version)
        _check(details, plan.status, ctx, new=False)
        write_details(db, plan, details)
        plan.updated_at = ctx.now()  # the version moves even when only child rows changed
        db.flush()
        _record(db, ctx, plan, "save")
        return view_of(db, plan)


def _active_other(db: DbSession, plan: TreatmentPlan) -> TreatmentPlan | None:
    return db.scalar(
        select(TreatmentPlan).where(
            TreatmentPlan.patient_id == plan.patient_id,
            TreatmentPlan.status == PlanStatus.ACTIVE,
            TreatmentPlan.id != plan.id,
        )
    )


def make_current(
    database: Database,
    ctx: ClinicContext,
    plan_id: int,
    expected_version: int,
) -> PlanView:
    """Make the plan the patient's current one (active); the plan that was current is
    completed today. A plan without a start date starts today."""
    with database.transaction() as db:
        return _make_current(db, ctx, plan_id, expected_version)


def _make_current(
    db: DbSession,
    ctx: ClinicContext,
    plan_id: int,
    expected_version: int,
) -> PlanView:
    plan = _editable(db, plan_id, expected_version)
    if plan.status is PlanStatus.ACTIVE:
        return view_of(db, plan)
    details = details_of(plan)
    details.started_on = details.started_on or ctx.today()
    details.ended_on = None
    _check(details, PlanStatus.ACTIVE, ctx, new=False)
    today = ctx.today()
    other = _active_other(db, plan)
    if other is not None:
        # First, and flushed: one active plan per patient is a unique index.
        other.status = PlanStatus.COMPLETED
        other.ended_on = max(today, other.started_on or today)
        other.updated_at = ctx.now()
        db.flush()
        _record(db, ctx, other, "complete", {"status": ["active", "completed"],
                                             "replaced_by": plan.id})  # fmt: skip
    before = plan.status.value
    plan.status = PlanStatus.ACTIVE
    plan.started_on = details.started_on
    plan.ended_on = None
    plan.updated_at = ctx.now()
    db.flush()
    _record(db, ctx, plan, "make_current", {"status": [before, "active"]})
    return view_of(db, plan)


def set_plan_status(
    database: Database,
    ctx: ClinicContext,
    plan_id: int,
    status: PlanStatus,
    expected_version: int,
) -> PlanView:
    """Change a plan's status. Active is ``make_current``; completed or discontinued
    ends the plan today (unless it already has an end date); a plan that has been in
    use never goes back to draft."""
    status = PlanStatus(status)
    if status is PlanStatus.ACTIVE:
        return make_current(database, ctx, plan_id, expected_version=expected_version)
    with database.transaction() as db:
        plan = _editable(db, plan_id, expected_version)
        if status is plan.status:
            return view_of(db, plan)
        if status is PlanStatus.DRAFT:
            raise ValidationError(
                {"status": "A plan that has been in use cannot go back to draft: copy it"}
            )
        before = plan.status.value
        today = ctx.today()
        plan.status = status
        plan.started_on = plan.started_on or today
        plan.ended_on = plan.ended_on or max(today, plan.started_on)
        plan.updated_at = ctx.now()
        db.flush()
        _record(db, ctx, plan, "set_status", {"status": [before, status.value]})
        return view_of(db, plan)


def copy_plan(database: Database, ctx: ClinicContext, plan_id: int) -> PlanView:
    """A new draft with the contents of an earlier plan, starting today: no review or end
    date yet, and no goal marked achieved."""
    with database.transaction() as db:
        return _copy_plan(db, ctx, plan_id)


def _copy_plan(db: DbSession, ctx: ClinicContext, plan_id: int) -> PlanView:
    source = view_of(db, load_plan(db, plan_id))
    details = source.to_details()
    details.started_on, details.review_on, details.ended_on = ctx.today(), None, None
    for goal in details.goals:
        goal.achieved_on = None
        if goal.target_on is not None and goal.target_on < ctx.today():
            goal.target_on = None
    # Validated as a new plan, as anything written by hand would be.
    return _create_plan(db, ctx, source.patient_id, details)
