"""The Plans section through the real main window: the clinic's current plans, the overdue
review first and marked; the filter narrows; Enter opens the plan; an edit shows at once.
And its table model on its own, checked by qtmodeltester."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.clinic.plans import PhaseDetails, PlanDetails, create_plan, make_current, save_plan
from wristcare.clinic.plans.overview import PlanOverviewRow
from wristcare.db.engine import Database
from wristcare.db.vocab import PlanStatus
from wristcare.gui.plans.overview_model import (
    FLAG,
    HANDOUT,
    PATIENT,
    PROBLEM,
    REVIEW_ON,
    SESSIONS,
    PlanOverviewModel,
)
from wristcare.gui.plans.overview_style import OVERDUE, PlanOverviewStyle

from .conftest import TODAY
from .session_helpers import activate, retype

CTRL = Qt.KeyboardModifier.ControlModifier


def _current_plan(
    database: Database, ctx: ClinicContext, name: str, problem: str, review_on: date
) -> int:
    patient = create_patient(
        database, ctx, PatientDetails(name=name, date_of_birth=date(1960, 3, 2))
    )
    details = PlanDetails(
        problem=problem,
        started_on=date(2025, 5, 20),
        phases=[PhaseDetails(2, 3), PhaseDetails(1, 4)],
    )
    plan = create_plan(database, ctx, patient.id, details)
    # Written weeks ago: the review date may since have passed.
    details.review_on = review_on
    plan = save_plan(database, ctx, plan.id, details, expected_version=plan.version)
    return make_current(database, ctx, plan.id, expected_version=plan.version).id


def _texts(model: Any, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_plans_section_lists_overdue_first_filters_and_opens(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    later = _current_plan(database, ctx, "Bea Later", "Tennis elbow, left", date(2025, 7, 20))
    overdue = _current_plan(
        database, ctx, "Ann Overdue", "Carpal tunnel syndrome, right", date(2025, 6, 9)
    )
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    view = window.plans
    assert window.stack.currentWidget() is view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2 and not view.loading)

    shown = view.table.model()
    assert _texts(shown, PATIENT) == ["Ann Overdue", "Bea Later"]
    assert _texts(shown, FLAG) == ["Overdue", ""]
    assert _texts(shown, REVIEW_ON) == ["09/06/2025", "20/07/2025"]
    assert _texts(shown, SESSIONS) == ["0 of 10", "0 of 10"]
    assert _texts(shown, HANDOUT) == ["none", "none"]
    assert shown.index(0, FLAG).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert shown.index(0, REVIEW_ON).data(Qt.ItemDataRole.FontRole).bold()
    assert view.count.text() == "2 plans · 1 overdue"
    assert "of the number the schedule plans" in shown.headerData(
        SESSIONS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )

    view.filter.setFocus()
    qtbot.keyClicks(view.filter, "elbow")
    # Enter at once, perhaps before the filtered list is read: the match opens, never the
    # overdue plan that was first in the list before.
    qtbot.keyClick(view.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.loading)
    assert _texts(shown, PATIENT) == ["Bea Later"]
    assert view.count.text() == "1 plan"
    windows = window.plan_windows.windows
    qtbot.waitUntil(lambda: later in windows)
    assert overdue not in windows

    # Written in the plan window and saved: the Plans section shows it without a refresh.
    plan_window = windows[later]
    activate(qtbot, plan_window)
    retype(qtbot, plan_window.form.problem, "Lateral elbow pain, left")
    qtbot.keyClick(plan_window, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: _texts(shown, PROBLEM) == ["Lateral elbow pain, left"])


def test_an_empty_clinic_says_where_plans_are_written(window: Any, qtbot: Any) -> None:
    window.show_view("Plans")
    view = window.plans
    qtbot.waitUntil(lambda: view.empty.isVisible() and not view.loading)
    assert "Plans tab" in view.empty.text()
    assert view.count.text() == "0 plans"


def test_a_long_list_says_it_shows_only_the_first_plans(
    qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    from wristcare.gui.plans.overview_view import PlansOverview

    _current_plan(database, ctx, "Bea Later", "Tennis elbow, left", date(2025, 7, 20))
    _current_plan(database, ctx, "Ann Overdue", "Carpal tunnel syndrome", date(2025, 6, 9))
    view = PlansOverview(database, ctx, limit=1)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1 and not view.loading)
    assert _texts(view.model, PATIENT) == ["Ann Overdue"]
    assert view.more.isVisible()
    assert view.more.text().startswith("Showing the first 1 of 2 by review date")


def _row(plan_id: int, status: PlanStatus, review_on: date | None, **values: Any):
    fields = dict(
        plan_id=plan_id, patient_id=plan_id, patient_name=f"Patient {plan_id}",
        record_number=f"P{plan_id:06d}", status=status, problem="Numb thumb\nat night",
        started_on=date(2025, 6, 1), review_on=review_on, sessions_done=3,
        planned_sessions=10, last_handout_at=None,
    )  # fmt: skip
    fields.update(values)
    return PlanOverviewRow(**fields)


def test_the_model_flags_reviews_in_words(qtmodeltester: Any) -> None:
    model = PlanOverviewModel()
    late_evening = datetime(2025, 6, 14, 23, 30, tzinfo=UTC)  # the 15th in New Zealand
    model.set_rows(
        [
            _row(1, PlanStatus.ACTIVE, date(2025, 6, 14)),
            _row(2, PlanStatus.ACTIVE, TODAY, last_handout_at=late_evening),
            _row(3, PlanStatus.ACTIVE, None, planned_sessions=0, problem=""),
            _row(4, PlanStatus.DRAFT, date(2025, 6, 1)),
            _row(5, PlanStatus.COMPLETED, date(2025, 5, 1)),
        ],
        TODAY,
        ZoneInfo("Pacific/Auckland"),
    )
    qtmodeltester.check(model)
    assert _texts(model, FLAG) == ["Overdue", "This week", "", "Draft", "Completed"]
    assert model.index(0, PROBLEM).data() == "Numb thumb"
    assert model.index(2, PROBLEM).data() == "(no problem written yet)"
    assert model.index(2, REVIEW_ON).data() == "not set"
    assert _texts(model, SESSIONS)[:3] == ["3 of 10", "3 of 10", "3"]
    assert model.index(1, HANDOUT).data() == "15/06/2025"
    assert model.index(3, 0).data(model.ReviewRole) is None  # a draft waits for no review
    assert model.find_row(4) == 3 and model.index(3, 0).data(model.PlanIdRole) == 4

    style = PlanOverviewStyle()
    style.setSourceModel(model)
    qtmodeltester.check(style)
    assert style.index(0, FLAG).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert style.index(1, FLAG).data(Qt.ItemDataRole.ForegroundRole) is None
    assert style.index(1, FLAG).data(Qt.ItemDataRole.FontRole).bold()
    assert "seven days" in style.index(1, REVIEW_ON).data(Qt.ItemDataRole.ToolTipRole)
    assert style.index(3, FLAG).data(Qt.ItemDataRole.FontRole) is None
