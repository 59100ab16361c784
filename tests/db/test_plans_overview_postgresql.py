"""The Plans section's query on PostgreSQL, the clinics' server: the same order, counts
and filter as on SQLite (tests/clinic/test_plans_overview.py has the full set)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import create_engine, make_url

from wristcare.clinic.patients import PatientDetails, archive_patient, create_patient
from wristcare.clinic.plans import (
    PhaseDetails,
    PlanDetails,
    create_plan,
    make_current,
    record_handout,
    save_plan,
)
from wristcare.clinic.plans.overview import PlanOverviewQuery, plans_overview
from wristcare.clinic.practitioners import PractitionerDetails, register_first_practitioner
from wristcare.db.engine import Database
from wristcare.db.migrate import upgrade

NOW = datetime(2025, 6, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def server_database(postgres_url: str) -> Iterator[Database]:
    """A database of its own on the test server: the other PostgreSQL tests' records
    (and their first practitioner) stay out of this list."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql("DROP DATABASE IF EXISTS wristcare_plans_overview")
        connection.exec_driver_sql("CREATE DATABASE wristcare_plans_overview")
    admin.dispose()
    url = make_url(postgres_url).set(database="wristcare_plans_overview")
    database = Database(url.render_as_string(hide_password=False))
    upgrade(database)
    yield database
    database.dispose()


def test_current_plans_by_review_date_on_postgresql(server_database: Database) -> None:
    database = server_database
    ctx = register_first_practitioner(
        database, PractitionerDetails(name="Tess Tester"), clock=lambda: NOW
    )
    plans = {}
    for name, review in (
        ("Cora Later", date(2025, 8, 1)),
        ("Ann Overdue", date(2025, 6, 10)),
        ("Dan Undated", None),
        ("Gus Archived", date(2025, 6, 2)),
    ):
        patient = create_patient(
            database, ctx, PatientDetails(name=name, date_of_birth=date(1970, 1, 2))
        )
        details = PlanDetails(
            problem=f"Numb fingers ({name})",
            started_on=date(2025, 6, 1),
            phases=[PhaseDetails(2, 3)],
        )
        plan = create_plan(database, ctx, patient.id, details)
        details.review_on = review
        plan = save_plan(database, ctx, plan.id, details, expected_version=plan.version)
        plans[name] = make_current(database, ctx, plan.id, expected_version=plan.version).id
    archive_patient(database, ctx, patient.id, expected_version=patient.version_id)
    record_handout(
        database, ctx, plans["Ann Overdue"], snapshot={"plan": 1}, sha256="b" * 64,
        large_print=False,
    )  # fmt: skip

    page = plans_overview(database, today=NOW.date())

    assert [row.patient_name for row in page.rows] == ["Ann Overdue", "Cora Later", "Dan Undated"]
    assert (page.total, page.overdue) == (3, 1)
    assert page.rows[0].planned_sessions == 6
    assert page.rows[0].sessions_done == 0
    assert page.rows[0].last_handout_at == NOW
    found = plans_overview(database, PlanOverviewQuery("LATER"), today=NOW.date())
    assert [row.plan_id for row in found.rows] == [plans["Cora Later"]]
