"""The Library: all points, filtered by code as written, pinyin or characters."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from wristcare.clinic.acupoints import PointInfo
from wristcare.gui.library.model import AcupointFilterModel, AcupointTableModel

from .conftest import type_text

ALL_POINTS = 361 + 43


def _visible_codes(window: Any) -> list[str]:
    proxy = window.library.proxy
    return [proxy.index(row, 0).data() for row in range(proxy.rowCount())]


@pytest.fixture
def library(window: Any, qtbot: Any) -> Any:
    qtbot.waitUntil(lambda: window.library.model.rowCount() == ALL_POINTS)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.library
    return window


def test_library_lists_every_point_with_characters(library: Any) -> None:
    model = library.library.model
    row = next(r for r in range(model.rowCount()) if model.point(r).code == "PC7")
    texts = [model.index(row, c).data() for c in range(model.columnCount())]
    assert texts[:4] == ["PC7", "Daling", "大陵", "大陵"]
    assert library.library.count.text() == "404 points"


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("pc7", ["PC7"]),
        ("大陵", ["PC7"]),
        ("daling", ["PC7"]),
        ("SJ5", ["TE5"]),
        ("Du20", ["GV20"]),
        ("内关", ["PC6"]),
        ("EX-UE9", ["EX-UE9"]),
    ],
)
def test_typing_filters_the_library(library: Any, qtbot: Any, typed: str, codes: list[str]) -> None:
    view = library.library
    type_text(qtbot, view.filter, typed)
    assert _visible_codes(library) == codes
    assert view.count.text() == f"{len(codes)} of {ALL_POINTS} points"
    view.filter.clear()
    assert len(_visible_codes(library)) == ALL_POINTS


def _points() -> list[PointInfo]:
    def point(code: str, pinyin: str, trad: str, simp: str, extra: bool = False) -> PointInfo:
        return PointInfo(0, code, code[:2], 1, pinyin, trad, simp, "", "", "", extra)

    return [
        point("LU1", "Zhongfu", "中府", "中府"),
        point("LU10", "Yuji", "魚際", "鱼际"),
        point("PC6", "Neiguan", "內關", "内关"),
        point("EX-UE9", "Baxie", "", "", extra=True),
    ]


def test_table_model_columns_and_headers(qtmodeltester: Any) -> None:
    model = AcupointTableModel(_points())
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.columnCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)][:3] == [
        "Code",
        "Pinyin",
        "Chinese",
    ]
    assert model.index(2, 2).data() == "內關"
    assert model.index(2, 3).data() == "内关"
    assert model.index(2, 0).data(AcupointTableModel.PointRole).pinyin == "Neiguan"


def test_filter_model_matches_whole_codes_only(qtmodeltester: Any) -> None:
    source = AcupointTableModel(_points())
    proxy = AcupointFilterModel()
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy)
    proxy.set_query("lu1")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["LU1"]
    proxy.set_query("lu")
    assert proxy.rowCount() == 2
    proxy.set_query("鱼际")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["LU10"]
    proxy.set_query("")
    assert proxy.rowCount() == 4
