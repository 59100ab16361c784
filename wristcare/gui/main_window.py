"""The main window: navigation between the views, and nothing else."""

from __future__ import annotations

import getpass

from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from wristcare import __version__
from wristcare.clinic.acupoints import list_points
from wristcare.clinic.patients import RetentionPolicy
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.coming_soon import ComingSoonView
from wristcare.gui.library.view import LibraryView
from wristcare.gui.patients.page import PatientsPage
from wristcare.gui.settings_dialog import SettingsDialog
from wristcare.gui.tasks import run_in_background, wait_for_running

SESSIONS_TEXT = (
    "Session notes are the next part of WristCare to be built: what the patient reports, "
    "the examination, the points needled with their parameters, needle counts, adverse "
    "events and advice, signed and locked, with amendments that keep the original."
)
PLANS_TEXT = (
    "Treatment plans come after session notes: goals with measurable targets, the schedule, "
    "the point protocol and the home-care programme, printed as a take-home care plan."
)


def _actor(settings: Settings) -> str:
    # The audit trail names who made each change: the practitioner set in Settings,
    # else the computer account.
    return settings.practitioner_name or getpass.getuser()


def _policy(settings: Settings) -> RetentionPolicy:
    return RetentionPolicy(
        adult_years=settings.retention_years_adult,
        child_until_age=settings.retention_child_until_age,
    )


class MainWindow(QMainWindow):
    def __init__(self, database: Database, settings: Settings) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(f"WristCare {__version__}")
        # Never bigger than the screen: a 1280x720 laptop must see the whole window.
        available = self.screen().availableGeometry()
        self.resize(min(1360, available.width()), min(840, available.height()))

        self.settings = settings
        self.patients = PatientsPage(
            database,
            actor=_actor(settings),
            policy=_policy(settings),
            page_size=settings.patients_page_size,
        )
        self.sessions = ComingSoonView("Sessions", SESSIONS_TEXT)
        self.plans = ComingSoonView("Plans", PLANS_TEXT)
        self.library = LibraryView()

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
        menu.addSeparator()
        menu.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        where = database.path or database.url.render_as_string(hide_password=True)
        self.statusBar().showMessage(f"Database: {where}")

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

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if not dialog.exec():
            return
        self.apply_settings(dialog.settings())

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
        self.patients.record.use_settings(actor=_actor(settings), policy=_policy(settings))

    def show_view(self, name: str) -> None:
        labels = [self.navigation.item(i).text() for i in range(self.navigation.count())]
        self.navigation.setCurrentRow(labels.index(name))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.patients.confirm_leave():
            # A search or load still running must end before the database is closed.
            wait_for_running()
            event.accept()
        else:
            event.ignore()


__all__ = ["MainWindow"]
