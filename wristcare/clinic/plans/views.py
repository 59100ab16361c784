"""A treatment plan as it is read back: the whole plan (frozen), a row of the patient's
list of plans, and a handout given."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, datetime

from wristcare.clinic.plans.details import (
    PlanDetails,
)
from wristcare.db.vocab import (
    PlanStatus,
)


@dataclass(frozen=True)
class HandoutRow:
    """A handout given to the patient (what the plan's history lists)."""

    id: int
    plan_id: int
    issued_at: datetime
    issued_by_name: str
    large_print: bool
    sha256: str


@dataclass(frozen=True)
class PlanRow:
    """A plan in the patient's list of plans."""

    id: int
    status: PlanStatus
    problem: str
    started_on: date | None
    review_on: date | None
    planned_sessions: int
    handout_count: int


@dataclass(frozen=True)
class PlanView:
    """A whole plan, read-only. ``version`` goes back with the next save; ``details`` is a
    copy made for this view (``to_details()`` gives a fresh one to edit)."""

    id: int
    patient_id: int
    status: PlanStatus
    version: int
    practitioner_id: int
    practitioner_name: str
    created_at: datetime
    details: PlanDetails
    planned_sessions: int
    handouts: tuple[HandoutRow, ...]
    # The library code, pinyin and characters of each planned point, in point order.
    point_names: tuple[tuple[str, str, str], ...] = ()

    def to_details(self) -> PlanDetails:
        """An editable copy of the plan."""
        return copy.deepcopy(self.details)
