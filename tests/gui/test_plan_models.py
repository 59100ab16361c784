"""The plan editor's table models on their own: a patient's plans, the handouts of a plan
and the home-care library, each checked by qtmodeltester."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from wristcare.clinic.homecare_library import CLINIC, DoseRange, homecare_library
from wristcare.clinic.plans import HandoutRow, PlanRow
from wristcare.db.vocab import PlanStatus
from wristcare.gui.plans.homecare_model import HomeCareLibraryModel
from wristcare.gui.plans.list_model import HandoutListModel, PlanListModel


def test_plan_list_marks_the_current_plan(qtmodeltester: Any) -> None:
    model = PlanListModel()
    model.set_rows(
        [
            PlanRow(2, PlanStatus.ACTIVE, "Right CTS\nat night", date(2025, 6, 1),
                    date(2025, 7, 6), 10, 2),
            PlanRow(1, PlanStatus.COMPLETED, "", date(2025, 1, 5), None, 6, 0),
        ]
    )  # fmt: skip
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(6)] == [
        "Current", "Right CTS", "01/06/2025", "06/07/2025", "10", "2"
    ]  # fmt: skip
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(1, 1).data() == "(no problem written yet)"
    assert model.index(1, 5).data() == ""
    assert model.find_row(1) == 1 and model.index(1, 0).data(model.IdRole) == 1


def test_handouts_show_clinic_time_and_short_sha(qtmodeltester: Any) -> None:
    model = HandoutListModel()
    model.tz = ZoneInfo("Europe/London")
    sha = "ab" * 32
    model.set_rows(
        [HandoutRow(5, 2, datetime(2025, 6, 15, 11, 0, tzinfo=UTC), "Tess Tester", True, sha)]
    )
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == [
        "15/06/2025 12:00", "Tess Tester", "Yes", sha[:12]
    ]  # fmt: skip
    assert model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole) == sha


def test_home_care_library_model_says_where_each_item_comes_from(qtmodeltester: Any) -> None:
    shipped = list(homecare_library())
    from dataclasses import replace

    own = replace(shipped[0], key="thumb_rest", title="Thumb rest", source=CLINIC, version=1,
                  hold_seconds=DoseRange(5, 5))  # fmt: skip
    model = HomeCareLibraryModel()
    model.set_items([*shipped, own])
    qtmodeltester.check(model)
    assert model.rowCount() == len(shipped) + 1
    assert model.index(0, 2).data() == "Shipped"
    last = model.rowCount() - 1
    assert model.index(last, 0).data() == "Thumb rest"
    assert model.index(last, 2).data() == "Clinic's own"
    assert "hold 5 s" in model.index(last, 3).data()
    assert model.find_row("thumb_rest") == last
