"""Starting a session note from a plan: the planned points and electro pairs prefilled."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError
from wristcare.clinic.plans.store import details_of, load_plan
from wristcare.clinic.sessions import (
    ChannelDetails,
    PointDetails,
    SessionNote,
    get_note,
    save_draft,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.models import TreatmentSession


class _Within:
    """The database as the session use cases see it, with their units of work inside this
    one transaction: the draft is started, filled and linked to the plan all or nothing."""

    def __init__(self, db: DbSession) -> None:
        self._db = db

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        yield self._db

    @contextmanager
    def read(self) -> Iterator[DbSession]:
        yield self._db


def start_session_from_plan(database: Database, ctx: ClinicContext, plan_id: int) -> SessionNote:
    """A new draft note for the plan's patient whose points (each with one needle, on the
    planned side) and electro channels (one per planned pair) are the plan's."""
    with database.transaction() as db:
        plan = load_plan(db, plan_id)
        planned = details_of(plan)
        within = _Within(db)
        note = start_draft(within, ctx, plan.patient_id)  # type: ignore[arg-type]
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
        note = save_draft(within, ctx, note.id, details, note.version)  # type: ignore[arg-type]
        session = db.get(TreatmentSession, note.id)
        if session is None:
            raise NotFoundError("The new session note could not be read back")
        session.plan_id = plan.id
        db.flush()
        audit.record(db, ctx, action="start_from_plan", entity="session",
                     entity_id=session.id, patient_id=plan.patient_id,
                     changes={"plan_id": plan.id})  # fmt: skip
    return get_note(database, note.id)
