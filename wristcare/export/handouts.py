"""Printing a plan as the take-home care plan, recording what was handed over, and
reprinting an earlier handout exactly.

The document is built from the plan with clinic/ functions (plan, patient, practitioner,
clinic settings, alerts); rendering is care_plan.py's. ReportLab is imported only when a
PDF is actually made, never at application start.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.history import current_history
from wristcare.clinic.patients import get_patient
from wristcare.clinic.plans import (
    HandoutRow,
    PlanView,
    get_handout_snapshot,
    get_plan,
    record_handout,
)
from wristcare.clinic.practitioners import get_practitioner
from wristcare.db.engine import Database
from wristcare.db.vocab import HomeCareKind, Side
from wristcare.export import care_plan_wording as wording
from wristcare.export.care_plan_document import (
    CarePlanDocument,
    CarePlanError,
    ClinicLetterhead,
    HomeCareDose,
    HomeCareEntry,
    PlannedPoint,
    SchedulePhase,
    SupplementNote,
    care_plan_from_json,
    care_plan_to_json,
)
from wristcare.export.private_file import write_private as write_private_file
from wristcare.export.take_home_progress import read_take_home_progress


def _printed_side(side: Side | None) -> Side | None:
    # A midline point is one needle: the handout prints no side for it.
    return None if side is Side.MIDLINE else side


def _letterhead(database: Database, plan: PlanView) -> ClinicLetterhead:
    # Read now rather than from the context: the letterhead is what the clinic says today.
    clinic = get_clinic_settings(database).details
    practitioner = get_practitioner(database, plan.practitioner_id).details
    registration = " ".join(
        part.strip()
        for part in (practitioner.registration_body, practitioner.registration_number)
        if part.strip()
    )
    return ClinicLetterhead(
        clinic_name=clinic.name.strip(),
        address=clinic.address,
        phone=clinic.phone,
        email=clinic.email,
        practitioner_name=practitioner.name,
        registration=registration,
        logo=clinic.logo or None,
    )


def _goal_text(description: str, target_on: date | None) -> str:
    if target_on is None:
        return description
    when = wording.long_date(target_on)
    # "by 15 March" typed in the goal already says when.
    if wording.long_date(target_on).split()[1] in description:
        return description
    return f"{description} (by {when})"


def _sentence(text: str) -> str:
    """A note printed after a sentence starts with a capital (``then weekly``)."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def care_plan_document_for(
    database: Database,
    ctx: ClinicContext,
    plan_id: int,
    *,
    large_print: bool,
    with_progress: bool = True,
) -> CarePlanDocument:
    """The take-home care plan for a plan as it stands now, dated today in the clinic;
    with ``with_progress``, the "your progress so far" chart when the patient has at
    least two scores of the rating the plan's first goal is on (else numbness or pain).

    CarePlanError says what to correct if it cannot be printed (no clinic name, say).
    """
    plan = get_plan(database, plan_id)
    today = ctx.today()
    patient = get_patient(database, plan.patient_id)
    history = current_history(database, plan.patient_id)
    anticoagulant = bool(
        history and (history.details.anticoagulant or history.details.bleeding_disorder)
    )
    details = plan.details
    points = tuple(
        PlannedPoint(code=code, pinyin=pinyin, hanzi=hanzi, side=_printed_side(point.side))
        for point, (code, pinyin, hanzi) in zip(details.points, plan.point_names, strict=True)
    )
    home_care: list[HomeCareEntry] = []
    supplements = [
        SupplementNote(line.strip(), bleeding_caution=anticoagulant)
        for line in details.supplements.splitlines()
        if line.strip()
    ]
    for index, item in enumerate(details.home_care):
        if item.kind is HomeCareKind.SUPPLEMENT:
            text = " ".join([item.title, *item.steps, item.note]).strip()
            supplements.append(SupplementNote(text, bleeding_caution=anticoagulant))
            continue
        cautions = [*item.stop_rules, *([item.caution] if item.caution else [])]
        home_care.append(
            HomeCareEntry(
                key=item.library_key or f"plan_item_{index + 1}",
                title=item.title,
                steps=tuple([*item.steps, *([item.note] if item.note else [])]),
                dose=HomeCareDose(
                    hold_seconds=item.hold_seconds,
                    repetitions=item.repetitions,
                    sets=item.sets,
                    times_a_day=item.times_a_day,
                    days_a_week=item.days_a_week,
                    weeks=item.weeks,
                    each_side=item.each_side,
                ),
                cautions=tuple(cautions),
                illustration=item.illustration,
            )
        )
    progress = None
    if with_progress:
        first = next((str(goal.measure) for goal in details.goals if goal.measure), None)
        progress = read_take_home_progress(database, plan.patient_id, ctx.today(), first)
    name = patient.details.name
    if patient.details.preferred_name.strip():
        name = f"{name} ({patient.details.preferred_name.strip()})"
    return CarePlanDocument(
        letterhead=_letterhead(database, plan),
        patient_name=name,
        issued_on=today,
        issued_at=ctx.now(),
        problem=details.problem,
        goals=tuple(_goal_text(goal.description, goal.target_on) for goal in details.goals),
        phases=tuple(
            SchedulePhase(phase.sessions_per_week, phase.weeks, _sentence(phase.note))
            for phase in details.phases
        ),
        # A review date already past would only confuse: the patient is told of the next.
        review_on=details.review_on if details.review_on and details.review_on >= today else None,
        points=points,
        home_care=tuple(home_care),
        supplements=tuple(supplements),
        anticoagulant_alert=anticoagulant,
        practitioner_notes=details.notes_for_patient,
        large_print=large_print,
        progress=progress,
    )


@dataclass(frozen=True)
class RenderedHandout:
    """A handout made but not yet recorded: the PDF and the snapshot of what it says."""

    plan_id: int
    data: bytes
    snapshot: dict[str, Any]
    large_print: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def render_plan(
    database: Database, ctx: ClinicContext, plan_id: int, *, large_print: bool
) -> RenderedHandout:
    """The plan's handout as a PDF, not yet recorded: for a caller that must first save
    the file (and records it with ``record_rendered`` only once it is saved)."""
    from wristcare.export.care_plan import care_plan_pdf

    document = care_plan_document_for(database, ctx, plan_id, large_print=large_print)
    return RenderedHandout(
        plan_id=plan_id,
        data=care_plan_pdf(document),
        snapshot=json.loads(care_plan_to_json(document)),
        large_print=large_print,
    )


def record_rendered(
    database: Database, ctx: ClinicContext, rendered: RenderedHandout
) -> HandoutRow:
    """Record a rendered handout as handed over (snapshot and SHA-256)."""
    return record_handout(
        database,
        ctx,
        rendered.plan_id,
        snapshot=rendered.snapshot,
        sha256=rendered.sha256,
        large_print=rendered.large_print,
    )


def print_plan(
    database: Database, ctx: ClinicContext, plan_id: int, *, large_print: bool
) -> tuple[bytes, HandoutRow]:
    """Build the plan's handout, render it and record it as handed over (snapshot and
    SHA-256). The caller writes the bytes (``write_private``)."""
    rendered = render_plan(database, ctx, plan_id, large_print=large_print)
    return rendered.data, record_rendered(database, ctx, rendered)


def reprint_handout(database: Database, handout_id: int) -> bytes:
    """The PDF of an earlier handout, rebuilt from its snapshot: byte for byte what was
    given (CarePlanError if the result would differ from the recorded SHA-256)."""
    from wristcare.export.care_plan import care_plan_pdf

    snapshot, sha256 = get_handout_snapshot(database, handout_id)
    document = care_plan_from_json(json.dumps(snapshot, ensure_ascii=False, sort_keys=True))
    data = care_plan_pdf(document)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise CarePlanError(
            "This handout cannot be reprinted exactly (this version of WristCare prints it "
            "differently). Print the plan again to give the patient a new copy."
        )
    return data


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only, replaced whole: a half-written
    file is never left behind (CarePlanError naming the file if it cannot be written)."""
    write_private_file(data, path, CarePlanError, "care plan")
