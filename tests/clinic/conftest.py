"""Helpers for the clinic tests: making patients and counting what was stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from wristcare.clinic.patients import PatientDetails, PatientRecord, create_patient
from wristcare.db.engine import Database

# A fixed "today" keeps date rules (ages, future dates) independent of the calendar; the
# test modules use the same date.
TODAY = date(2025, 6, 15)


@pytest.fixture
def count_rows(database: Database) -> Callable[[type], int]:
    """How many rows a table holds, read straight from the database."""

    def count(model: type) -> int:
        with database.read() as db:
            return int(db.scalar(select(func.count()).select_from(model)) or 0)

    return count


@pytest.fixture
def make_patient(database: Database) -> Callable[..., PatientRecord]:
    """Create a patient with sensible defaults; keyword arguments override the details."""

    def make(name: str = "Ann Example", **values: Any) -> PatientRecord:
        values.setdefault("date_of_birth", date(1980, 5, 17))
        allow = values.pop("allow_duplicate", False)
        return create_patient(
            database,
            PatientDetails(name=name, **values),
            actor="tester",
            allow_duplicate=allow,
            today=TODAY,
        )

    return make
