"""Printing a plan as the app does: facts read in clinic/, rendered in export/, then
recorded as handed over."""

from __future__ import annotations

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.documents.care_plan import care_plan_facts
from wristcare.clinic.plans import HandoutRow, get_handout_snapshot, record_handout
from wristcare.db.engine import Database
from wristcare.export.care_plan_document import CarePlanDocument
from wristcare.export.handouts import care_plan_document, render_handout, reprint


def document_for(
    database: Database, ctx: ClinicContext, plan_id: int, *, large_print: bool,
    with_progress: bool = True,
) -> CarePlanDocument:  # fmt: skip
    """The handout's document of the plan as stored now."""
    facts = care_plan_facts(database, ctx, plan_id)
    return care_plan_document(facts, large_print=large_print, with_progress=with_progress)


def print_plan(
    database: Database, ctx: ClinicContext, plan_id: int, *, large_print: bool
) -> tuple[bytes, HandoutRow]:
    """The handout's PDF, recorded as handed over."""
    rendered = render_handout(care_plan_facts(database, ctx, plan_id), large_print=large_print)
    row = record_handout(database, ctx, plan_id, snapshot=rendered.snapshot,
                         sha256=rendered.sha256, large_print=large_print)  # fmt: skip
    return rendered.data, row


def reprint_handout(database: Database, handout_id: int) -> bytes:
    """An earlier handout reprinted from its recorded snapshot."""
    return reprint(*get_handout_snapshot(database, handout_id))
