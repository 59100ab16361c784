"""A long sitting in one window: 500 keys typed into the search box and 50 records opened.

A build that loses references (PySide6 6.12.0 on Python 3.11 aborted after about 50
search keystrokes) kills the process, so the sitting runs in a child process and this
test checks that the child lived to the end.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from wristcare.clinic import history, patients
from wristcare.db.engine import Database

CHILD = "WRISTCARE_SOAK_CHILD"
KEYS = 500
RECORDS = 50
WORDS = ("anna", "smith", "tom", "jo", "1970", "p0000", "garc", "wang")


def test_the_app_lives_through_a_long_sitting(tmp_path: Path) -> None:
    env = {**os.environ, CHILD: "1", "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider",
         "-k", "sitting_in_one_window", f"--basetemp={tmp_path / 'child'}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    tail = (child.stdout + child.stderr)[-3000:]
    assert child.returncode == 0, tail
    assert "1 passed" in child.stdout, tail


@pytest.mark.skipif(CHILD not in os.environ, reason="runs in the child process of the test above")
def test_sitting_in_one_window(window: Any, qtbot: Any, database: Database) -> None:
    names = ("Anna Smith", "Tom Jones", "Jo Garcia", "Wang Fang", "Annabel Smithers")
    ids = []
    for number in range(60):
        record = patients.create_patient(
            database,
            window.context,
            patients.PatientDetails(
                name=f"{names[number % len(names)]} {number}",
                date_of_birth=date(1970, 1 + number % 12, 1 + number % 28),
                phone=f"07700 900{number:03d}",
            ),
        )
        if number % 3 == 0:
            history.save_history(
                database,
                window.context,
                record.id,
                history.HealthHistoryDetails(diabetes=True, allergy_latex=True),
                expected_version=None,
            )
        ids.append(record.id)
    panel = window.patients.list
    panel.refresh()

    typed = 0
    while typed < KEYS:
        for word in WORDS:
            panel.search.setFocus()
            qtbot.keyClicks(panel.search, word)
            for _ in word:
                qtbot.keyClick(panel.search, Qt.Key.Key_Backspace)
            typed += 2 * len(word)
    qtbot.waitUntil(lambda: not panel.model.searching)
    assert panel.search.text() == ""

    for number in range(RECORDS):
        patient = ids[number % len(ids)]
        window.patients.open_patient(patient)
        assert window.patients.record.patient_id == patient
        # Hover the list as a view does: every role of every visible cell.
        view_model = panel.table.model()
        for row in range(min(view_model.rowCount(), 20)):
            for column in range(view_model.columnCount()):
                for role in range(0, 15):
                    view_model.data(view_model.index(row, column), role)
        qtbot.wait(1)
    assert panel.selected_patient_id() == ids[(RECORDS - 1) % len(ids)]
