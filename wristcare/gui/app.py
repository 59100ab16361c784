"""Starting the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication

from wristcare import __version__
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.gui import open_database as opening
from wristcare.gui import ops
from wristcare.gui.crash import install_exception_hook
from wristcare.gui.garbage import GuiThreadCollector
from wristcare.gui.main_window import MainWindow
from wristcare.gui.practitioners.choose_at_start import choose_at_start
from wristcare.gui.style import apply_style
from wristcare.gui.tasks import wait_for_running

# The exit status when the app stops because the database could not be used.
EXIT_NOT_OPENED = 2


def run_app(
    open_database: Callable[[], Database],
    *,
    new_file: Callable[[], Path | None] = lambda: None,
) -> int:
    """Open the database, show the main window and run until it is closed.

    ``new_file`` gives the file that opening would create, if that should be confirmed
    first (see ``open_database.open_database``).
    """
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("WristCare")
    app.setApplicationVersion(__version__)
    apply_style(app)
    install_exception_hook()
    collector = GuiThreadCollector(app)
    collector.start()

    # Start-up steps, in order; each explains its own failure in a dialog.
    database = opening.open_database(open_database, new_file)
    if database is None:
        return EXIT_NOT_OPENED
    settings = Settings.load()
    context = ops.call(None, lambda: choose_at_start(database, settings))
    if context is ops.FAILED:  # said; the window opens in its "nobody set up" state
        context = None
    window = MainWindow(database, settings, context)
    window.showMaximized()
    window.load()
    opening.check_in_background(database, window, on_damaged=lambda: app.exit(EXIT_NOT_OPENED))
    try:
        return app.exec()
    finally:
        wait_for_running()
        database.dispose()
