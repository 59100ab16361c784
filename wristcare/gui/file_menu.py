"""What the File menu does: edit the settings (the machine's file and the clinic's), switch
who is using WristCare, manage the practitioners. The practitioner chosen, and the clinic
settings saved, reach the views through the app's events (``events.set_context``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from wristcare.clinic.clinic_settings import (
    ClinicSettingsDetails,
    get_clinic_settings,
    update_clinic_settings,
)
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash, ops
from wristcare.gui.events import AppEvents
from wristcare.gui.practitioners import choose_at_start as at_start
from wristcare.gui.practitioners.manage import PractitionersDialog
from wristcare.gui.settings_dialog import SettingsDialog


class FileMenu(QObject):
    """``leave()`` closes or saves what is being edited before the practitioner changes
    (False: the practitioner chose to stay)."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        events: AppEvents,
        window: QWidget,
        *,
        leave: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.database = database
        self.settings = settings
        self.events = events
        self.window = window
        self.leave = leave

    def switch_practitioner(self) -> None:
        # Unsaved edits first: they must not be saved under the next practitioner's name.
        if not self.leave():
            return
        context = ops.call(
            self.window,
            lambda: at_start.switch(self.database, self.settings, self.events.context, self.window),
        )
        if context is not ops.FAILED and context is not None:
            self.events.set_context(context)

    def manage_practitioners(self) -> None:
        if self.events.context is None:
            self.switch_practitioner()
            return
        PractitionersDialog(self.database, self.events.context, self.window).exec()
        self.events.set_context(at_start.context_again(self.database, self.events.context))

    def _save_clinic(self, details: ClinicSettingsDetails, version: int) -> None:
        context = self.events.context
        assert context is not None
        update_clinic_settings(self.database, context, details, expected_version=version)

    def edit_settings(self) -> None:
        clinic = ops.call(self.window, lambda: get_clinic_settings(self.database))
        if clinic is ops.FAILED:
            return
        save = self._save_clinic if self.events.context is not None else None
        dialog = SettingsDialog(self.settings, clinic, save, self.window)
        if not dialog.exec():
            return
        self.apply_settings(dialog.settings())
        # The clinic's zone may have changed: dates from now on follow it.
        self.events.set_context(at_start.context_again(self.database, self.events.context))

    def apply_settings(self, settings: Settings) -> None:
        """Save the settings and use them from now on."""
        try:
            settings.save()
        except OSError as error:
            crash.show_error(
                self.window, WristCareError(f"The settings could not be saved: {error.strerror}")
            )
            return
        self.settings = settings


__all__ = ["FileMenu"]
