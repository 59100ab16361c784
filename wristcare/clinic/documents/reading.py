"""The context a document is read in when there is nobody to ask who is reading."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from wristcare.clinic.clinic_settings import read_clinic_settings
from wristcare.clinic.context import Actor, ClinicContext, system_clock
from wristcare.clinic.errors import NotFoundError
from wristcare.db.engine import Database
from wristcare.db.models import Practitioner


def reading_context(
    database: Database, *, clock: Callable[[], datetime] = system_clock
) -> ClinicContext:
    """A context for reading a document from the command line: the clinic's time zone
    and settings, and the first practitioner on record as the actor. A read records
    nothing, so the actor is never written anywhere; it is only what a context must have.
    NotFoundError when no practitioner is on record."""
    with database.read() as db:
        first = db.scalar(select(Practitioner).order_by(Practitioner.id).limit(1))
        if first is None:
            raise NotFoundError("No practitioner is on record yet")
        clinic = read_clinic_settings(db)
        return ClinicContext(actor=Actor(first.id, first.name), tz=clinic.zone, clock=clock)
