"""Helpers for the clinic tests: making patients and counting what was stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, PatientRecord, create_patient
from wristcare.db.engine import Database

# A fixed "today" keeps date rules (ages, future dates) independent of the calendar; the
# test modules use the same date.
TODAY = date(2025, 6, 15)  # the pinned clock's date (tests/conftest.py)


@pytest.fixture
def count_rows(database: Database) -> Callable[[type], int]:
    """How many rows a table holds, read straight from the database."""

    def count(model: type) -> int:
        with database.read() as db:
            return int(db.scalar(select(func.count()).select_from(model)) or 0)

    return count


@pytest.fixture
def make_patient(database: Database, ctx: ClinicContext) -> Callable[..., PatientRecord]:
    """Create a patient with sensible defaults; keyword arguments override the details."""

    def make(name: str = "Ann Example", **values: Any) -> PatientRecord:
        values.setdefault("date_of_birth", date(1980, 5, 17))
        allow = values.pop("allow_duplicate", False)
        return create_patient(
            database,
            ctx,
            PatientDetails(name=name, **values),
            allow_duplicate=allow,
        )

    return make


@pytest.fixture
def other_ctx(database: Database, ctx: ClinicContext) -> ClinicContext:
    """A second practitioner on the same database, on the same pinned clock."""
    from wristcare.clinic.practitioners import PractitionerDetails, add_practitioner, context_for

    other = add_practitioner(database, ctx, PractitionerDetails(name="Dr Bea Other"))
    return context_for(database, other.id, clock=ctx.clock)


@pytest.fixture
def patient(
    make_patient: Callable[..., PatientRecord], database: Database, ctx: ClinicContext
) -> PatientRecord:
    """Mei Ling Chan, ready to treat (a health history and consents on record), made by
    whichever ``ctx`` the test module acts as."""
    from sessions_helpers import ready_to_treat

    record = make_patient("Mei Ling Chan")
    ready_to_treat(database, ctx, record.id)
    return record
