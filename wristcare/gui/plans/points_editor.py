"""The planned point protocol: points picked as in the session note (code, pinyin or
characters, with completion), each with its side, electro pairing and a note."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.acupoints import PointInfo
from wristcare.clinic.plans import PlanPointDetails
from wristcare.clinic.sessions.labels import SIDES
from wristcare.db.vocab import Side
from wristcare.gui.plans.rows import EditorRow, RowList
from wristcare.gui.widgets.fields import Choice, enum_or_none, line_box, named
from wristcare.gui.widgets.point_entry import PointEntry

NO_PAIR = -1


class PlanPointRow(EditorRow):
    def __init__(self, number: int, point: PlanPointDetails, shown: str) -> None:
        super().__init__(number)
        what = f"Point {number} ({point.point})"
        self.point = point.point
        self.label = QLabel(f"<b>{number}.</b> {shown}")
        self.label.setAccessibleName(what)
        self.label.setMinimumWidth(200)
        self.side = self.field("side", "Side", Choice(SIDES, f"{what} side", required=True))
        self.pair = self.field("electro_pair", "Electro", Choice({}, f"{what} electro pair"))
        self.note = self.field("note", "Note", named(line_box(), f"{what} note"))
        self.note.setPlaceholderText("Note: depth, technique, moxa…")
        self.wanted_pair = point.electro_pair
        line = QHBoxLayout()
        line.addWidget(self.label)
        line.addWidget(self.side)
        line.addWidget(QLabel("electro with"))
        line.addWidget(self.pair)
        line.addWidget(self.note, 1)
        line.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addLayout(line)
        layout.addWidget(self.error)
        self.side.set_choice(point.side or Side.RIGHT)
        self.note.setText(point.note)

    def set_pair_choices(self, labels: list[str], index: int) -> None:
        """The other points it may be paired with (never itself)."""
        self.pair.blockSignals(True)
        self.pair.clear()
        self.pair.addItem("–", NO_PAIR)
        for other, label in enumerate(labels):
            if other != index:
                self.pair.addItem(label, other)
        wanted = self.wanted_pair if self.wanted_pair is not None else NO_PAIR
        self.pair.set_choice(wanted)
        self.pair.blockSignals(False)

    def details(self) -> PlanPointDetails:
        pair = self.pair.choice()
        return PlanPointDetails(
            point=self.point,
            side=enum_or_none(Side, self.side.choice()),
            electro_pair=None if pair in (None, NO_PAIR) else pair,
            note=self.note.text(),
        )


class PlanPointsEditor(QWidget):
    """The rows and the box to add a point to them."""

    changed = Signal()

    def __init__(self, resolve: Callable[[str], PointInfo]) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self.list = RowList("points", self._row, None, "", "No points planned yet.")
        self.list.after_removal = self._after_removal
        self.entry = PointEntry(resolve)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.entry)
        layout.addWidget(self.entry.problem)
        self.entry.chosen.connect(self.add_point)
        self.list.changed.connect(self.changed)
        self.list.rows_changed.connect(self._pairs)

    def _row(self, number: int, point: PlanPointDetails) -> PlanPointRow:
        row = PlanPointRow(number, point, self._shown(point.point))
        row.pair.currentIndexChanged.connect(lambda _=0, r=row: self._paired(r))
        return row

    def _shown(self, code: str) -> str:
        return f"{code} {self.names.get(code, '')}".strip()

    def set_library(self, points: list[PointInfo]) -> None:
        """What the completer offers ("PC7  Daling 大陵"); rows show the names too."""
        self.entry.set_library(points)
        self.names = {p.code: f"{p.pinyin} {p.hanzi_traditional}".strip() for p in points}
        for row in self.list.rows:
            assert isinstance(row, PlanPointRow)
            row.label.setText(f"<b>{row.number}.</b> {self._shown(row.point)}")

    def add_point(self, code: str) -> None:
        """Add the library point ``code``, on the side of the point above it."""
        side = self.list.rows[-1].details().side if self.list.rows else Side.RIGHT
        self.list.add(PlanPointDetails(point=code, side=side))

    def _labels(self) -> list[str]:
        return [
            f"{n} {row.details().point} {SIDES.get(row.details().side, '')[:1]}"
            for n, row in enumerate(self.list.rows, start=1)
        ]

    def _pairs(self) -> None:
        labels = self._labels()
        for index, row in enumerate(self.list.rows):
            assert isinstance(row, PlanPointRow)
            row.set_pair_choices(labels, index)

    def _paired(self, row: PlanPointRow) -> None:
        """Pairing is both ways: choosing B for A pairs B with A and frees their old ends."""
        rows = self.list.rows
        me = rows.index(row)
        chosen = row.pair.choice()
        new = None if chosen in (None, NO_PAIR) else chosen
        for index, other in enumerate(rows):
            assert isinstance(other, PlanPointRow)
            if other.wanted_pair == me and index != new:
                other.wanted_pair = None
        if new is not None:
            partner = rows[new]
            assert isinstance(partner, PlanPointRow)
            if partner.wanted_pair not in (None, me):
                rows[partner.wanted_pair].wanted_pair = None  # type: ignore[attr-defined]  # a list row is a PlanPointRow; the list types rows as its base
            partner.wanted_pair = me
        row.wanted_pair = new
        self._pairs()

    @staticmethod
    def _after_removal(kept: list[PlanPointDetails], removed: int) -> list[PlanPointDetails]:
        """Pairs with the removed point end; later points move up one."""
        for point in kept:
            if point.electro_pair == removed:
                point.electro_pair = None
            elif point.electro_pair is not None and point.electro_pair > removed:
                point.electro_pair -= 1
        return kept

    def load(self, points: list[PlanPointDetails]) -> None:
        self.list.load(points)
        self._pairs()

    def points(self) -> list[PlanPointDetails]:
        return self.list.values()

    def inputs(self) -> list[QWidget]:
        return [*self.list.inputs(), self.entry]

    def set_locked(self, locked: bool) -> None:
        self.list.set_locked(locked)
        self.entry.setVisible(not locked)
