"""Starting a session note from a plan: the planned points and electro pairs prefilled."""

from __future__ import annotations

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.plans.store import details_of, load_plan
from wristcare.clinic.sessions import ChannelDetails, PointDetails, SessionNote
from wristcare.clinic.sessions.drafts import _save_draft, _start_draft
from wristcare.db.engine import Database
from wristcare.db.models import TreatmentSession


def start_session_from_plan(database: Database, ctx: ClinicContext, plan_id: int) -> SessionNote:
    """A new draft note for the plan's patient whose points (each with one needle, on the
    planned side) and electro channels (one per planned pair) are the plan's.

    One transaction: the draft is started, filled and linked to the plan all or nothing.
    """
    with database.transaction() as db:
        plan = load_plan(db, plan_id)
        planned = details_of(plan)
        note = _start_draft(db, ctx, plan.patient_id)
        details = note.to_details()
        details.points = [
            PointDetails(point=point.point, side=point.side, note=point.note)
            for point in planned.points
        ]
        details.channels = [
            ChannelDetails(channel=number, point_a=a, point_b=b)
            for number, (a, b) in enumerate(planned.electro_pairs(), start=1)
        ]
        details.needles_in = details.needles_from_points() if details.points else None
        # Linked before the save, so the row is written once and the note handed back is
        # the one stored (no read after the write).
        session = db.get(TreatmentSession, note.id)
        assert session is not None  # started just above, in this transaction
        session.plan_id = plan.id
        note = _save_draft(db, ctx, note.id, details, note.version)
        audit.record(db, ctx, action="start_from_plan", entity="session",
                     entity_id=note.id, patient_id=plan.patient_id,
                     changes={"plan_id": plan.id})  # fmt: skip
        return note
