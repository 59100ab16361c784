"""When the session was: the date, start and end (clinic time), and the duration."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTimeEdit, QWidget

from wristcare.clinic.sessions import SessionDetails
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import named


class SessionTimes(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.tz = ZoneInfo("UTC")
        self.day = named(DateField(), "Date")
        assert isinstance(self.day, DateField)
        self.day.setMaximumWidth(100)
        self.start = named(QTimeEdit(), "Start")
        self.end = named(QTimeEdit(), "End")
        for edit in (self.start, self.end):
            assert isinstance(edit, QTimeEdit)
            edit.setDisplayFormat("HH:mm")
        self.duration = QLabel()
        self.duration.setAccessibleName("Duration")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for caption, widget in (("Date", self.day), ("Start", self.start), ("End", self.end)):
            label = QLabel(caption)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addWidget(self.duration)
        self.start.timeChanged.connect(self._show_duration)
        self.end.timeChanged.connect(self._show_duration)

    def inputs(self) -> list[QWidget]:
        return [self.day, self.start, self.end]

    def load(self, details: SessionDetails, tz: ZoneInfo) -> None:
        self.tz = tz
        start = (details.started_at or datetime.now(tz)).astimezone(tz)
        self.day.set_date(start.date())
        self.start.setTime(QTime(start.hour, start.minute))
        end = details.ended_at.astimezone(tz) if details.ended_at else start
        self.end.setTime(QTime(end.hour, end.minute))
        self._show_duration()

    def _moment(self, time: QTime) -> datetime | None:
        day = self.day.date()
        if day is None:
            return None
        return datetime(day.year, day.month, day.day, time.hour(), time.minute(), tzinfo=self.tz)

    def fill(self, details: SessionDetails) -> None:
        details.started_at = self._moment(self.start.time())
        details.ended_at = self._moment(self.end.time())

    def problems(self) -> dict[str, str]:
        problem = self.day.problem() or ("" if self.day.date() else "The date is required")
        return {"started_at": problem} if problem else {}

    def _show_duration(self) -> None:
        start, end = self.start.time(), self.end.time()
        minutes = start.secsTo(end) // 60
        self.duration.setText(f"{minutes} min" if minutes >= 0 else "ends before it starts")

    def duration_minutes(self) -> int:
        return self.start.time().secsTo(self.end.time()) // 60
