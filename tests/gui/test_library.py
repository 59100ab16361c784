"""The Library: all points, loaded in the background, filtered as the practitioner types a
code as written (pc7, SJ5), pinyin or characters; and its two item models on their own."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from wristcare.clinic.acupoints import PointInfo
from wristcare.db.errors import DatabaseError
from wristcare.gui.library.model import AcupointFilterModel, AcupointTableModel

from .conftest import DialogAnswers, type_text

# 361 WHO standard points and 43 extra points.
ALL_POINTS = 361 + 43
CTRL = Qt.KeyboardModifier.ControlModifier


def _visible_rows(view: Any) -> list[list[str]]:
    proxy = view.proxy
    return [
        [proxy.index(row, column).data() for column in range(4)] for row in range(proxy.rowCount())
    ]


def _visible_codes(view: Any) -> list[str]:
    return [row[0] for row in _visible_rows(view)]


def _clear_with_keys(qtbot: Any, widget: Any) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)


@pytest.fixture
def library(window: Any, qtbot: Any) -> Any:
    """The main window switched to the Library with Ctrl+4 once the points are in."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.library.model.rowCount() == ALL_POINTS)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.stack.currentWidget() is window.library
    assert window.navigation.currentItem().text() == "Library"
    return window


def test_points_load_in_the_background(window: Any, qtbot: Any) -> None:
    # load() returned before the points were read; they arrive on their own.
    qtbot.waitUntil(lambda: window.library.model.rowCount() == ALL_POINTS)
    assert window.library.count.text() == f"{ALL_POINTS} points"


def test_typing_in_the_filter_finds_one_point(library: Any, qtbot: Any) -> None:
    view = library.library
    # Ctrl+4 took the keyboard to the Library: its filter is where typing goes.
    assert view.filter.hasFocus()
    qtbot.keyClicks(view.filter, "pc7")
    assert _visible_rows(view) == [["PC7", "Daling", "大陵", "大陵"]]
    assert view.count.text() == f"1 of {ALL_POINTS} points"

    _clear_with_keys(qtbot, view.filter)
    assert view.count.text() == f"{ALL_POINTS} points"
    type_text(qtbot, view.filter, "大陵")
    assert _visible_rows(view) == [["PC7", "Daling", "大陵", "大陵"]]

    _clear_with_keys(qtbot, view.filter)
    qtbot.keyClicks(view.filter, "daling")
    assert _visible_codes(view) == ["PC7"]

    _clear_with_keys(qtbot, view.filter)
    qtbot.keyClicks(view.filter, "SJ5")  # the old San Jiao code for TE5
    assert _visible_rows(view) == [["TE5", "Waiguan", "外關", "外关"]]
    assert view.count.text() == f"1 of {ALL_POINTS} points"

    _clear_with_keys(qtbot, view.filter)
    qtbot.keyClicks(view.filter, "no such point")
    assert _visible_codes(view) == []
    assert view.count.text() == f"0 of {ALL_POINTS} points"


def test_ctrl_f_goes_back_to_the_filter(library: Any, qtbot: Any) -> None:
    view = library.library
    qtbot.keyClicks(view.filter, "lu")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F, CTRL)
    assert view.filter.hasFocus() and view.filter.selectedText() == "lu"
    qtbot.keyClicks(view.filter, "pc7")  # typing replaces the old filter
    assert _visible_codes(view) == ["PC7"]
    # On the Patients page Ctrl+F is the patient search, as before.
    qtbot.keyClick(library, Qt.Key.Key_1, CTRL)
    qtbot.keyClick(library, Qt.Key.Key_F, CTRL)
    assert library.patients.list.search.hasFocus()


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("PC 7", ["PC7"]),
        ("Du20", ["GV20"]),
        ("内关", ["PC6"]),
        ("內關", ["PC6"]),
        ("EX-UE9", ["EX-UE9"]),
        ("M-UE22", ["EX-UE9"]),  # an extra point's older code
        ("waiguan", ["TE5"]),
    ],
)
def test_other_ways_of_writing_a_point(
    library_view: Any, qtbot: Any, typed: str, codes: list[str]
) -> None:
    view = library_view
    qtbot.waitUntil(lambda: view.model.rowCount() == ALL_POINTS)
    type_text(qtbot, view.filter, typed)
    assert _visible_codes(view) == codes
    assert view.count.text() == f"{len(codes)} of {ALL_POINTS} points"


@pytest.mark.expected_errors
def test_a_failed_load_is_reported(
    qtbot: Any, database: Any, answers: DialogAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wristcare.gui.events import AppEvents
    from wristcare.gui.library import view as library_view

    def unreadable(database: Any) -> list[PointInfo]:
        raise DatabaseError("The database reported an error; nothing was saved.")

    monkeypatch.setattr(library_view, "list_points", unreadable)
    library = library_view.LibraryView(database, AppEvents(None))
    qtbot.addWidget(library)
    library.show()
    qtbot.waitUntil(lambda: len(answers.errors) == 1)
    assert isinstance(answers.errors[0], DatabaseError)
    assert library.model.rowCount() == 0
    assert library.count.text() == "0 points"


# The models on their own, with a handful of points and no database.


def _point(code: str, pinyin: str, trad: str, simp: str, **more: Any) -> PointInfo:
    values: dict[str, Any] = {
        "id": 0,
        "code": code,
        "meridian": code[:2],
        "number": 1,
        "pinyin": pinyin,
        "hanzi_traditional": trad,
        "hanzi_simplified": simp,
        "english": "",
        "other_codes": "",
        "other_names": "",
        "is_extra": False,
    }
    values.update(more)
    return PointInfo(**values)


POINTS = [
    _point("LU1", "Zhongfu", "中府", "中府"),
    _point("LU10", "Yuji", "魚際", "鱼际"),
    _point("PC6", "Neiguan", "內關", "内关", english="Inner Pass"),
    _point("EX-UE9", "Baxie", "", "", other_codes="M-UE22", is_extra=True),
    _point("", "Jianqian", "", "", other_codes="M-UE48", other_names="Jianneiling"),
]


def test_table_model_rows_columns_and_headers(qtmodeltester: Any) -> None:
    model = AcupointTableModel(POINTS)
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (5, 5)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Code", "Pinyin", "Chinese", "Simplified", "Other codes"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_table_model_data_for_each_column() -> None:
    model = AcupointTableModel(POINTS)

    def row(number: int) -> list[str]:
        return [model.index(number, column).data() for column in range(5)]

    assert row(1) == ["LU10", "Yuji", "魚際", "鱼际", ""]
    assert row(3) == ["EX-UE9", "Baxie", "", "", "M-UE22"]
    # A point without a WHO code shows a dash, and its other codes and names.
    assert row(4) == ["—", "Jianqian", "", "", "M-UE48, Jianneiling"]
    index = model.index(2, 0)
    assert index.data(AcupointTableModel.PointRole) is POINTS[2]
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "PC6"
    assert index.data(Qt.ItemDataRole.AccessibleTextRole) == "PC6 Neiguan 內關"
    assert model.index(4, 0).data(Qt.ItemDataRole.AccessibleTextRole) == "M-UE48 Jianqian"
    # Characters one size up; Latin text in the normal font.
    chinese = model.index(2, 2).data(Qt.ItemDataRole.FontRole)
    assert isinstance(chinese, QFont) and chinese.pointSizeF() > QFont().pointSizeF()
    assert model.index(2, 1).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(2, 0).data(Qt.ItemDataRole.EditRole) is None


def test_table_model_takes_new_points(qtbot: Any) -> None:
    model = AcupointTableModel()
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.modelReset):
        model.set_points(POINTS[:2])
    assert model.rowCount() == 2 and model.point(1).code == "LU10"


def _filtered(query: str) -> list[str]:
    proxy = AcupointFilterModel()
    proxy.setSourceModel(AcupointTableModel(POINTS))
    proxy.set_query(query)
    return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["LU1", "LU10", "PC6", "EX-UE9", "—"]),
        ("   ", ["LU1", "LU10", "PC6", "EX-UE9", "—"]),
        ("lu1", ["LU1"]),  # a whole code: only that point, not LU10
        ("Lu-10", ["LU10"]),
        ("P6", ["PC6"]),
        ("lu", ["LU1", "LU10"]),  # not a whole code: found in codes and names
        ("neiguan", ["PC6"]),
        ("inner pass", ["PC6"]),
        ("鱼际", ["LU10"]),
        ("魚際", ["LU10"]),
        ("M-UE22", ["EX-UE9"]),
        ("jianneiling", ["—"]),
        ("xyz", []),
    ],
)
def test_filter_model_matches(query: str, codes: list[str]) -> None:
    assert _filtered(query) == codes


def test_filter_model_is_well_behaved_and_keeps_its_query(qtmodeltester: Any) -> None:
    source = AcupointTableModel(POINTS)
    proxy = AcupointFilterModel()
    proxy.setSourceModel(source)
    qtmodeltester.check(proxy)
    proxy.set_query("lu")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2
    # New points (the background load) are filtered by what is already typed.
    source.set_points([*POINTS, _point("LU11", "Shaoshang", "少商", "少商")])
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["LU1", "LU10", "LU11"]
