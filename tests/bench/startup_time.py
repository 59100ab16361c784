"""The app's start-up, timed: from a new process until the main window shows the first page
of patients. Not collected by pytest (a new process is the point); run it on a file made as
the benches' 20,000-patient one (WRISTCARE_BENCH_DB, see conftest.py):

    .venv/bin/python tests/bench/startup_time.py sqlite:////tmp/bench20k.sqlite3

It prints seconds since the process began: imports done, window shown and loaded, first
page of rows on screen. It also runs on trees before the refactor of issue 15 (the older
module name of ``choose_at_start``), so two trees can be compared run for run.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from wristcare.config import Settings  # noqa: E402
from wristcare.db.engine import Database  # noqa: E402
from wristcare.gui.main_window import MainWindow  # noqa: E402
from wristcare.gui.style import apply_style  # noqa: E402

try:
    from wristcare.gui.practitioners.choose_at_start import choose_at_start
except ImportError:  # before issue 15
    from wristcare.gui.practitioners.startup import choose_at_start  # type: ignore[no-redef]


def main(url: str) -> None:
    imported = time.perf_counter()
    app = QApplication(sys.argv)
    apply_style(app)
    database = Database(url)
    settings = Settings.load()
    window = MainWindow(database, settings, choose_at_start(database, settings))
    window.resize(1280, 720)
    window.show()
    window.load()
    shown = time.perf_counter()
    model = window.patients.model
    if model.rowCount() == 0:  # the first page is still being read
        model.search_finished.connect(app.quit)
        app.exec()
    app.processEvents()
    rows = time.perf_counter()
    times = {"imported": imported, "shown": shown, "rows": rows}
    print(json.dumps({key: round(value - START, 3) for key, value in times.items()}))
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
