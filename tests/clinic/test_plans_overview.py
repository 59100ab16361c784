"""The Plans section's list across patients: order, review flags, sessions counted,
handouts, the filter, drafts and ended plans, archived patients."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from plans_helpers import full_plan
from sessions_helpers import complete_details, ready_to_treat

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import archive_patient
from wristcare.clinic.plans import (
    create_plan,
    make_current,
    record_handout,
    save_plan,
    set_plan_status,
)
from wristcare.clinic.plans.overview import (
    PlanOverviewQuery,
    ReviewDue,
    plans_overview,
    review_due,
)
from wristcare.clinic.sessions import save_draft, sign_session, start_draft
from wristcare.db.engine import Database
from wristcare.db.vocab import PlanStatus

TODAY = date(2025, 6, 15)  # the pinned clock's date


def _plan(
    database: Database,
    ctx: ClinicContext,
    patient_id: int,
    problem: str,
    review_on: date | None,
    status: PlanStatus = PlanStatus.ACTIVE,
    started_on: date = date(2025, 6, 1),
) -> int:
    # A new plan's review cannot be in the past; an existing one's can (it became overdue).
    details = replace(full_plan(started_on), problem=problem, review_on=None)
    plan = create_plan(database, ctx, patient_id, details)
    plan = save_plan(
        database, ctx, plan.id, replace(details, review_on=review_on), expected_version=plan.version
    )
    if status is not PlanStatus.DRAFT:
        plan = make_current(database, ctx, plan.id, expected_version=plan.version)
    if status in (PlanStatus.COMPLETED, PlanStatus.DISCONTINUED):
        set_plan_status(database, ctx, plan.id, status, expected_version=plan.version)
    return plan.id


def _sign(database: Database, ctx: ClinicContext, patient_id: int, day: date) -> None:
    start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    note = start_draft(database, ctx, patient_id, started_at=start)
    note = save_draft(database, ctx, note.id, complete_details(start), note.version)
    sign_session(database, ctx, note.id, note.version)


@pytest.fixture
def clinic(database: Database, ctx: ClinicContext, make_patient: Callable) -> dict[str, int]:
    """Seven patients: current plans overdue, due this week, later and undated; a draft, a
    completed plan, and a current plan of an archived patient."""
    ids = {}
    for name, problem, review, status in (
        ("Cora Later", "Tennis elbow, left", date(2025, 8, 1), PlanStatus.ACTIVE),
        ("Ann Overdue", "Carpal tunnel syndrome, right", date(2025, 6, 10), PlanStatus.ACTIVE),
        ("Dan Undated", "De Quervain's tenosynovitis", None, PlanStatus.ACTIVE),
        ("Bob Soon", "Trigger finger", date(2025, 6, 18), PlanStatus.ACTIVE),
        ("Eve Draft", "Numb fingers at night", date(2025, 7, 1), PlanStatus.DRAFT),
        ("Fay Done", "Wrist sprain", date(2025, 6, 12), PlanStatus.COMPLETED),
        ("Gus Archived", "Carpal tunnel syndrome, left", date(2025, 6, 2), PlanStatus.ACTIVE),
    ):
        patient = make_patient(name)
        ids[name] = _plan(database, ctx, patient.id, problem, review, status)
    archive_patient(database, ctx, patient.id, expected_version=patient.version_id)
    return ids


def test_current_plans_by_review_date_overdue_first(
    database: Database, clinic: dict[str, int]
) -> None:
    page = plans_overview(database)

    assert [row.patient_name for row in page.rows] == [
        "Ann Overdue", "Bob Soon", "Cora Later", "Dan Undated",
    ]  # fmt: skip
    assert page.total == 4
    ann = page.rows[0]
    assert ann.plan_id == clinic["Ann Overdue"]
    assert ann.record_number.startswith("P")
    assert ann.problem == "Carpal tunnel syndrome, right"
    assert ann.started_on == date(2025, 6, 1)
    assert ann.review_on == date(2025, 6, 10)
    assert ann.planned_sessions == 10  # twice a week for 3 weeks, then weekly for 4
    assert ann.status is PlanStatus.ACTIVE
    assert [review_due(row.review_on, TODAY) for row in page.rows] == [
        ReviewDue.OVERDUE, ReviewDue.THIS_WEEK, None, None,
    ]  # fmt: skip


def test_review_flags_at_their_edges() -> None:
    assert review_due(date(2025, 6, 14), TODAY) is ReviewDue.OVERDUE
    assert review_due(TODAY, TODAY) is ReviewDue.THIS_WEEK
    assert review_due(date(2025, 6, 21), TODAY) is ReviewDue.THIS_WEEK
    assert review_due(date(2025, 6, 22), TODAY) is None
    assert review_due(None, TODAY) is None


def test_signed_sessions_since_the_start_are_counted(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient("Hal Counted")
    ready_to_treat(database, ctx, patient.id)
    _sign(database, ctx, patient.id, date(2025, 5, 20))  # before the plan: not counted
    plan_id = _plan(database, ctx, patient.id, "Numb thumb", date(2025, 7, 1))
    _sign(database, ctx, patient.id, date(2025, 6, 1))
    _sign(database, ctx, patient.id, date(2025, 6, 12))
    start_draft(  # an unsigned draft is not a session done
        database, ctx, patient.id, started_at=datetime(2025, 6, 14, 9, tzinfo=UTC)
    )

    (row,) = plans_overview(database).rows

    assert row.plan_id == plan_id
    assert (row.sessions_done, row.planned_sessions) == (2, 10)


def test_the_last_handout_is_shown(
    database: Database, ctx: ClinicContext, clinic: dict[str, int]
) -> None:
    assert plans_overview(database).rows[0].last_handout_at is None
    later = datetime(2025, 6, 15, 16, 45, tzinfo=UTC)
    for when in (ctx, replace(ctx, clock=lambda: later)):
        record_handout(
            database, when, clinic["Ann Overdue"], snapshot={"plan": 1}, sha256="a" * 64,
            large_print=False,
        )  # fmt: skip

    row = plans_overview(database).rows[0]

    assert row.last_handout_at == later


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ann", ["Ann Overdue"]),
        ("  SOON  ", ["Bob Soon"]),
        ("carpal", ["Ann Overdue"]),  # the archived patient's plan stays out
        ("tennis LEFT", ["Cora Later"]),  # every word must match
        ("trigger ann", []),
        ("100%_", []),  # LIKE's wildcards are only characters here
    ],
)
def test_the_filter_matches_name_and_problem(
    database: Database, clinic: dict[str, int], text: str, names: list[str]
) -> None:
    page = plans_overview(database, PlanOverviewQuery(text=text))

    assert [row.patient_name for row in page.rows] == names
    assert page.total == len(names)


def test_the_filter_matches_the_record_number(database: Database, clinic: dict[str, int]) -> None:
    bob = next(r for r in plans_overview(database).rows if r.patient_name == "Bob Soon")

    found = plans_overview(database, PlanOverviewQuery(text=bob.record_number.lower()))

    assert [row.plan_id for row in found.rows] == [clinic["Bob Soon"]]


def test_drafts_and_ended_plans_only_when_asked(database: Database, clinic: dict[str, int]) -> None:
    page = plans_overview(database, PlanOverviewQuery(include_inactive=True))

    assert [(row.patient_name, row.status) for row in page.rows] == [
        ("Ann Overdue", PlanStatus.ACTIVE),
        ("Bob Soon", PlanStatus.ACTIVE),
        ("Cora Later", PlanStatus.ACTIVE),
        ("Dan Undated", PlanStatus.ACTIVE),
        ("Eve Draft", PlanStatus.DRAFT),
        ("Fay Done", PlanStatus.COMPLETED),
    ]
    assert page.total == 6


def test_the_limit_keeps_the_order_and_counts_all(
    database: Database, clinic: dict[str, int]
) -> None:
    page = plans_overview(database, limit=2)

    assert [row.patient_name for row in page.rows] == ["Ann Overdue", "Bob Soon"]
    assert page.total == 4


def test_overdue_reviews_are_counted_among_the_matches(
    database: Database, clinic: dict[str, int]
) -> None:
    # Fay's completed plan and the archived patient's plan are past their review too.
    everything = PlanOverviewQuery(include_inactive=True)
    assert plans_overview(database, everything, today=TODAY, limit=1).overdue == 1
    assert plans_overview(database, everything, today=date(2025, 6, 19)).overdue == 2
    assert plans_overview(database, PlanOverviewQuery("soon"), today=TODAY).overdue == 0
    assert plans_overview(database).overdue == 0  # not asked
