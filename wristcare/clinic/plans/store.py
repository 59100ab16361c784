"""Between the ORM rows of a plan and the plain objects the plan use cases hand out."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload

from wristcare.clinic.errors import NotFoundError, UnknownPointError, ValidationError
from wristcare.clinic.plans.details import (
    GoalDetails,
    HomeCareDetails,
    PhaseDetails,
    PlanDetails,
    PlanPointDetails,
)
from wristcare.clinic.plans.views import HandoutRow, PlanView
from wristcare.clinic.sessions.points import resolve_many
from wristcare.db.models import (
    Acupoint,
    HomeCareItem,
    PlanGoal,
    PlanIssue,
    PlanPhase,
    PlanPoint,
    TreatmentPlan,
)
from wristcare.db.vocab import GoalDirection, GoalTargetKind

TEXT_FIELDS = ("problem", "started_on", "review_on", "ended_on", "supplements",
               "notes_for_patient", "private_notes")  # fmt: skip
DOSE_FIELDS = ("hold_seconds", "repetitions", "sets", "times_a_day", "days_a_week", "weeks")


def load_plan(db: DbSession, plan_id: int) -> TreatmentPlan:
    """The plan with its rows loaded; NotFoundError if there is none."""
    plan = db.scalar(
        select(TreatmentPlan)
        .where(TreatmentPlan.id == plan_id)
        .options(
            selectinload(TreatmentPlan.phases),
            selectinload(TreatmentPlan.points),
            selectinload(TreatmentPlan.goals),
            selectinload(TreatmentPlan.home_care),
            selectinload(TreatmentPlan.issues),
        )
    )
    if plan is None:
        raise NotFoundError("This treatment plan no longer exists")
    return plan


def handout_row(issue: PlanIssue) -> HandoutRow:
    """A recorded handout as a frozen object."""
    return HandoutRow(
        id=issue.id,
        plan_id=issue.plan_id,
        issued_at=issue.issued_at,
        issued_by_name=issue.issued_by_name,
        large_print=issue.large_print,
        sha256=issue.sha256,
    )


def details_of(plan: TreatmentPlan) -> PlanDetails:
    """The plan's rows as the editor's details (a new object every time)."""
    return PlanDetails(
        **{name: getattr(plan, name) for name in TEXT_FIELDS},
        phases=[PhaseDetails(p.sessions_per_week, p.weeks, p.note) for p in plan.phases],
        points=[
            PlanPointDetails(
                point=p.point_code, side=p.side, electro_pair=p.electro_pair, note=p.note
            )
            for p in plan.points
        ],  # fmt: skip
        goals=[
            GoalDetails(
                description=g.description,
                measure=g.measure,
                side=g.side,
                baseline=g.baseline,
                target=g.target,
                direction=g.direction,
                target_kind=g.target_kind,
                target_on=g.target_on,
                achieved_on=g.achieved_on,
            )
            for g in plan.goals
        ],
        home_care=[
            HomeCareDetails(
                library_key=h.library_key,
                kind=h.kind,
                title=h.title,
                steps=list(h.steps),
                stop_rules=list(h.stop_rules),
                each_side=h.each_side,
                note=h.note,
                illustration=h.illustration,
                caution=h.caution,
                **{name: getattr(h, name) for name in DOSE_FIELDS},
            )
            for h in plan.home_care
        ],
    )


def view_of(db: DbSession, plan: TreatmentPlan) -> PlanView:
    """The whole plan as a frozen object."""
    details = details_of(plan)
    ids = [point.acupoint_id for point in plan.points]
    library = {p.id: p for p in db.scalars(select(Acupoint).where(Acupoint.id.in_(ids)))}
    names = []
    for point in plan.points:
        found = library.get(point.acupoint_id)
        hanzi = ""
        if found is not None:
            traditional, simplified = found.hanzi_traditional, found.hanzi_simplified
            hanzi = traditional or simplified
            if traditional and simplified and simplified != traditional:
                hanzi = f"{traditional} / {simplified}"
        names.append((point.point_code, found.pinyin if found else "", hanzi))
    return PlanView(
        id=plan.id,
        patient_id=plan.patient_id,
        status=plan.status,
        version=plan.version_id,
        practitioner_id=plan.practitioner_id,
        practitioner_name=plan.practitioner_name,
        created_at=plan.created_at,
        details=details,
        planned_sessions=details.planned_sessions(),
        handouts=tuple(handout_row(issue) for issue in plan.issues),
        point_names=tuple(names),
    )


def write_details(db: DbSession, plan: TreatmentPlan, details: PlanDetails) -> None:
    """Put validated details into the plan's rows (lists are replaced whole).

    Typed points are resolved against the library here; one that is not in it is a
    ValidationError naming its row, and nothing is written.
    """
    library = resolve_many(db, [typed.point for typed in details.points])
    problems = {
        f"points.{index}.point": str(library[typed.point])
        for index, typed in enumerate(details.points)
        if isinstance(library[typed.point], UnknownPointError)
    }
    if problems:
        raise ValidationError(problems)
    for name in TEXT_FIELDS:
        setattr(plan, name, getattr(details, name))
    # Old rows go first: the new ones reuse their positions (UNIQUE per plan).
    for collection in (plan.phases, plan.points, plan.goals, plan.home_care):
        collection.clear()
    db.flush()
    plan.phases.extend(
        PlanPhase(position=index, sessions_per_week=p.sessions_per_week, weeks=p.weeks,
                  note=p.note)
        for index, p in enumerate(details.phases)
    )  # fmt: skip
    for index, typed in enumerate(details.points):
        found = library[typed.point]
        assert isinstance(found, Acupoint)
        plan.points.append(
            PlanPoint(
                position=index,
                acupoint_id=found.id,
                # Snapshot: the plan reads the same after the reference data is upgraded.
                point_code=found.code or found.pinyin,
                side=typed.side,
                electro_pair=typed.electro_pair,
                note=typed.note,
            )
        )
    plan.goals.extend(
        PlanGoal(
            position=index,
            description=g.description,
            measure=g.measure,
            side=g.side,
            baseline=None if g.baseline is None else Decimal(g.baseline),
            target=None if g.target is None else Decimal(g.target),
            direction=GoalDirection(g.direction),
            target_kind=GoalTargetKind(g.target_kind),
            target_on=g.target_on,
            achieved_on=g.achieved_on,
        )
        for index, g in enumerate(details.goals)
    )
    plan.home_care.extend(
        HomeCareItem(
            position=index,
            kind=h.kind,
            library_key=h.library_key,
            title=h.title,
            steps=list(h.steps),
            stop_rules=list(h.stop_rules),
            illustration=h.illustration,
            each_side=h.each_side,
            caution=h.caution,
            note=h.note,
            **{name: getattr(h, name) for name in DOSE_FIELDS},
        )
        for index, h in enumerate(details.home_care)
    )
