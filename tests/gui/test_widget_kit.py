"""The widget kit on its own: the rows and paging models every list is built on, the
point entry both points editors use, and the one table of widget kinds."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt, QThread, QTime
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from wristcare.clinic.acupoints import PointInfo
from wristcare.db.errors import DatabaseLockedError
from wristcare.errors import WristCareError
from wristcare.gui.widgets.fields import (
    Choice,
    NumberBox,
    TenthsBox,
    field_value,
    lock,
    on_change,
)
from wristcare.gui.widgets.paged_model import Page, PagedRowsModel
from wristcare.gui.widgets.point_entry import PointEntry
from wristcare.gui.widgets.rows_model import RowsModel

ROOT = QModelIndex()


@dataclass(frozen=True)
class Fruit:
    id: int
    name: str
    colour: str


FRUIT = [Fruit(n, f"fruit {n:02d}", "red" if n % 2 else "green") for n in range(1, 26)]


class FruitModel(RowsModel[Fruit]):
    COLUMNS = ("Name", "Colour")
    HEADER_TIPS = {1: "As it looks when ripe"}

    def text(self, row: Fruit, column: int) -> str:
        return (row.name, row.colour)[column]


class PagedFruit(PagedRowsModel[str, Fruit]):
    COLUMNS = ("Name", "Colour")

    def text(self, row: Fruit, column: int) -> str:
        return (row.name, row.colour)[column]


class FruitShop:
    """Pages of fruit whose name holds the query; ``locked`` makes every read fail."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int, int]] = []
        self.locked = False
        self.on_gui_thread: list[bool] = []
        self.hold: dict[str, threading.Event] = {}
        self.held = threading.Event()

    def fetch(self, query: str, offset: int, limit: int) -> Page[Fruit]:
        self.calls.append((query, offset, limit))
        self.on_gui_thread.append(QThread.currentThread() == QApplication.instance().thread())
        if query in self.hold:
            self.held.set()
            self.hold[query].wait(10)
        if self.locked:
            raise DatabaseLockedError("The database is in use by another program.")
        found = [fruit for fruit in FRUIT if query in fruit.name]
        return Page(found[offset : offset + limit], len(found))


def test_rows_model_is_well_behaved_and_finds_rows_by_key(qtmodeltester: Any) -> None:
    model = FruitModel()
    qtmodeltester.check(model)  # empty
    model.set_rows(FRUIT[:3])
    qtmodeltester.check(model)
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.index(1, 0).data() == "fruit 02"
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "green"  # the text
    assert model.index(1, 1).data(Qt.ItemDataRole.FontRole) is None
    horizontal = Qt.Orientation.Horizontal
    assert [model.headerData(c, horizontal) for c in range(2)] == ["Name", "Colour"]
    assert model.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole) == "As it looks when ripe"
    assert model.headerData(0, horizontal, Qt.ItemDataRole.ToolTipRole) is None
    assert model.headerData(2, horizontal) is None
    assert model.find_row(3) == 2 and model.find_row(4) is None
    assert [model.row_of(r) for r in range(3)] == FRUIT[:3]
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.set_rows([])
    assert resets == [True] and model.rowCount() == 0
    # A child of a cell has no rows: the table is flat.
    model.set_rows(FRUIT)
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0


def test_paged_model_reads_pages_only_as_the_view_needs_them(qapp: Any, qtmodeltester: Any) -> None:
    shop = FruitShop()
    model = PagedFruit(shop.fetch, "", page_size=10)
    assert model.rowCount() == 0 and not model.canFetchMore(ROOT)
    assert model.set_query("fruit")
    assert (model.rowCount(), model.total, model.query) == (10, 25, "fruit")
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)
    assert model.rowCount() == 25
    assert [offset for _, offset, _ in shop.calls] == [0, 10, 20]
    assert model.set_query("fruit 1")
    assert (model.rowCount(), model.total) == (10, 10)
    assert not model.canFetchMore(ROOT)
    model.set_query("")
    qtmodeltester.check(model)  # last: the tester fetches more pages itself


def test_paged_model_searches_off_the_gui_thread_and_the_newest_search_wins(
    qtbot: Any,
) -> None:
    shop = FruitShop()
    model = PagedFruit(shop.fetch, "", page_size=10)
    shop.hold["fruit 0"] = threading.Event()
    model.search("fruit 0")  # still running when the next search is asked for
    assert model.searching and model.requested_query == "fruit 0"
    assert shop.held.wait(10)
    with qtbot.waitSignal(model.search_finished):
        model.search("fruit 2")
    assert [model.row_of(r).name for r in range(model.rowCount())] == [
        "fruit 20", "fruit 21", "fruit 22", "fruit 23", "fruit 24", "fruit 25"
    ]  # fmt: skip
    shop.hold["fruit 0"].set()
    from wristcare.gui import tasks

    qtbot.waitUntil(lambda: tasks.running_count() == 0)
    QApplication.processEvents()
    assert model.query == "fruit 2" and not model.searching  # the older result was dropped
    assert shop.on_gui_thread == [False, False]


def test_a_failed_read_leaves_the_list_as_it_was(qtbot: Any, qtmodeltester: Any) -> None:
    shop = FruitShop()
    model = PagedFruit(shop.fetch, "", page_size=10)
    assert model.set_query("fruit")
    shop.locked = True
    resets: list[bool] = []
    model.modelAboutToBeReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.failed) as failed:
        model.search("fruit 1")
    qtbot.waitUntil(lambda: not model.searching)
    assert isinstance(failed.args[0], DatabaseLockedError)
    assert (model.query, model.requested_query, model.rowCount()) == ("fruit", "fruit", 10)
    with qtbot.waitSignal(model.failed):
        assert not model.refresh()
    # Scrolling: one failure, then no more asking until the list is read again.
    with qtbot.waitSignal(model.failed):
        model.fetchMore(ROOT)
    assert model.rowCount() == 10 and not model.canFetchMore(ROOT)
    assert resets == []  # no reset was begun (one never ended breaks every view on it)
    shop.locked = False
    with qtbot.waitSignal(model.search_finished):
        model.reload()
    assert model.canFetchMore(ROOT)
    qtmodeltester.check(model)


def test_a_list_that_shrank_since_it_was_counted_stops_paging() -> None:
    shop = FruitShop()
    model = PagedFruit(shop.fetch, "", page_size=10)
    model.set_query("fruit")
    model._total = 40  # counted before fifteen were taken away by someone else
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)
    assert model.rowCount() == model.total == 25


def _point(code: str, pinyin: str, hanzi: str) -> PointInfo:
    return PointInfo(
        id=0, code=code, meridian=code[:2], number=int(code[2:]), pinyin=pinyin,
        hanzi_traditional=hanzi, hanzi_simplified=hanzi, english="", other_codes="",
        other_names="", is_extra=False,
    )  # fmt: skip


def _library() -> list[PointInfo]:
    return [_point("PC7", "Daling", "大陵"), _point("LU9", "Taiyuan", "太淵")]


def _resolve(text: str) -> PointInfo:
    for point in _library():
        if text.casefold() in (point.code.casefold(), point.pinyin.casefold()):
            return point
    raise WristCareError(f"No point called “{text}”")


def test_point_entry_resolves_what_is_typed_and_says_what_it_cannot(qtbot: Any) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    entry = PointEntry(_resolve, hint=". Or type a site", parent=holder)
    entry.set_library(_library())
    assert entry.completions.stringList() == ["PC7  Daling 大陵", "LU9  Taiyuan 太淵"]
    assert entry.accessibleName() == "Add point"
    chosen: list[str] = []
    entry.chosen.connect(chosen.append)
    qtbot.keyClicks(entry, "nowhere")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert chosen == [] and entry.text() == "nowhere"
    assert entry.problem.text() == "No point called “nowhere”. Or type a site"
    assert not entry.problem.isHidden()
    entry.clear()
    qtbot.keyClicks(entry, "Taiyuan")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    # A completion is taken by its first word, the code.
    entry.setText("PC7  Daling 大陵")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert chosen == ["LU9", "PC7"] and entry.text() == ""
    assert entry.problem.isHidden()
    qtbot.keyClick(entry, Qt.Key.Key_Return)  # an empty box adds nothing, says nothing
    assert chosen == ["LU9", "PC7"] and entry.problem.isHidden()


@pytest.mark.parametrize(
    ("make", "change", "value", "read_only"),
    [
        (QLineEdit, lambda w: w.textEdited.emit("x"), "", True),
        (QPlainTextEdit, lambda w: w.setPlainText("y"), "y", True),
        (lambda: Choice({"a": "A", "b": "B"}), lambda w: w.set_choice("b"), "b", False),
        (lambda: NumberBox(0, 10), lambda w: w.set_number(4), 4, True),
        (lambda: TenthsBox(10.0), lambda w: w.set_tenths(15), 1.5, True),
        (QTimeEdit, lambda w: w.setTime(QTime(9, 30)), QTime(9, 30), True),
        (lambda: QCheckBox("Tick"), lambda w: w.setChecked(True), True, False),
    ],
)
def test_one_table_says_how_each_kind_is_read_heard_and_locked(
    qtbot: Any, make: Any, change: Any, value: object, read_only: bool
) -> None:
    widget = make()
    qtbot.addWidget(widget)
    heard: list[bool] = []
    on_change(widget, lambda: heard.append(True))
    change(widget)
    assert heard and field_value(widget) == value
    lock(widget, True)
    if read_only:
        assert widget.isReadOnly() and widget.isEnabled()
    else:
        assert not widget.isEnabled()
    lock(widget, False)
    assert widget.isEnabled() and not (read_only and widget.isReadOnly())


def test_an_editable_choice_is_heard_as_it_is_typed_in(qtbot: Any) -> None:
    choice = Choice({"a": "A"})
    qtbot.addWidget(choice)
    choice.setEditable(True)
    heard: list[bool] = []
    on_change(choice, lambda: heard.append(True))
    choice.setEditText("typed")
    assert heard


def test_kinds_outside_the_table(qtbot: Any) -> None:
    day, plain, button = QDateEdit(), QWidget(), QPushButton("Go")
    for widget in (day, plain, button):
        qtbot.addWidget(widget)
    lock(day, True)  # any spin box is locked read-only
    assert day.isReadOnly() and day.isEnabled()
    with pytest.raises(TypeError):
        field_value(day)  # a date box has no value the kit knows how to read
    lock(plain, True)  # anything else is disabled
    assert not plain.isEnabled()
    with pytest.raises(TypeError):
        field_value(plain)
    on_change(plain, lambda: None)  # nothing to hear: no error either
    assert field_value(button) is False
