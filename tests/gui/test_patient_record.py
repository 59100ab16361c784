"""Driving the Patients page as a practitioner would: create, find, edit, alerts,
consent, archive; and what happens with bad input, duplicates and unsaved edits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from wristcare.clinic import history, patients
from wristcare.clinic.consent import list_consents
from wristcare.clinic.patients import PatientDetails, PatientQuery, count_patients
from wristcare.db.engine import Database
from wristcare.db.errors import DatabaseLockedError

from .conftest import DialogAnswers, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def _list_names(window: Any) -> list[str]:
    model = window.patients.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _create(qtbot: Any, window: Any, name: str, dob: str = "", **fields: str) -> None:
    record = window.patients.record
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert record.is_new
    type_text(qtbot, record.details.name, name)
    if dob:
        type_text(qtbot, record.details.date_of_birth, dob)
    for field, text in fields.items():
        type_text(qtbot, getattr(record.details, field), text)
    qtbot.keyClick(record.details.name, Qt.Key.Key_S, CTRL)


def _open(qtbot: Any, window: Any, search: str) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    panel = window.patients.list
    assert panel.search.hasFocus()
    panel.search.clear()
    type_text(qtbot, panel.search, search)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)


@pytest.fixture
def active(window: Any, qtbot: Any) -> Any:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_create_a_patient_from_the_keyboard(active: Any, qtbot: Any, database: Database) -> None:
    assert active.patients.list.count.text() == "No patients yet: Ctrl+N adds one"
    _create(qtbot, active, "Maria García", "15/03/1980", email="maria@example.org")
    record = active.patients.record
    assert record.patient_id is not None and not record.is_new
    assert record.header.name.text() == "Maria García"
    assert "P000001" in record.header.facts.text()
    assert "born 15/03/1980" in record.header.facts.text()
    assert _list_names(active) == ["Maria García"]
    stored = patients.get_patient(database, record.patient_id)
    assert stored.details.email == "maria@example.org"
    assert stored.details.date_of_birth == date(1980, 3, 15)


def test_find_by_typing_and_open_with_enter(active: Any, qtbot: Any) -> None:
    for name, dob in (("Anna Smith", "01/02/1970"), ("Tom Jones", "15/03/1980"), ("Wei Chen", "")):
        _create(qtbot, active, name, dob)
    active.patients.record.show_nothing()
    qtbot.keyClick(active, Qt.Key.Key_F, CTRL)
    search = active.patients.list.search
    assert search.hasFocus()
    assert len(_list_names(active)) == 3
    assert active.patients.list.count.text() == "3 patients"
    type_text(qtbot, search, "zzz")
    assert active.patients.list.count.text() == "No patient matches"
    search.clear()
    type_text(qtbot, search, "jon")
    assert _list_names(active) == ["Tom Jones"]
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert active.patients.record.header.name.text() == "Tom Jones"
    search.clear()
    type_text(qtbot, search, "15/03/1980")
    assert _list_names(active) == ["Tom Jones"]
    search.clear()
    type_text(qtbot, search, "P000001")
    assert _list_names(active) == ["Anna Smith"]


def test_edit_is_saved_in_one_go(active: Any, qtbot: Any, database: Database) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    record.details.phone.clear()
    type_text(qtbot, record.details.phone, "01632 960123")
    assert record.has_unsaved_changes()
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    assert not record.has_unsaved_changes()
    assert patients.get_patient(database, record.patient_id).details.phone == "01632 960123"
    rows = patients.search_patients(database, PatientQuery(text="960123"))
    assert [r.name for r in rows] == ["Anna Smith"]


def test_alerts_from_the_health_history_reach_the_banner(
    active: Any, qtbot: Any, database: Database
) -> None:
    _create(qtbot, active, "Lucía Rossi", "02/05/1990")
    record = active.patients.record
    banner = record.header.banner
    assert "No health history recorded" in banner.texts()
    record.tabs.setCurrentIndex(1)
    form = record.history
    due = date.today() + timedelta(days=90)
    form.inputs["pregnant"].click()
    type_text(qtbot, form.inputs["pregnancy_due_date"], due.strftime("%d/%m/%Y"))
    form.inputs["anticoagulant"].click()
    type_text(qtbot, form.inputs["anticoagulant_drug"], "Warfarin")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    texts = banner.texts()
    assert any(t.startswith(f"Pregnant (due {due:%d %b %Y})") for t in texts)
    assert any(t.startswith("On Warfarin") for t in texts)
    assert "No health history recorded" not in texts
    assert len(history.history_versions(database, record.patient_id)) == 1

    form.inputs["diabetes"].click()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    versions = history.history_versions(database, record.patient_id)
    assert [v.version for v in versions] == [2, 1]
    assert versions[1].superseded_at is not None and not versions[1].details.diabetes

    qtbot.mouseClick(form.reviewed_button, Qt.MouseButton.LeftButton)
    versions = history.history_versions(database, record.patient_id)
    assert len(versions) == 2 and versions[0].reviewed_on == date.today()
    assert "reviewed" in form.version_label.text()


def test_history_problem_is_shown_at_the_field_and_nothing_saved(
    active: Any, qtbot: Any, database: Database
) -> None:
    _create(qtbot, active, "Tom Jones", "15/03/1980")
    record = active.patients.record
    record.tabs.setCurrentIndex(1)
    record.history.inputs["anticoagulant"].click()
    qtbot.mouseClick(record.history.save_button, Qt.MouseButton.LeftButton)
    assert "drug" in record.history.error_text("anticoagulant_drug")
    assert history.history_versions(database, record.patient_id) == []


def test_consent_recorded_withdrawn_and_shown_on_the_header(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    assert "No consent for acupuncture" in record.header.banner.texts()
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert "No consent for acupuncture" not in record.header.banner.texts()
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "Acupuncture"

    panel.table.selectRow(0)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert answers.kinds() == ["confirm"]
    assert panel.table.item(0, 5).text() == date.today().strftime("%d/%m/%Y")
    assert "No consent for acupuncture" in record.header.banner.texts()
    assert list_consents(database, record.patient_id)[0].withdrawn_on == date.today()


def test_a_child_needs_a_guardian_to_consent(active: Any, qtbot: Any, database: Database) -> None:
    born = date.today().replace(year=date.today().year - 12, day=1)
    _create(qtbot, active, "Sam Okafor", born.strftime("%d/%m/%Y"))
    record = active.patients.record
    assert any(t.startswith("Under 16") for t in record.header.banner.texts())
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    assert panel.signed_by.currentData() == "guardian"  # the default for a child
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert "guardian's name" in panel.form.error_text("guardian_name")
    panel.signed_by.setCurrentIndex(panel.signed_by.findData("patient"))
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert "guardian must consent" in panel.form.error_text("signed_by")
    assert list_consents(database, record.patient_id) == []
    panel.signed_by.setCurrentIndex(panel.signed_by.findData("guardian"))
    type_text(qtbot, panel.guardian_name, "Grace Okafor")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    [consent] = list_consents(database, record.patient_id)
    assert consent.guardian_name == "Grace Okafor"
    assert panel.signed_by.currentData() == "guardian" and panel.guardian_name.text() == ""


def test_archive_hides_and_show_archived_finds_again(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    _create(qtbot, active, "Tom Jones", "15/03/1980")
    record = active.patients.record
    qtbot.mouseClick(record.archive_button, Qt.MouseButton.LeftButton)
    assert answers.kinds() == ["confirm"]
    assert _list_names(active) == ["Anna Smith"]
    assert record.header.name.text().endswith("archived")
    assert record.archive_button.text() == "Unarchive patient"
    qtbot.mouseClick(active.patients.list.show_archived, Qt.MouseButton.LeftButton)
    assert _list_names(active) == ["Anna Smith", "Tom Jones — archived"]
    qtbot.mouseClick(record.archive_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(active.patients.list.show_archived, Qt.MouseButton.LeftButton)
    assert _list_names(active) == ["Anna Smith", "Tom Jones"]
    assert count_patients(database, PatientQuery(include_archived=True)) == 2


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "", "Name is required"),
        ("date_of_birth", "01/01/2999", "cannot be in the future"),
        ("date_of_birth", "01/01/1850", "before 1900"),
        ("date_of_birth", "31/02/1980", "not a real date"),
        ("email", "not-an-email", "name@example.com"),
    ],
)
def test_invalid_input_shows_the_message_and_saves_nothing(
    active: Any, qtbot: Any, database: Database, field: str, typed: str, message: str
) -> None:
    record = active.patients.record
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    if field != "name":
        type_text(qtbot, record.details.name, "Anna Smith")
    type_text(qtbot, getattr(record.details, field), typed)
    qtbot.keyClick(record.details.name, Qt.Key.Key_S, CTRL)
    assert message in record.details.error_text(field)
    assert record.is_new
    assert count_patients(database, PatientQuery(include_archived=True)) == 0


def test_a_megabyte_of_pasted_notes_is_refused(active: Any, qtbot: Any, database: Database) -> None:
    from PySide6.QtWidgets import QApplication

    record = active.patients.record
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    type_text(qtbot, record.details.name, "Anna Smith")
    QApplication.clipboard().setText("Pasted by mistake. " * 55_000)  # about 1 MB
    record.details.notes.setFocus()
    qtbot.keyClick(record.details.notes, Qt.Key.Key_V, CTRL)
    assert "Nothing was pasted" in record.details.error_text("notes")
    assert record.details.notes.toPlainText() == ""
    # Text that got in another way (too long for the record) is refused on save.
    record.details.notes.setPlainText("y" * 20_001)
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    assert "too long" in record.details.error_text("notes")
    assert count_patients(database, PatientQuery(include_archived=True)) == 0


def test_chinese_and_emoji_names_round_trip(active: Any, qtbot: Any, database: Database) -> None:
    _create(qtbot, active, "王小明 🌸", "01/01/1990", preferred_name="Xiaoming")
    record = active.patients.record
    assert record.header.name.text() == "王小明 🌸 (Xiaoming)"
    assert patients.get_patient(database, record.patient_id).details.name == "王小明 🌸"
    _open(qtbot, active, "王小明")
    assert _list_names(active) == ["王小明 🌸 (Xiaoming)"]


@pytest.mark.parametrize("choice", ["open", "create"])
def test_duplicate_name_and_birth_date(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, choice: str
) -> None:
    from wristcare.gui import dialogs

    _create(qtbot, active, "Anna Smith", "01/02/1970")
    first = active.patients.record.patient_id
    answers.duplicate = (
        dialogs.Duplicate.OPEN_EXISTING if choice == "open" else dialogs.Duplicate.CREATE_ANYWAY
    )
    _create(qtbot, active, "anna smith", "01/02/1970")
    assert answers.kinds() == ["duplicate"]
    total = count_patients(database, PatientQuery(include_archived=True))
    if choice == "open":
        assert active.patients.record.patient_id == first
        assert total == 1
    else:
        assert active.patients.record.patient_id != first
        assert total == 2


def test_leaving_unsaved_changes_asks_first(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    from wristcare.gui import dialogs

    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    patient_id = record.patient_id
    type_text(qtbot, record.details.occupation, "Violinist")

    answers.unsaved = dialogs.Unsaved.CANCEL
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    assert answers.kinds() == ["unsaved"]
    assert record.patient_id == patient_id and record.details.occupation.text() == "Violinist"

    answers.unsaved = dialogs.Unsaved.SAVE
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    assert record.is_new
    assert patients.get_patient(database, patient_id).details.occupation == "Violinist"

    type_text(qtbot, record.details.name, "Half typed")
    answers.unsaved = dialogs.Unsaved.DISCARD
    active.patients.open_patient(patient_id)
    assert record.patient_id == patient_id
    assert count_patients(database, PatientQuery(include_archived=True)) == 1


def test_a_locked_database_is_reported_and_the_edit_kept(
    active: Any, qtbot: Any, answers: DialogAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    type_text(qtbot, record.details.occupation, "Chef")

    def locked(*args: Any, **kwargs: Any) -> None:
        raise DatabaseLockedError("The database is in use by another program.")

    monkeypatch.setattr(patients, "update_patient", locked)
    qtbot.mouseClick(record.save_button, Qt.MouseButton.LeftButton)
    assert [type(e) for e in answers.errors] == [DatabaseLockedError]
    assert record.details.occupation.text() == "Chef"
    assert record.has_unsaved_changes()


def test_details_can_be_read_back_into_the_form(active: Any, database: Database) -> None:
    details = PatientDetails(
        name="Anna Smith",
        date_of_birth=date(1970, 2, 1),
        sex="female",
        dominant_hand="left",
        notes="Line one\nLine two",
    )
    created = patients.create_patient(database, details)
    active.patients.list.refresh()
    active.patients.open_patient(created.id)
    form = active.patients.record.details
    assert form.details() == details
    assert not form.is_dirty()


def test_header_clicks_sort_by_name_and_last_visit(
    active: Any, qtbot: Any, database: Database
) -> None:
    from datetime import UTC, datetime

    from wristcare.db.models import TreatmentSession
    from wristcare.gui.patients.list_model import LAST_VISIT, NAME

    seen = {"Anna Smith": 3, "Tom Jones": 30}
    for name in ("Wei Chen", "Anna Smith", "Tom Jones"):
        record = patients.create_patient(database, PatientDetails(name=name))
        if name in seen:
            with database.transaction() as db:
                visit = datetime.now(UTC) - timedelta(days=seen[name])
                db.add(TreatmentSession(patient_id=record.id, started_at=visit))
    panel = active.patients.list
    panel.refresh()
    assert _list_names(active) == ["Anna Smith", "Tom Jones", "Wei Chen"]
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(LAST_VISIT) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = _list_names(active)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    second = _list_names(active)
    # One click oldest first, the other newest first; never seen stays last both ways.
    assert sorted([first, second]) == [
        ["Anna Smith", "Tom Jones", "Wei Chen"],
        ["Tom Jones", "Anna Smith", "Wei Chen"],
    ]
    x = header.sectionViewportPosition(NAME) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert active.patients.model.query.sort == "name"


@pytest.mark.parametrize("choice", ["open", "save", "cancel"])
def test_editing_into_a_duplicate_asks_first(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, choice: str
) -> None:
    from wristcare.gui import dialogs

    anna = patients.create_patient(
        database, PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1))
    )
    typo = patients.create_patient(
        database, PatientDetails(name="Ana Smith", date_of_birth=date(1970, 2, 1))
    )
    active.patients.list.refresh()
    active.patients.open_patient(typo.id)
    record = active.patients.record
    record.details.name.clear()
    type_text(qtbot, record.details.name, "Anna Smith")
    answers.duplicate = {
        "open": dialogs.Duplicate.OPEN_EXISTING,
        "save": dialogs.Duplicate.CREATE_ANYWAY,
        "cancel": dialogs.Duplicate.CANCEL,
    }[choice]
    saved = record.save()
    assert answers.kinds()[0] == "duplicate"
    stored = patients.get_patient(database, typo.id).details.name
    if choice == "open":
        assert not saved and record.patient_id == anna.id and stored == "Ana Smith"
    elif choice == "save":
        assert saved and stored == "Anna Smith"
    else:
        assert not saved and stored == "Ana Smith"
        assert record.details.name.text() == "Anna Smith"  # the edit is still there
