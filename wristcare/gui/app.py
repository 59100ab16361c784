"""Starting the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QMessageBox

from wristcare import __version__
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.errors import WristCareError
from wristcare.gui.crash import install_exception_hook
from wristcare.gui.garbage import GuiThreadCollector
from wristcare.gui.main_window import MainWindow
from wristcare.gui.practitioners.startup import choose_at_start
from wristcare.gui.style import apply_style


def run_app(open_database: Callable[[], Database]) -> int:
    """Open the database, show the main window and run until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("WristCare")
    app.setApplicationVersion(__version__)
    apply_style(app)
    install_exception_hook()
    collector = GuiThreadCollector(app)
    collector.start()
    try:
        database = open_database()
    except WristCareError as error:
        QMessageBox.critical(None, "WristCare cannot open the database", error.message)
        return 2
    settings = Settings.load()
    try:
        context = choose_at_start(database, settings)
    except WristCareError as error:
        # The window opens anyway, in its "nobody set up" state, saying so.
        QMessageBox.critical(None, "WristCare", error.message)
        context = None
    window = MainWindow(database, settings, context)
    window.showMaximized()
    window.load()
    try:
        return app.exec()
    finally:
        database.dispose()
