"""Dialogs that record outcome scores: a BCTQ sitting, a hand symptom map, an external
QuickDASH score, and the reason a score was entered in error.

Each saves off the GUI thread (gui/tasks) and closes only once the score is stored; a
refusal (a date in the future, too few items answered) is shown in the dialog and
nothing is saved. ``saved`` carries what was stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.labels import MEASURE_SIDES
from wristcare.clinic.outcome_store.records import (
    mark_entered_in_error,
    parse_quickdash,
    record_bctq,
    record_external_quickdash,
    record_hand_map,
)
from wristcare.clinic.outcomes.settings import OutcomeSettings
from wristcare.db.engine import Database
from wristcare.db.vocab import MeasureSide
from wristcare.gui import dialogs, ops
from wristcare.gui.outcomes.bctq_form import BctqForm
from wristcare.gui.outcomes.hand_map import HandMapEditor
from wristcare.gui.tasks import Task
from wristcare.gui.widgets.fields import FieldForm, line_box, text_box

# A hand as clinic.labels names it.
BCTQ_SIDE_CHOICES = (
    (MeasureSide.NONE, "Not for one hand"),
    *((side, MEASURE_SIDES[side].capitalize()) for side in (MeasureSide.RIGHT, MeasureSide.LEFT)),
)


@dataclass(frozen=True)
class EntryTarget:
    """Whose score, in whose name, and where it belongs: a session (its date) or its
    own date."""

    database: Database
    ctx: ClinicContext
    patient_id: int
    session_id: int | None = None
    session_date: date | None = None


def format_day(day: date) -> str:
    """A date as the dialogs write it, e.g. "3 Jun 2025"."""
    return f"{day.day} {day:%b %Y}"


def date_box(target: EntryTarget) -> QDateEdit:
    """The date taken: today by default, never after today; fixed to the session's date
    when the score belongs to a session."""
    box = QDateEdit()
    box.setCalendarPopup(True)
    box.setDisplayFormat("d MMM yyyy")
    box.setMaximumDate(QDate(target.ctx.today()))
    box.setDate(QDate(target.session_date or target.ctx.today()))
    box.setEnabled(target.session_id is None)
    return box


def fit_screen(dialog: QDialog, width: int, height: int) -> None:
    """Size a large dialog to ``width`` x ``height``, or the screen's free space if less
    (the questionnaire is made to fit 1366 x 768 without clipping)."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width()), min(height, free.height())
    dialog.resize(width, height)


class SavingDialog(QDialog):
    """A dialog whose Save runs a use case in the background and closes when it is done.

    Subclasses give ``prepare()``: the work to run, or raise ``ValidationError`` for what
    they can tell before asking the database."""

    saved = Signal(object)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.task: Task | None = None
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems")
        self.problems.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setAccessibleName("Save")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self, body: QWidget | QVBoxLayout) -> None:
        """The body, then the problems, then the buttons."""
        layout = QVBoxLayout(self)
        if isinstance(body, QWidget):
            layout.addWidget(body, 1)
        else:
            layout.addLayout(body, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)

    def prepare(self) -> Callable[[], Any] | None:
        raise NotImplementedError

    def save(self) -> None:
        """Store the entry in the background; the dialog closes once it is stored."""
        if self.task is not None and self.task.pending:
            return
        try:
            work = self.prepare()
        except ValidationError as error:
            self.show_problems(error.fields)
            return
        if work is None:
            return
        self.show_problems({})
        self.save_button.setEnabled(False)
        self.save_button.setText("Saving…")
        self.task = ops.write(
            self, work, self._stored, form=self.show_problems, failed=self._failed
        )

    def _stored(self, result: object) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, _error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.save_button.setText("Save")

    def show_problems(self, fields: dict[str, str]) -> None:
        """Show what stops the save (nothing: hide the message)."""
        self.problems.setText("\n".join(fields.values()))
        self.problems.setVisible(bool(fields))


class BctqDialog(SavingDialog):
    """Enter one BCTQ sitting with the clinic's wording and minimum."""

    def __init__(
        self, target: EntryTarget, settings: OutcomeSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__("Boston Carpal Tunnel Questionnaire", parent)
        self.setObjectName("bctqDialog")
        self.target = target
        self.form = BctqForm(target.ctx.today, settings.bctq_wording, settings.bctq_minimum)
        if target.session_date is not None:
            self.form.date_taken.setDate(QDate(target.session_date))
            self.form.date_taken.setEnabled(False)
        self.side = QComboBox()
        self.side.setObjectName("bctqSide")
        self.side.setAccessibleName("Answered for")
        for side, label in BCTQ_SIDE_CHOICES:
            self.side.addItem(label, str(side))
        side_label = QLabel("Answered &for")
        side_label.setBuddy(self.side)
        top = QHBoxLayout()
        where = "this session" if target.session_id is not None else "its own date"
        top.addWidget(QLabel(f"Recorded with {where}."))
        top.addStretch(1)
        top.addWidget(side_label)
        top.addWidget(self.side)
        body = QVBoxLayout()
        body.addLayout(top)
        body.addWidget(self.form, 1)
        self.finish_layout(body)
        QWidget.setTabOrder(self.side, self.form.date_taken)
        fit_screen(self, 1366, 760)

    def prepare(self) -> Callable[[], Any]:
        sitting = self.form.sitting()
        target, side = self.target, MeasureSide(self.side.currentData())
        return lambda: record_bctq(
            target.database,
            target.ctx,
            target.patient_id,
            sitting,
            session_id=target.session_id,
            side=side,
        )


class HandMapDialog(SavingDialog):
    """Mark a hand symptom map; each hand's Katz rating is stored with it."""

    def __init__(self, target: EntryTarget, parent: QWidget | None = None) -> None:
        super().__init__("Hand symptom map", parent)
        self.setObjectName("handMapDialog")
        self.target = target
        self.date_taken = date_box(target)
        self.date_taken.setObjectName("dateTaken")
        self.date_taken.setAccessibleName("Date taken")
        date_label = QLabel("&Date taken")
        date_label.setBuddy(self.date_taken)
        self.editor = HandMapEditor()
        top = QHBoxLayout()
        top.addWidget(date_label)
        top.addWidget(self.date_taken)
        top.addStretch(1)
        body = QVBoxLayout()
        body.addLayout(top)
        body.addWidget(self.editor, 1)
        self.finish_layout(body)
        fit_screen(self, 1240, 640)

    def prepare(self) -> Callable[[], Any] | None:
        hand_map = self.editor.hand_map()
        if not hand_map.marks and not dialogs.confirm(
            self,
            "Hand symptom map",
            "No symptom is marked on either hand. Save the map as clear on both hands?",
            "Save as clear",
        ):
            return None
        taken_on: date = self.date_taken.date().toPython()  # type: ignore[assignment]  # PySide6 stubs type QDate.toPython() as object
        target = self.target
        return lambda: record_hand_map(
            target.database,
            target.ctx,
            target.patient_id,
            hand_map,
            taken_on,
            session_id=target.session_id,
        )


class QuickDashDialog(SavingDialog):
    """Record a QuickDASH score obtained elsewhere: the number and where it came from."""

    def __init__(self, target: EntryTarget, parent: QWidget | None = None) -> None:
        super().__init__("External QuickDASH score", parent)
        self.setObjectName("quickDashDialog")
        self.target = target
        note = QLabel(
            "WristCare does not hold the QuickDASH questionnaire (it needs a licence). "
            "Record a score taken elsewhere, 0-100, and where it came from."
        )
        note.setWordWrap(True)
        self.fields = FieldForm()
        self.score = self.fields.add("score", "&Score (0-100)", line_box(10))
        self.source = self.fields.add("source", "S&ource", line_box())
        self.source.setPlaceholderText("e.g. hand therapy clinic letter, 2 June")
        self.date_taken = self.fields.add("taken_on", "&Date taken", date_box(target))
        body = QVBoxLayout()
        body.addWidget(note)
        body.addWidget(self.fields)
        self.finish_layout(body)
        self.resize(520, self.sizeHint().height())

    def show_problems(self, fields: dict[str, str]) -> None:
        known = {k: v for k, v in fields.items() if k in self.fields.fields}
        self.fields.show_errors(known)
        super().show_problems({k: v for k, v in fields.items() if k not in known})

    def prepare(self) -> Callable[[], Any]:
        score = parse_quickdash(self.score.text())
        source = self.source.text()
        taken_on: date = self.date_taken.date().toPython()  # type: ignore[assignment]  # PySide6 stubs type QDate.toPython() as object
        target = self.target
        return lambda: record_external_quickdash(
            target.database,
            target.ctx,
            target.patient_id,
            score,
            source,
            taken_on,
            session_id=target.session_id,
        )


class EnteredInErrorDialog(SavingDialog):
    """Ask why a score was entered in error, then mark it (kept, never deleted)."""

    def __init__(
        self,
        database: Database,
        ctx: ClinicContext,
        measure_id: int,
        description: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Mark entered in error", parent)
        self.setObjectName("enteredInErrorDialog")
        self.save_button.setText("Mark in error")
        self.save_button.setAccessibleName("Mark in error")
        self._args = (database, ctx, measure_id)
        what = QLabel(
            f"{description}\n\nThe score stays in the record, marked with your reason; "
            "charts and reports leave it out."
        )
        what.setWordWrap(True)
        what.setObjectName("scoreDescription")
        self.fields = FieldForm()
        self.reason = self.fields.add("reason", "&Reason", text_box(3))
        self.reason.limit = 500
        body = QVBoxLayout()
        body.addWidget(what)
        body.addWidget(self.fields)
        self.finish_layout(body)
        self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(520, self.sizeHint().height())

    def _failed(self, error: BaseException) -> None:
        super()._failed(error)
        self.save_button.setText("Mark in error")

    def show_problems(self, fields: dict[str, str]) -> None:
        known = {k: v for k, v in fields.items() if k in self.fields.fields}
        self.fields.show_errors(known)
        super().show_problems({k: v for k, v in fields.items() if k not in known})

    def prepare(self) -> Callable[[], Any]:
        database, ctx, measure_id = self._args
        reason = self.reason.toPlainText()
        return lambda: mark_entered_in_error(database, ctx, measure_id, reason)
