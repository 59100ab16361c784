"""The take-home care plan made from its facts, and an earlier handout reprinted exactly.

The facts are read in clinic/ (``care_plan_facts``); recording a handout is clinic's
``record_handout``. Rendering is care_plan.py's. ReportLab is imported only when a PDF is
actually made, never at application start.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wristcare.db.vocab import HomeCareKind, Side
from wristcare.export import care_plan_wording as wording
from wristcare.export.care_plan_document import (
    CarePlanDocument,
    CarePlanError,
    HomeCareDose,
    HomeCareEntry,
    PlannedPoint,
    SchedulePhase,
    SupplementNote,
    care_plan_from_json,
    care_plan_to_json,
)
from wristcare.export.letterhead import clinic_letterhead
from wristcare.export.private_file import write_private as write_private_file
from wristcare.export.take_home_progress import progress_so_far

if TYPE_CHECKING:
    from wristcare.clinic.documents.care_plan import CarePlanFacts


def _printed_side(side: Side | None) -> Side | None:
    # A midline point is one needle: the handout prints no side for it.
    return None if side is Side.MIDLINE else side


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


def care_plan_document(
    facts: CarePlanFacts, *, large_print: bool, with_progress: bool = True
) -> CarePlanDocument:
    """The take-home care plan of ``facts``; with ``with_progress``, the "your progress
    so far" chart when the patient has at least two scores of the rating the plan's
    first goal is on (else numbness or pain).

    Printing it raises CarePlanError saying what to correct (no clinic name, say).
    """
    plan = facts.plan
    details = plan.details
    today = facts.issued_on
    anticoagulant = facts.bleeds_easily
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
        progress = progress_so_far(facts.course, today, first)
    name = facts.patient_name
    if facts.preferred_name:
        name = f"{name} ({facts.preferred_name})"
    return CarePlanDocument(
        # A blank clinic name stays blank: the patient must be told whom to call, so the
        # handout is refused (check_care_plan) until the clinic is named.
        letterhead=clinic_letterhead(facts.letterhead, unnamed=""),
        patient_name=name,
        issued_on=today,
        issued_at=facts.issued_at,
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
    """A handout made but not yet recorded: the PDF and the snapshot of what it says
    (what ``record_handout`` keeps)."""

    plan_id: int
    data: bytes
    snapshot: dict[str, Any]
    large_print: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def render_handout(facts: CarePlanFacts, *, large_print: bool) -> RenderedHandout:
    """The plan's handout as a PDF, not yet recorded: the caller saves the file first and
    records it (``record_handout``) only once it is saved."""
    from wristcare.export.care_plan import care_plan_pdf

    document = care_plan_document(facts, large_print=large_print)
    return RenderedHandout(
        plan_id=facts.plan.id,
        data=care_plan_pdf(document),
        snapshot=json.loads(care_plan_to_json(document)),
        large_print=large_print,
    )


def reprint(snapshot: dict[str, Any], sha256: str) -> bytes:
    """The PDF of an earlier handout, rebuilt from its recorded snapshot: byte for byte
    what was given (CarePlanError if the result would differ from the recorded SHA-256)."""
    from wristcare.export.care_plan import care_plan_pdf

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
