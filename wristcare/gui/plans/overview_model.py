"""The Plans section's table: one row per plan across patients, with the review flagged in
words (overdue, due this week) so the flag never depends on colour alone."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from wristcare.clinic.plans.overview import PlanOverviewRow, ReviewDue, review_due
from wristcare.db.vocab import PlanStatus
from wristcare.gui.plans.labels import PLAN_STATUSES
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.rows_model import RowsModel

COLUMNS = ("Status", "Patient", "Record", "Problem", "Started", "Review date", "Sessions",
           "Last handout")  # fmt: skip
FLAG, PATIENT, RECORD, PROBLEM, STARTED, REVIEW_ON, SESSIONS, HANDOUT = range(len(COLUMNS))
FLAGS = {ReviewDue.OVERDUE: "Overdue", ReviewDue.THIS_WEEK: "This week"}
NO_PROBLEM = "(no problem written yet)"
HEADER_TIPS = {
    SESSIONS: "Signed sessions since the plan started, of the number the schedule plans",
    HANDOUT: "When the take-home care plan was last printed or saved for the patient",
}


class PlanOverviewModel(RowsModel[PlanOverviewRow]):
    """Rows given whole by ``set_rows`` (the clinic layer limits them); ``today`` and the
    clinic's zone decide the review flags and the handout dates."""

    COLUMNS = COLUMNS
    HEADER_TIPS = HEADER_TIPS
    KEY = "plan_id"
    PlanIdRole = Qt.ItemDataRole.UserRole + 1
    ReviewRole = Qt.ItemDataRole.UserRole + 2  # "overdue", "due this week" or None

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._today = date.today()
        self.tz = ZoneInfo("UTC")

    def set_rows(
        self,
        rows: Sequence[PlanOverviewRow],
        today: date | None = None,
        tz: ZoneInfo | None = None,
    ) -> None:
        """The rows, judged on ``today`` in the zone ``tz`` (each kept if not given)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._today = self._today if today is None else today
        self.tz = self.tz if tz is None else tz
        self.endResetModel()

    def review_of(self, row: PlanOverviewRow) -> ReviewDue | None:
        # Only a current plan is waiting for its review.
        if row.status is not PlanStatus.ACTIVE:
            return None
        return review_due(row.review_on, self._today)

    def tooltip(self, row: PlanOverviewRow, column: int) -> str | None:
        return self.text(row, column) if column in (PATIENT, PROBLEM) else None

    def cell(self, row: PlanOverviewRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SESSIONS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.PlanIdRole:
            return row.plan_id
        if role == self.ReviewRole:
            review = self.review_of(row)
            return None if review is None else str(review)
        return super().cell(row, column, role)

    def text(self, row: PlanOverviewRow, column: int) -> str:
        if column == FLAG:
            review = self.review_of(row)
            if row.status is not PlanStatus.ACTIVE:
                return PLAN_STATUSES[row.status]
            return "" if review is None else FLAGS[review]
        if column == PATIENT:
            return row.patient_name
        if column == RECORD:
            return row.record_number
        if column == PROBLEM:
            first_line = row.problem.strip().splitlines()[:1]
            return first_line[0] if first_line else NO_PROBLEM
        if column == STARTED:
            return format_date(row.started_on)
        if column == REVIEW_ON:
            return format_date(row.review_on) if row.review_on else "not set"
        if column == SESSIONS:
            if row.planned_sessions:
                return f"{row.sessions_done} of {row.planned_sessions}"
            return str(row.sessions_done)
        if row.last_handout_at is None:
            return "none"
        return format_date(row.last_handout_at.astimezone(self.tz).date())
