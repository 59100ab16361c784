"""The app's events: who is working, and what changed, told to every view that cares.

One object per main window (the Anki pattern of ``operation_did_execute``): a write says
what it changed (``ops.write(..., changes=...)``) and the views that show it subscribe, so
no window reaches into another's children, and nobody passes the practitioner down by hand.
It also carries the requests that cross views (open this note, this patient's plan), so the
panel that asks does not need to know which window answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from wristcare.clinic.context import ClinicContext
from wristcare.errors import WristCareError

NOBODY = (
    "Nobody is set up as the practitioner using WristCare, so nothing can be saved yet. "
    "Set yourself up with the practitioner button in the status bar "
    "(File → Switch practitioner)."
)


@dataclass(frozen=True)
class Changes:
    """What a write changed; each id is the patient whose records changed."""

    patients: tuple[int, ...] = ()
    plans: tuple[int, ...] = ()
    sessions: tuple[int, ...] = ()


class AppEvents(QObject):
    """The current practitioner (``context``) and the app-wide change signals."""

    context_changed = Signal()
    # Each carries the id of the patient whose records changed: the lists show patients.
    patient_changed = Signal(int)
    plan_changed = Signal(int)
    session_changed = Signal(int)

    # Requests one view makes of another (the main window connects them once).
    open_session_requested = Signal(int)  # session id
    new_session_requested = Signal(int)  # patient id
    open_plan_requested = Signal(int)  # plan id
    new_plan_requested = Signal(int)  # patient id
    copy_plan_requested = Signal(int)  # plan id
    patient_plan_requested = Signal(int)  # patient id: show their current plan

    def __init__(self, context: ClinicContext | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # None until a practitioner is set up: then nothing can be saved, and
        # require_context says so.
        self.context = context

    def set_context(self, context: ClinicContext | None) -> None:
        """Work as this practitioner from now on (None: nobody set up)."""
        self.context = context
        self.context_changed.emit()

    def require_context(self, parent: QWidget | None = None) -> ClinicContext | None:
        """The practitioner, or None after saying that nobody is set up."""
        if self.context is None:
            from wristcare.gui import crash  # looked up when called: tests answer it

            crash.show_error(parent, WristCareError(NOBODY))
        return self.context

    def context_or_raise(self) -> ClinicContext:
        """The practitioner, for work that explains its errors (``ops``): raises the
        "nobody set up" error instead of showing it."""
        if self.context is None:
            raise WristCareError(NOBODY)
        return self.context

    def announce(self, changes: Changes) -> None:
        """Tell the views what a write changed."""
        for patient_id in changes.patients:
            self.patient_changed.emit(patient_id)
        for patient_id in changes.plans:
            self.plan_changed.emit(patient_id)
        for patient_id in changes.sessions:
            self.session_changed.emit(patient_id)


__all__ = ["NOBODY", "AppEvents", "Changes"]
