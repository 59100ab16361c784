"""The points needled: type a code, alias, pinyin or characters (with completion) and press
Enter; each point is a row of STRICTA parameters; a non-library site is typed as free text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.acupoints import PointInfo
from wristcare.clinic.sessions import PointDetails
from wristcare.clinic.sessions.labels import ANGLES, SIDES
from wristcare.db.vocab import NeedleAngle, Side
from wristcare.gui.widgets.fields import (
    Choice,
    NumberBox,
    TenthsBox,
    button,
    enum_or_none,
    lock,
    named,
    on_change,
)
from wristcare.gui.widgets.point_entry import PointEntry

GAUGES = {16: "0.16 mm", 18: "0.18 mm", 20: "0.20 mm", 22: "0.22 mm", 25: "0.25 mm",
          30: "0.30 mm", 35: "0.35 mm"}  # fmt: skip
LENGTHS = {13: "13 mm", 15: "15 mm", 25: "25 mm", 30: "30 mm", 40: "40 mm", 50: "50 mm",
           75: "75 mm"}  # fmt: skip
DE_QI = {True: "Yes", False: "No"}
HEADINGS = ("Point", "Side", "Needles", "Gauge", "Length", "Depth", "Angle", "Technique",
            "De qi", "Retention", "")  # fmt: skip


def _set_adding(choice: Choice, value: int | None, label: str) -> None:
    """Choose a value, adding it to the list first if it is not one of the usual ones."""
    if value is not None and choice.findData(value) < 0:
        choice.addItem(label, value)
    choice.set_choice(value)


class PointRow:
    """The widgets of one needled point."""

    def __init__(self, number: int, details: PointDetails, shown: str) -> None:
        self.point, self.site = details.point, details.site
        what = f"Point {number} ({details.point or details.site})"
        self.label = QLabel(shown)
        self.label.setAccessibleName(what)
        self.side = Choice(SIDES, f"{what} side", required=True)
        self.needles = named(QSpinBox(), f"{what} needles")
        assert isinstance(self.needles, QSpinBox)
        self.needles.setRange(1, 20)
        self.gauge = Choice(GAUGES, f"{what} gauge")
        self.length = Choice(LENGTHS, f"{what} length")
        self.depth = TenthsBox(150.0, " mm", f"{what} depth")
        self.angle = Choice(ANGLES, f"{what} angle")
        self.technique = named(QLineEdit(), f"{what} technique")
        assert isinstance(self.technique, QLineEdit)
        self.technique.setPlaceholderText("even, tonify, reduce…")
        self.technique.setMinimumWidth(160)
        self.de_qi = Choice(DE_QI, f"{what} de qi")
        self.retention = NumberBox(0, 180, " min", f"{what} retention")
        self.remove = button("Remove")
        self.remove.setAccessibleDescription(f"Remove point {number}")
        self.note = details.note
        self.set(details)

    def set(self, details: PointDetails) -> None:
        self.side.set_choice(details.side or Side.RIGHT)
        self.needles.setValue(details.needles)
        gauge = details.gauge_hundredths_mm
        _set_adding(self.gauge, gauge, f"0.{gauge:02d} mm" if gauge else "")
        _set_adding(self.length, details.length_mm, f"{details.length_mm} mm")
        self.depth.set_tenths(details.depth_tenths_mm)
        self.angle.set_choice(details.angle)
        self.technique.setText(details.technique)
        self.de_qi.set_choice(details.de_qi)
        self.retention.set_number(details.retention_minutes)

    def inputs(self) -> list[QWidget]:
        return [self.side, self.needles, self.gauge, self.length, self.depth, self.angle,
                self.technique, self.de_qi, self.retention]  # fmt: skip

    def widgets(self) -> list[QWidget]:
        return [self.label, *self.inputs(), self.remove]

    def details(self) -> PointDetails:
        return PointDetails(
            point=self.point,
            site=self.site,
            side=enum_or_none(Side, self.side.choice()),
            needles=self.needles.value(),
            gauge_hundredths_mm=self.gauge.choice(),
            length_mm=self.length.choice(),
            depth_tenths_mm=self.depth.tenths(),
            angle=enum_or_none(NeedleAngle, self.angle.choice()),
            technique=self.technique.text(),
            de_qi=self.de_qi.choice(),
            retention_minutes=self.retention.number(),
            note=self.note,
        )


class PointsEditor(QWidget):
    """The point list. ``changed``: any edit; ``points_changed``: a point added or removed
    (the electro channels and the needle count follow those)."""

    changed = Signal()
    points_changed = Signal()
    point_removed = Signal(int)  # its row number, from 0

    def __init__(self, resolve: Callable[[str], PointInfo]) -> None:
        super().__init__()
        # The first point is needled on the side the note is about (set by the form).
        self.default_side: Callable[[], str | None] = lambda: None
        self.rows: list[PointRow] = []
        self.entry = PointEntry(resolve, hint=". Or press “Add as free site”.")
        self.site_button = button("Add as free site")
        self.site_button.setToolTip("For a site that is not a library point (an ashi point…)")
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        for column, heading in enumerate(HEADINGS):
            self.grid.addWidget(QLabel(f"<i>{heading}</i>"), 0, column)
        self.grid.setColumnStretch(len(HEADINGS), 1)
        self.pinyin: dict[str, str] = {}
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.site_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addLayout(entry_row)
        layout.addWidget(self.entry.problem)
        self.entry.chosen.connect(self.add_point)
        self.site_button.clicked.connect(self.add_site)

    def set_library(self, points: list[PointInfo]) -> None:
        """What the completer offers ("PC7  Daling 大陵"); rows show the pinyin too."""
        self.entry.set_library(points)
        self.pinyin = {p.code: p.pinyin for p in points}
        for row in self.rows:
            row.label.setText(self._shown(row.point, row.site))

    def _shown(self, point: str, site: str) -> str:
        if point:
            return f"{point} {self.pinyin.get(point, '')}".strip()
        return f"{site} (site)"

    def add_point(self, code: str) -> None:
        """Add the library point ``code`` below the others."""
        self.add(self._next_details(point=code))

    def add_site(self) -> None:
        site = self.entry.text().strip()
        if not site:
            self.show_problem("Type the site first (for example: ashi point, thenar eminence)")
            return
        self.add(self._next_details(site=site))
        self.entry.clear()

    def _next_details(self, *, point: str = "", site: str = "") -> PointDetails:
        """A new point takes the needle and parameters of the one above it."""
        if self.rows:
            before = self.rows[-1].details()
            before.point, before.site, before.technique, before.note = point, site, "", ""
            return before
        side = Side(self.default_side()) if self.default_side() else Side.RIGHT
        return PointDetails(point=point, site=site, side=side, gauge_hundredths_mm=25,
                            length_mm=40, retention_minutes=30)  # fmt: skip

    def show_problem(self, text: str) -> None:
        self.entry.show_problem(text)

    def add(self, details: PointDetails) -> None:
        self.show_problem("")
        row = PointRow(len(self.rows) + 1, details, self._shown(details.point, details.site))
        at = len(self.rows) + 1
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, at, column)
        for widget in row.inputs():
            on_change(widget, self.changed.emit)
        row.needles.valueChanged.connect(self.points_changed.emit)
        row.remove.clicked.connect(lambda _=False, r=row: self.remove(r))
        self.rows.append(row)
        self.points_changed.emit()
        self.changed.emit()

    def remove(self, row: PointRow) -> None:
        index = self.rows.index(row)
        kept = [r.details() for r in self.rows if r is not row]
        # Quiet while the rows are rebuilt: the channels must hear of one removal only.
        self.blockSignals(True)
        self._clear()
        for details in kept:
            self.add(details)
        self.blockSignals(False)
        self.point_removed.emit(index)
        self.points_changed.emit()
        self.changed.emit()

    def _clear(self) -> None:
        for row in self.rows:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []

    def load(self, points: list[PointDetails]) -> None:
        self._clear()
        for details in points:
            self.add(details)

    def points(self) -> list[PointDetails]:
        return [row.details() for row in self.rows]

    def labels(self) -> list[str]:
        """ "1 PC7 R" for each point, for the electro channel pick lists."""
        return [
            f"{n} {row.point or row.site} {SIDES.get(row.side.choice(), '')[:1]}"
            for n, row in enumerate(self.rows, start=1)
        ]

    def inputs(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.inputs()] + [self.entry]

    def set_locked(self, locked: bool) -> None:
        for row in self.rows:
            for widget in row.inputs():
                lock(widget, locked)
            row.remove.setVisible(not locked)
        self.entry.setVisible(not locked)
        self.site_button.setVisible(not locked)
