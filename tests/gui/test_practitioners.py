"""Who is using WristCare: first run, choosing at start, switching, and whose name goes
on each change. Driven through the real dialogs and window."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from wristcare.clinic.clinic_settings import get_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientQuery, count_patients
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    add_practitioner,
    list_practitioners,
)
from wristcare.config import Settings, settings_path
from wristcare.db.engine import Database
from wristcare.db.migrate import run_alembic, upgrade
from wristcare.db.models import AuditEntry
from wristcare.gui.main_window import MainWindow
from wristcare.gui.practitioners import startup
from wristcare.gui.practitioners.choose import ChoosePractitionerDialog
from wristcare.gui.practitioners.first_run import FirstRunDialog
from wristcare.gui.practitioners.manage import PractitionerEditDialog, PractitionersDialog

from .conftest import DialogAnswers, ModalDriver, type_text

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _account(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup, "account_full_name", lambda: "Jane Account")
    monkeypatch.setattr(startup, "machine_time_zone", lambda: "Europe/Dublin")


@pytest.fixture
def new_clinic(db_path: Path) -> None:
    """A clinic that has not chosen its time zone yet (as after a first install)."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE clinic_settings SET time_zone = ''")


def _open(qtbot: Any, database: Database, context: ClinicContext | None) -> MainWindow:
    window = MainWindow(database, Settings.load(), context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.load()
    return window


def _create_patient(qtbot: Any, window: MainWindow, name: str) -> None:
    window.patients.new_patient()
    record = window.patients.record
    type_text(qtbot, record.details.name, name)
    qtbot.mouseClick(record.save_button, LEFT)


def _audit_of_patients(database: Database) -> list[tuple]:
    with database.read() as db:
        rows = db.execute(
            select(AuditEntry.action, AuditEntry.practitioner_id, AuditEntry.actor)
            .where(AuditEntry.entity == "patient")
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]


def _first_run(name: str, clinic: str = "Wrist Clinic") -> Any:
    def answer(dialog: FirstRunDialog) -> None:
        assert isinstance(dialog, FirstRunDialog)
        assert dialog.practitioner.inputs["name"].text() == "Jane Account"  # the prefill
        assert dialog.time_zone.currentText() == "Europe/Dublin"
        dialog.practitioner.inputs["name"].setText(name)
        dialog.practitioner.inputs["profession"].setText("Acupuncturist")
        dialog.clinic_name.setText(clinic)
        dialog.start_button.click()

    return answer


def test_a_fresh_install_asks_once_and_names_the_practitioner(
    qtbot: Any, database: Database, modal: ModalDriver, new_clinic: None
) -> None:
    modal.next(_first_run("Jane Doe"))
    ctx = startup.choose_at_start(database, Settings.load())
    modal.check()
    assert ctx is not None and ctx.actor.name == "Jane Doe"
    clinic = get_clinic_settings(database).details
    assert (clinic.name, clinic.time_zone) == ("Wrist Clinic", "Europe/Dublin")

    window = _open(qtbot, database, ctx)
    assert "Jane Doe" in window.practitioner_button.text()
    _create_patient(qtbot, window, "Anna Smith")
    assert _audit_of_patients(database) == [("create", ctx.actor.practitioner_id, "Jane Doe")]

    # The next start asks nothing: one practitioner on record.
    assert startup.choose_at_start(database, Settings.load()).actor == ctx.actor  # type: ignore[union-attr]
    assert modal.seen and len(modal.seen) == 1


def test_first_run_checks_what_is_typed(qtbot: Any, database: Database, modal: ModalDriver) -> None:
    def answer(dialog: FirstRunDialog) -> None:
        dialog.practitioner.inputs["name"].setText("   ")
        dialog.time_zone.setCurrentText("Atlantis/Capital")
        dialog.start_button.click()
        assert dialog.isVisible()
        assert "required" in dialog.practitioner.error_text("name")
        assert "time zone" in dialog.clinic_form.error_text("time_zone")
        dialog.later_button.click()

    modal.next(answer)
    assert startup.choose_at_start(database, Settings.load()) is None
    modal.check()
    assert list_practitioners(database, include_inactive=True) == []


def test_put_off_first_run_is_an_obvious_set_up_state_that_saves_nothing(
    qtbot: Any, database: Database, modal: ModalDriver, answers: DialogAnswers, new_clinic: None
) -> None:
    modal.next(lambda dialog: dialog.later_button.click())
    assert startup.choose_at_start(database, Settings.load()) is None
    window = _open(qtbot, database, None)
    assert "No practitioner set up" in window.practitioner_button.text()

    _create_patient(qtbot, window, "Anna Smith")
    assert [type(e).__name__ for e in answers.errors] == ["WristCareError"]
    assert "Nobody is set up" in answers.errors[0].message
    assert count_patients(database, PatientQuery()) == 0

    # One click on the status bar sets it up; the same edit then saves under that name.
    modal.next(_first_run("Jane Doe"))
    qtbot.mouseClick(window.practitioner_button, LEFT)
    modal.check()
    assert window.context is not None and "Jane Doe" in window.practitioner_button.text()
    qtbot.mouseClick(window.patients.record.save_button, LEFT)
    assert [a for a, _, who in _audit_of_patients(database) if who == "Jane Doe"] == ["create"]


def test_a_second_practitioner_is_offered_at_the_next_start_and_edits_are_theirs(
    qtbot: Any, database: Database, ctx: ClinicContext, modal: ModalDriver
) -> None:
    window = _open(qtbot, database, ctx)

    # Tess adds Bea from File → Practitioners (the real dialogs, nested).
    def add_bea(editor: PractitionerEditDialog) -> None:
        editor.fields.inputs["name"].setText("Bea Other")
        editor.fields.inputs["registration_body"].setText("BAcC")
        editor.accept()

    def manage(dialog: PractitionersDialog) -> None:
        modal.next(add_bea)
        dialog.add_button.click()
        assert [p.name for p in dialog.practitioners] == ["Bea Other", "Tess Tester"]
        dialog.reject()

    modal.next(manage)
    window.manage_practitioners()
    modal.check()
    window.close()

    # Next start: who is using WristCare? Both are offered; Bea chooses herself.
    def choose_bea(dialog: ChoosePractitionerDialog) -> None:
        names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert names == ["Bea Other, BAcC", "Tess Tester, Acupuncturist"]
        dialog.list.setCurrentRow(0)
        dialog.continue_button.click()

    modal.next(choose_bea)
    bea = startup.choose_at_start(database, Settings.load())
    modal.check()
    assert bea is not None and bea.actor.name == "Bea Other"
    assert Settings.load().last_practitioner_id == bea.actor.practitioner_id

    window = _open(qtbot, database, bea)
    assert "Bea Other" in window.practitioner_button.text()
    _create_patient(qtbot, window, "Anna Smith")
    assert _audit_of_patients(database) == [("create", bea.actor.practitioner_id, "Bea Other")]

    # And the start after that offers Bea first: remembered on this computer.
    def remembered(dialog: ChoosePractitionerDialog) -> None:
        assert dialog.chosen_id() == bea.actor.practitioner_id
        dialog.reject()

    modal.next(remembered)
    assert startup.choose_at_start(database, Settings.load()) is None
    modal.check()


def test_switching_is_one_action_and_asks_about_unsaved_edits_first(
    qtbot: Any, database: Database, ctx: ClinicContext, modal: ModalDriver, answers: DialogAnswers
) -> None:
    bea = add_practitioner(database, ctx, PractitionerDetails(name="Bea Other"))
    window = _open(qtbot, database, ctx)
    window.patients.new_patient()
    type_text(qtbot, window.patients.record.details.name, "Half Typed")
    answers.unsaved = answers.unsaved.CANCEL
    qtbot.mouseClick(window.practitioner_button, LEFT)
    assert answers.kinds() == ["unsaved"] and window.context is ctx

    answers.unsaved = answers.unsaved.DISCARD

    def choose(dialog: ChoosePractitionerDialog) -> None:
        assert dialog.chosen_id() == ctx.actor.practitioner_id  # the current one first
        dialog.list.setCurrentRow(0)
        dialog.continue_button.click()

    modal.next(choose)
    qtbot.mouseClick(window.practitioner_button, LEFT)
    modal.check()
    assert window.context is not None and window.context.actor.practitioner_id == bea.id
    assert "Bea Other" in window.practitioner_button.text()
    assert "Bea Other" in window.windowTitle()


def test_an_older_settings_file_is_carried_into_the_database_once(
    qtbot: Any, tmp_path: Path, modal: ModalDriver
) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(
        json.dumps({"practitioner_name": "Dr Lee", "clinic_name": "Lee Acupuncture",
                    "retention_years_adult": 10, "retention_child_until_age": 26,
                    "patients_page_size": 50}),
        encoding="utf-8",
    )  # fmt: skip
    path = tmp_path / "old.sqlite3"
    database = Database(f"sqlite:///{path}")
    try:
        run_alembic(database, "upgrade", "0001")
        with sqlite3.connect(path) as connection:
            connection.execute(
                "INSERT INTO patients (record_number, name, preferred_name, sex, phone, email, "
                "address, occupation, dominant_hand, repetitive_activities, "
                "referring_clinician_name, referring_clinician_contact, family_doctor_name, "
                "family_doctor_contact, notes, search_text, version_id, created_at, "
                "updated_at) VALUES ('P000001', 'Ada Lovelace', '', '', '', '', '', '', '', "
                "'', '', '', '', '', '', 'ada lovelace', 1, '2024-01-01', '2024-01-01')"
            )
        upgrade(database)

        ctx = startup.choose_at_start(database, Settings.load())  # no question asked
        assert modal.seen == []
        assert ctx is not None and ctx.actor.name == "Dr Lee"
        clinic = get_clinic_settings(database)
        details = clinic.details
        assert (details.name, details.retention_adult_years, details.retention_child_until_age,
                details.time_zone) == ("Lee Acupuncture", 10, 26, "Europe/Dublin")  # fmt: skip
        assert clinic.file_settings_carried
        assert Settings.load().patients_page_size == 50
        assert count_patients(database, PatientQuery()) == 1
        # Once: the next start changes nothing, even if the file still says otherwise.
        again = startup.choose_at_start(database, Settings.load())
        assert again is not None and again.actor == ctx.actor
        assert get_clinic_settings(database).version_id == clinic.version_id
        with database.read() as db:
            actions = list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        assert actions == ["create", "carry_over"]
    finally:
        database.dispose()
