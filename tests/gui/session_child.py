"""Run by test_session_drafts: the real window in its own process, typing into a draft,
so that the test can kill the process (SIGKILL) once the autosave has written.

    python session_child.py DB_URL SESSION_ID PRACTITIONER_ID PRACTITIONER_NAME TEXT
"""

from __future__ import annotations

import sys
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from wristcare.clinic.context import Actor, ClinicContext
from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.gui.main_window import MainWindow


def main() -> None:
    url, session_id, practitioner_id, name, text = sys.argv[1:6]
    app = QApplication(sys.argv[:1])
    database = Database(url)
    context = ClinicContext(actor=Actor(int(practitioner_id), name), tz=ZoneInfo("Europe/London"))
    window = MainWindow(database, Settings(), context)
    window.show()
    note = window.notes.open(int(session_id))
    assert note is not None

    def type_it() -> None:
        QTest.keyClicks(note.form.subjective.complaint, text)
        print("typed", flush=True)

    QTimer.singleShot(200, type_it)
    app.exec()


if __name__ == "__main__":
    main()
