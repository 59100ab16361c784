"""The record of what the patient was given: each handout's snapshot and SHA-256.

The facts a handout is made from are read by clinic.documents.care_plan and rendered by
export.handouts; this module records the result, append-only, and reads it back.
"""

from __future__ import annotations

import re
from typing import Any

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.plans.store import handout_row
from wristcare.clinic.plans.views import HandoutRow
from wristcare.db.engine import Database
from wristcare.db.models import PlanIssue, TreatmentPlan

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def record_handout(
    database: Database,
    ctx: ClinicContext,
    plan_id: int,
    *,
    snapshot: dict[str, Any],
    sha256: str,
    large_print: bool,
) -> HandoutRow:
    """Record that the plan was handed over now by the acting practitioner: the snapshot
    of the document as printed and the SHA-256 of the PDF."""
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise ValidationError({"sha256": "The handout's SHA-256 must be 64 hex digits"})
    if not isinstance(snapshot, dict) or not snapshot:
        raise ValidationError({"snapshot": "The handout's snapshot is missing"})
    with database.transaction() as db:
        plan = db.get(TreatmentPlan, plan_id)
        if plan is None:
            raise NotFoundError("This treatment plan no longer exists")
        issue = PlanIssue(
            plan_id=plan.id,
            patient_id=plan.patient_id,
            issued_at=ctx.now(),
            issued_by_id=ctx.actor.practitioner_id,
            issued_by_name=ctx.actor.name,
            snapshot=snapshot,
            sha256=sha256,
            large_print=bool(large_print),
        )
        db.add(issue)
        db.flush()
        audit.record(db, ctx, action="hand_out", entity="plan_issue",
                     entity_id=issue.id, patient_id=plan.patient_id,
                     changes={"plan_id": plan.id, "sha256": sha256,
                              "large_print": bool(large_print)})  # fmt: skip
        return handout_row(issue)


def get_handout_snapshot(database: Database, handout_id: int) -> tuple[dict[str, Any], str]:
    """What a recorded handout printed, and the SHA-256 of its PDF."""
    with database.read() as db:
        issue = db.get(PlanIssue, handout_id)
        if issue is None:
            raise NotFoundError("There is no such handout on record")
        return dict(issue.snapshot), issue.sha256


def get_handout(database: Database, handout_id: int) -> HandoutRow:
    """One recorded handout (NotFoundError if there is none)."""
    with database.read() as db:
        issue = db.get(PlanIssue, handout_id)
        if issue is None:
            raise NotFoundError("There is no such handout on record")
        return handout_row(issue)
