"""The "Outcome measures" button of a session note: a BCTQ, a hand symptom map or an
external QuickDASH score recorded with that session (and its date)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import SessionNote
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash, ops
from wristcare.gui.events import NOBODY
from wristcare.gui.outcomes.entry_dialogs import (
    BctqDialog,
    EntryTarget,
    HandMapDialog,
    QuickDashDialog,
    SavingDialog,
)


class SessionOutcomesButton(QToolButton):
    """A menu of the questionnaires and maps to record with the note's session.
    ``recorded`` after one is stored."""

    recorded = Signal(object)

    def __init__(
        self,
        database: Database,
        context: Callable[[], ClinicContext | None],
        note: Callable[[], SessionNote],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionOutcomes")
        self.setText("Outcome measures")
        self.setAccessibleName("Outcome measures")
        self.setToolTip("Record a BCTQ, a hand symptom map or an external QuickDASH score "
                        "with this session")  # fmt: skip
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._database = database
        self._context = context
        self._note = note
        self.dialog: SavingDialog | None = None
        menu = QMenu(self)
        menu.addAction("BCTQ questionnaire…", self.enter_bctq)
        menu.addAction("Hand symptom map…", self.enter_hand_map)
        menu.addAction("External QuickDASH score…", self.enter_quickdash)
        self.setMenu(menu)

    def _target(self) -> EntryTarget | None:
        ctx = self._context()
        if ctx is None:
            crash.show_error(self, WristCareError(NOBODY))
            return None
        note = self._note()
        return EntryTarget(self._database, ctx, note.patient_id, note.id, note.local_date)

    def _open(self, dialog: SavingDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self.recorded)
        dialog.open()

    def enter_bctq(self) -> None:
        """Open the BCTQ for this session (the clinic's wording and minimum)."""
        target = self._target()
        if target is None:
            return
        settings = ops.call(self, lambda: get_clinic_settings(self._database).outcomes)
        if settings is ops.FAILED:
            return
        self._open(BctqDialog(target, settings, self.window()))

    def enter_hand_map(self) -> None:
        """Open the hand symptom map for this session."""
        target = self._target()
        if target is not None:
            self._open(HandMapDialog(target, self.window()))

    def enter_quickdash(self) -> None:
        """Record an external QuickDASH score with this session."""
        target = self._target()
        if target is not None:
            self._open(QuickDashDialog(target, self.window()))
