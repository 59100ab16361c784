"""The Progress tab shows the current plan's goals: the target line and the review on the
chart of the goal's measure, every goal listed with where it stands, and "met" once the
scores reach the target."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.gui.session_helpers import activate, add_patient
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.outcomes.goals import GoalStatus
from wristcare.clinic.plans import GoalDetails, PhaseDetails, PlanDetails, create_plan, make_current
from wristcare.db.engine import Database
from wristcare.db.models import OutcomeMeasure
from wristcare.db.vocab import GoalDirection, GoalTargetKind, Instrument, MeasureSide
from wristcare.gui.outcomes.progress_view import PatientProgressView

TODAY = date(2025, 6, 15)  # the pinned clock's date (tests/conftest.py)
START = TODAY - timedelta(weeks=4)
REVIEW = TODAY + timedelta(weeks=1)


def _plan(database: Database, ctx: ClinicContext, patient_id: int) -> None:
    details = PlanDetails(
        problem="Numbness in the right hand at night",
        started_on=START,
        review_on=REVIEW,
        phases=[PhaseDetails(2, 3, "twice a week")],
        goals=[
            GoalDetails(
                description="Numbness 3/10 or less",
                measure=Instrument.NRS_NUMBNESS,
                side=MeasureSide.NONE,
                baseline=Decimal(7),
                target=Decimal(3),
                direction=GoalDirection.DECREASE,
                target_kind=GoalTargetKind.ABSOLUTE,
                target_on=START + timedelta(weeks=6),
            ),
            GoalDetails(description="Sleep through the night"),
        ],
    )
    plan = create_plan(database, ctx, patient_id, details)
    make_current(database, ctx, plan.id, expected_version=plan.version)


def _score(database: Database, ctx: ClinicContext, patient_id: int, instrument: str,
           day: date, score: int) -> None:  # fmt: skip
    with database.transaction() as db:
        db.add(OutcomeMeasure(
            patient_id=patient_id, instrument=instrument, side="none", taken_on=day,
            score=Decimal(score), scoring_rule="nrs_0_10_v1", answers={},
            recorded_by_id=ctx.actor.practitioner_id, recorded_by_name=ctx.actor.name,
        ))  # fmt: skip


def _show(qtbot: Any, window: Any, view: PatientProgressView) -> None:
    record = window.patients.record
    with qtbot.waitSignal(view.loaded, timeout=5000):
        record.tabs.setCurrentWidget(view)


def test_the_plan_goal_is_drawn_listed_and_shown_met_once_reached(
    qtbot: Any, window: Any, database: Database, ctx: ClinicContext
) -> None:
    patient_id = add_patient(window, database, ctx)
    _plan(database, ctx, patient_id)
    for day, numbness, pain in ((START, 7, 5), (START + timedelta(weeks=2), 5, 4)):
        _score(database, ctx, patient_id, "nrs_numbness", day, numbness)
        _score(database, ctx, patient_id, "nrs_pain", day, pain)
    window.patients.open_patient(patient_id)
    view: PatientProgressView = window.patients.record.progress
    _show(qtbot, window, view)
    activate(qtbot, window)

    # The goal's measure is shown first (pain comes first otherwise), with its target line.
    assert view.panel.measure() == "nrs_numbness"
    data = view.panel.chart.data()
    assert data is not None
    assert [line.target for line in data.goals] == [Decimal(3)]
    assert data.review_dates == (REVIEW,)
    assert data.goals[0].progress.status is GoalStatus.ON_TRACK
    assert view.panel.goal_label.text() == "Target 3 or lower by 29 Jun 2025: on track"
    goals = view.goals_label.text().splitlines()
    assert goals == [
        "Plan goals:",
        "Numbness 3/10 or less: on track (latest score 5)",
        "Sleep through the night: not measured",
    ]
    # Another measure of the same side has no goal line, but the review is still marked.
    view.panel.set_measure("nrs_pain")
    assert view.panel.chart.data().goals == ()  # type: ignore[union-attr]
    assert view.panel.chart.data().review_dates == (REVIEW,)  # type: ignore[union-attr]
    assert view.panel.goal_label.text() == "Pain: no plan goal."
    view.panel.set_measure("nrs_numbness")

    # Numbness 3 today reaches "3 or less": read again when the tab comes back into view.
    _score(database, ctx, patient_id, "nrs_numbness", TODAY, 3)
    window.patients.record.tabs.setCurrentIndex(0)
    _show(qtbot, window, view)
    data = view.panel.chart.data()
    assert data is not None and data.goals[0].progress.status is GoalStatus.MET
    assert view.panel.goal_label.text().endswith("goal met (first on 15 Jun 2025)")
    assert view.goals_label.text().splitlines()[1] == (
        "\u2713 Numbness 3/10 or less: met (first on 15 Jun 2025)"
    )
    assert view.panel.chart.picture() is not None  # draws with the goal and the review


def test_without_a_plan_the_tab_says_there_are_no_goals(
    qtbot: Any, window: Any, database: Database, ctx: ClinicContext
) -> None:
    patient_id = add_patient(window, database, ctx)
    _score(database, ctx, patient_id, "nrs_numbness", TODAY, 6)
    window.patients.open_patient(patient_id)
    view: PatientProgressView = window.patients.record.progress
    _show(qtbot, window, view)
    assert view.goals_label.text().startswith("No plan goals")
    assert view.panel.chart.data().goals == ()  # type: ignore[union-attr]
