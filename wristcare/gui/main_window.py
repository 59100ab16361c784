"""The main window: navigation between the views, and nothing else."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from wristcare import __version__
from wristcare.clinic.acupoints import list_points
from wristcare.clinic.clinic_settings import (
    ClinicSettingsDetails,
    get_clinic_settings,
    update_clinic_settings,
)
from wristcare.clinic.context import ClinicContext
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.library.view import LibraryView
from wristcare.gui.patients.page import PatientsPage
from wristcare.gui.plans.homecare_library_view import HomeCareLibraryView
from wristcare.gui.plans.opener import PlanOpener
from wristcare.gui.plans.overview_view import PlansOverview
from wristcare.gui.practitioners import startup
from wristcare.gui.practitioners.manage import PractitionersDialog
from wristcare.gui.sessions.sessions_view import SessionsView
from wristcare.gui.settings_dialog import SettingsDialog
from wristcare.gui.tasks import run_in_background, wait_for_running


class MainWindow(QMainWindow):
    def __init__(
        self, database: Database, settings: Settings, context: ClinicContext | None
    ) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(f"WristCare {__version__}")
        # Never bigger than the screen: a 1280x720 laptop must see the whole window.
        available = self.screen().availableGeometry()
        self.resize(min(1360, available.width()), min(840, available.height()))

        self.settings = settings
        self.context = context
        self.patients = PatientsPage(
            database, context=context, page_size=settings.patients_page_size
        )
        self.sessions = SessionsView(database, context)
        self.patients.record.sessions.open_requested.connect(self.sessions.notes.open)
        self.patients.record.sessions.new_requested.connect(self.sessions.notes.new)
        self.sessions.notes.changed.connect(self.patients.record.sessions.notes_changed)
        self.plan_windows = PlanOpener(database, context, self)
        record = self.patients.record
        record.plans.open_requested.connect(self.plan_windows.open)
        record.plans.new_requested.connect(self.plan_windows.new)
        record.plans.copy_requested.connect(self.plan_windows.copy)
        self.plan_windows.changed.connect(record.plans.plans_changed)
        self.plan_windows.changed.connect(record.sessions.notes_changed)
        # The patient list shows the current plan's next review.
        self.plan_windows.changed.connect(lambda _patient: self.patients.list.refresh())
        self.plan_windows.session_started.connect(self.sessions.notes.open)
        self.sessions.notes.plan_requested.connect(self.plan_windows.open_for_patient)
        self.plans = PlansOverview(database, context)
        self.plans.open_requested.connect(self.plan_windows.open)
        self.plan_windows.changed.connect(self.plans.plans_changed)
        self.library = LibraryView(database)
        self.homecare = HomeCareLibraryView(database, context)
        self.library.add_homecare(self.homecare)

        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Sections")
        self.navigation.setFixedWidth(124)
        self.stack = QStackedWidget()
        for number, (label, view) in enumerate(
            (
                ("Patients", self.patients),
                ("Sessions", self.sessions),
                ("Plans", self.plans),
                ("Library", self.library),
            ),
            start=1,
        ):
            self.navigation.addItem(label)
            self.stack.addWidget(view)
            QShortcut(
                QKeySequence(f"Ctrl+{number}"),
                self,
                activated=lambda row=number - 1: self.navigation.setCurrentRow(row),
            )
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        menu = self.menuBar().addMenu("&File")
        menu.addAction("&Settings…", QKeySequence("Ctrl+,"), self.edit_settings)
        menu.addAction(
            "S&witch practitioner…", QKeySequence("Ctrl+Shift+W"), self.switch_practitioner
        )
        menu.addAction("&Practitioners…", self.manage_practitioners)
        menu.addSeparator()
        menu.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        where = database.path or database.url.render_as_string(hide_password=True)
        self.statusBar().showMessage(f"Database: {where}")
        # Who is writing, always in view; one click to switch.
        self.practitioner_button = QPushButton()
        self.practitioner_button.setObjectName("currentPractitioner")
        self.practitioner_button.setFlat(True)
        self.practitioner_button.clicked.connect(self.switch_practitioner)
        self.statusBar().addPermanentWidget(self.practitioner_button)
        self.set_context(context)

    def load(self) -> None:
        """Fill the views once the window is up; the point library loads in the background."""
        self.patients.load()
        run_in_background(
            lambda: list_points(self.database),
            self.library.set_points,
            lambda error: crash.show_error(self, error),
            owner=self.library,
        )
        self.patients.list.focus_search()

    def set_context(self, context: ClinicContext | None) -> None:
        """Work as this practitioner (None: nobody set up, nothing can be saved)."""
        self.context = context
        self.patients.record.use_context(context)
        self.sessions.use_context(context)
        self.library.rules.use_context(context)
        self.plan_windows.use_context(context)
        self.plans.use_context(context)
        self.homecare.use_context(context)
        if context is None:
            text = "No practitioner set up: nothing can be saved. Set up…"
            self.setWindowTitle(f"WristCare {__version__}")
        else:
            text = f"Practitioner: {context.actor.name} (switch…)"
            self.setWindowTitle(f"WristCare {__version__} — {context.actor.name}")
        self.practitioner_button.setText(text)
        self.practitioner_button.setAccessibleName(text)
        self.practitioner_button.setProperty("role", "error" if context is None else "")
        self.practitioner_button.style().unpolish(self.practitioner_button)
        self.practitioner_button.style().polish(self.practitioner_button)

    def switch_practitioner(self) -> None:
        # Unsaved edits first: they must not be saved under the next practitioner's name.
        if (
            not self.patients.confirm_leave()
            or not self.sessions.notes.close_all()
            or not self.plan_windows.close_all()
        ):
            return
        try:
            context = startup.switch(self.database, self.settings, self.context, self)
        except WristCareError as error:
            crash.show_error(self, error)
            return
        if context is not None:
            self.set_context(context)

    def manage_practitioners(self) -> None:
        if self.context is None:
            self.switch_practitioner()
            return
        PractitionersDialog(self.database, self.context, self).exec()
        self.set_context(startup.context_again(self.database, self.context))

    def _save_clinic(self, details: ClinicSettingsDetails, version: int) -> None:
        assert self.context is not None
        update_clinic_settings(self.database, self.context, details, expected_version=version)

    def edit_settings(self) -> None:
        try:
            clinic = get_clinic_settings(self.database)
        except WristCareError as error:
            crash.show_error(self, error)
            return
        save = self._save_clinic if self.context is not None else None
        dialog = SettingsDialog(self.settings, clinic, save, self)
        if not dialog.exec():
            return
        self.apply_settings(dialog.settings())
        # The clinic's zone may have changed: dates from now on follow it.
        self.set_context(startup.context_again(self.database, self.context))

    def apply_settings(self, settings: Settings) -> None:
        """Save the settings and use them from now on."""
        try:
            settings.save()
        except OSError as error:
            crash.show_error(
                self, WristCareError(f"The settings could not be saved: {error.strerror}")
            )
            return
        self.settings = settings

    def show_view(self, name: str) -> None:
        labels = [self.navigation.item(i).text() for i in range(self.navigation.count())]
        self.navigation.setCurrentRow(labels.index(name))

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            self.patients.confirm_leave()
            and self.sessions.notes.close_all()
            and self.plan_windows.close_all()
        ):
            # A search or load still running must end before the database is closed.
            wait_for_running()
            event.accept()
        else:
            event.ignore()


__all__ = ["MainWindow"]
