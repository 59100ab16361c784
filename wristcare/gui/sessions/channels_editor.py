"""Electroacupuncture: channels joining two needled points, with waveform, frequency,
intensity (or "to tolerance") and minutes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.sessions import ChannelDetails
from wristcare.clinic.sessions.labels import WAVEFORMS
from wristcare.db.vocab import ElectroWaveform
from wristcare.gui.widgets.fields import (
    Choice,
    NumberBox,
    TenthsBox,
    button,
    lock,
    named,
    on_change,
)

HEADINGS = ("Channel", "From point", "To point", "Waveform", "Hz", "High Hz", "Intensity",
            "", "Minutes", "")  # fmt: skip


class ChannelRow:
    def __init__(self, details: ChannelDetails, labels: list[str]) -> None:
        what = f"Channel {details.channel}"
        self.channel = details.channel
        self.label = QLabel(what)
        self.point_a = Choice({}, f"{what} from point", required=True)
        self.point_b = Choice({}, f"{what} to point", required=True)
        self.waveform = Choice(WAVEFORMS, f"{what} waveform", required=True)
        self.low = NumberBox(1, 200, " Hz", f"{what} frequency")
        self.high = NumberBox(1, 200, " Hz", f"{what} high frequency")
        self.intensity = TenthsBox(50.0, " mA", f"{what} intensity")
        self.tolerance = QCheckBox("to tolerance")
        self.tolerance.setAccessibleName("to tolerance")
        self.minutes = NumberBox(1, 180, " min", f"{what} minutes")
        self.remove = button("Remove")
        self.remove.setAccessibleDescription(f"Remove channel {details.channel}")
        self.set_points(labels, details.point_a, details.point_b)
        self.waveform.set_choice(details.waveform)
        self.low.set_number(details.frequency_low_hz)
        self.high.set_number(details.frequency_high_hz)
        self.intensity.set_tenths(details.intensity_tenths_ma)
        self.tolerance.setChecked(details.to_tolerance)
        self.minutes.set_number(details.minutes)

    def set_points(self, labels: list[str], point_a: int, point_b: int) -> None:
        """The needled points to choose from; an end whose point is gone shows blank."""
        for choice, value in ((self.point_a, point_a), (self.point_b, point_b)):
            choice.blockSignals(True)
            choice.clear()
            choice.addItem("–", -1)
            for index, label in enumerate(labels):
                choice.addItem(label, index)
            choice.set_choice(value if 0 <= value < len(labels) else -1)
            choice.blockSignals(False)

    def inputs(self) -> list[QWidget]:
        return [self.point_a, self.point_b, self.waveform, self.low, self.high, self.intensity,
                self.tolerance, self.minutes]  # fmt: skip

    def widgets(self) -> list[QWidget]:
        return [self.label, *self.inputs(), self.remove]

    def details(self) -> ChannelDetails:
        return ChannelDetails(
            channel=self.channel,
            point_a=self.point_a.choice(),
            point_b=self.point_b.choice(),
            waveform=ElectroWaveform(self.waveform.choice()),
            frequency_low_hz=self.low.number() or 0,
            frequency_high_hz=self.high.number(),
            intensity_tenths_ma=self.intensity.tenths(),
            to_tolerance=self.tolerance.isChecked(),
            minutes=self.minutes.number() or 0,
        )


class ChannelsEditor(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ChannelRow] = []
        self.labels: list[str] = []
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.headings = [QLabel(f"<i>{heading}</i>") for heading in HEADINGS]
        for column, heading in enumerate(self.headings):
            self.grid.addWidget(heading, 0, column)
        self.none = QLabel("None")
        self.grid.setColumnStretch(len(HEADINGS), 1)
        self.add_button = button("Add electro c&hannel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.grid)
        layout.addWidget(self.none)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._show_headings()
        self.add_button.clicked.connect(self.add_next)
        named(self, "Electroacupuncture")

    def add_next(self) -> None:
        """A new channel joins the next two points not yet joined, at 2 Hz for 20 min."""
        used = {end for row in self.rows for end in (row.point_a.choice(), row.point_b.choice())}
        free = [i for i in range(len(self.labels)) if i not in used] or list(
            range(len(self.labels))
        )
        point_a, point_b = (free + [-1, -1])[:2]
        number = max((row.channel for row in self.rows), default=0) + 1
        self.add(ChannelDetails(channel=number, point_a=point_a, point_b=point_b))
        self.rows[-1].point_a.setFocus()

    def add(self, details: ChannelDetails) -> None:
        row = ChannelRow(details, self.labels)
        at = len(self.rows) + 1
        for column, widget in enumerate(row.widgets()):
            self.grid.addWidget(widget, at, column)
        for widget in row.inputs():
            on_change(widget, self.changed.emit)
        row.remove.clicked.connect(lambda _=False, r=row: self.remove(r))
        self.rows.append(row)
        self._show_headings()
        self.changed.emit()

    def remove(self, row: ChannelRow) -> None:
        kept = [r.details() for r in self.rows if r is not row]
        self.load(kept)
        self.changed.emit()

    def load(self, channels: list[ChannelDetails]) -> None:
        for row in self.rows:
            for widget in row.widgets():
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = []
        for details in channels:
            self.add(details)
        self._show_headings()

    def _show_headings(self) -> None:
        """Column headings over rows only; "None" when a locked note has no channel."""
        for heading in self.headings:
            heading.setVisible(bool(self.rows))
        self.none.setVisible(not self.rows and self.add_button.isHidden())

    def channels(self) -> list[ChannelDetails]:
        return [row.details() for row in self.rows]

    def set_point_labels(self, labels: list[str], removed: int | None = None) -> None:
        """The points changed; after point ``removed`` went, later ends move up one."""
        self.labels = labels
        for row in self.rows:
            ends = []
            for choice in (row.point_a, row.point_b):
                value = choice.choice()
                if removed is not None and value == removed:
                    value = -1
                elif removed is not None and value > removed:
                    value -= 1
                ends.append(value)
            row.set_points(labels, ends[0], ends[1])

    def inputs(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.inputs()] + [self.add_button]

    def set_locked(self, locked: bool) -> None:
        for row in self.rows:
            for widget in row.inputs():
                lock(widget, locked)
            row.remove.setVisible(not locked)
        self.add_button.setVisible(not locked)
        self._show_headings()
