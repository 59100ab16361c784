"""The main window: it puts the four views side by side with the navigation (each view
is built the first time it is shown), the File menu and the status bar, and closes
nothing with unsaved edits. It wires and does nothing else: the views listen to the
app's events (gui/events.py), the note and plan windows answer the requests made there,
and the File menu's work is gui/file_menu.py's."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

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
from wristcare.clinic.context import ClinicContext
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.gui.events import AppEvents
from wristcare.gui.file_menu import FileMenu
from wristcare.gui.library.view import LibraryView
from wristcare.gui.patients.page import PatientsPage
from wristcare.gui.plans.opener import PlanOpener
from wristcare.gui.plans.overview_view import PlansOverview
from wristcare.gui.sessions.opener import NoteOpener
from wristcare.gui.sessions.sessions_view import SessionsView
from wristcare.gui.tasks import wait_for_running

VIEWS = ("Patients", "Sessions", "Plans", "Library")


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

        self.events = AppEvents(context, self)
        self.notes = NoteOpener(database, self.events, self)
        self.plan_windows = PlanOpener(database, self.events, self)
        self.file_menu = FileMenu(database, settings, self.events, self, leave=self.leave_editors)
        builders: dict[str, Callable[[], QWidget]] = {
            "Patients": lambda: PatientsPage(
                database, self.events, page_size=settings.patients_page_size
            ),
            "Sessions": lambda: SessionsView(database, self.events),
            "Plans": lambda: PlansOverview(database, self.events),
            "Library": lambda: LibraryView(database, self.events),
        }
        self._builders = [builders[name] for name in VIEWS]
        self._built: dict[int, QWidget] = {}

        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Sections")
        self.navigation.setFixedWidth(124)
        self.stack = QStackedWidget()
        for number, label in enumerate(VIEWS, start=1):
            self.navigation.addItem(label)
            self.stack.addWidget(QWidget())  # the view itself once first shown
            QShortcut(
                QKeySequence(f"Ctrl+{number}"),
                self,
                activated=lambda row=number - 1: self.navigation.setCurrentRow(row),
            )
        self.navigation.currentRowChanged.connect(self._show)
        self.navigation.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        menu = self.menuBar().addMenu("&File")
        menu.addAction("&Settings…", QKeySequence("Ctrl+,"), self.file_menu.edit_settings)
        menu.addAction(
            "S&witch practitioner…",
            QKeySequence("Ctrl+Shift+W"),
            self.file_menu.switch_practitioner,
        )
        menu.addAction("&Practitioners…", self.file_menu.manage_practitioners)
        menu.addSeparator()
        menu.addAction("&Quit", QKeySequence.StandardKey.Quit, self.close)
        where = database.path or database.url.render_as_string(hide_password=True)
        self.statusBar().showMessage(f"Database: {where}")
        # Who is writing, always in view; one click to switch.
        self.practitioner_button = QPushButton()
        self.practitioner_button.setObjectName("currentPractitioner")
        self.practitioner_button.setFlat(True)
        self.practitioner_button.clicked.connect(self.file_menu.switch_practitioner)
        self.statusBar().addPermanentWidget(self.practitioner_button)
        self.events.context_changed.connect(self._show_practitioner)
        self._show_practitioner()

    # The views, each built the first time it is shown (or asked for).

    def _view(self, row: int) -> QWidget:
        view = self._built.get(row)
        if view is None:
            view = self._built[row] = self._builders[row]()
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, view)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        return view

    def _show(self, row: int) -> None:
        self.stack.setCurrentWidget(self._view(row))

    @property
    def patients(self) -> PatientsPage:
        return cast(PatientsPage, self._view(0))

    @property
    def sessions(self) -> SessionsView:
        return cast(SessionsView, self._view(1))

    @property
    def plans(self) -> PlansOverview:
        return cast(PlansOverview, self._view(2))

    @property
    def library(self) -> LibraryView:
        return cast(LibraryView, self._view(3))

    @property
    def context(self) -> ClinicContext | None:
        """Who is using WristCare (None: nobody set up)."""
        return self.events.context

    def load(self) -> None:
        """Fill the patient list once the window is up, and put the cursor in its search."""
        self.patients.load()
        self.patients.list.focus_search()

    def _show_practitioner(self) -> None:
        context = self.events.context
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

    def leave_editors(self) -> bool:
        """Save or close whatever is being edited (asking about unsaved edits); False
        when the practitioner chose to stay."""
        return (
            self.patients.confirm_leave()
            and self.notes.close_all()
            and self.plan_windows.close_all()
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.leave_editors():
            # A search, load or save still running must end before the database is closed.
            wait_for_running()
            event.accept()
        else:
            event.ignore()


__all__ = ["MainWindow"]
