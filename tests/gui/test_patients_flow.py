"""Driving the Patients page as a practitioner would: create, find, edit, alerts,
consent, archive; and what happens with bad input, duplicates, unsaved edits and a
database that cannot be used."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from wristcare.clinic import consent, history, patients
from wristcare.clinic.consent import list_consents
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, PatientQuery, count_patients
from wristcare.db.engine import Database
from wristcare.db.errors import DatabaseLockedError
from wristcare.gui import dialogs
from wristcare.gui.patients.list_model import LAST_VISIT, NAME, NEXT_REVIEW, PHONE

from .conftest import TODAY, DialogAnswers, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _list_names(window: Any) -> list[str]:
    model = window.patients.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _all_patients(database: Database) -> int:
    return count_patients(database, PatientQuery(include_archived=True))


def _create(qtbot: Any, window: Any, name: str, dob: str = "", **fields: str) -> None:
    """Ctrl+N, type the name, birth date and any other fields, Ctrl+S."""
    record = window.patients.record
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert record.is_new
    type_text(qtbot, record.details.name, name)
    if dob:
        type_text(qtbot, record.details.date_of_birth, dob)
    for field, text in fields.items():
        type_text(qtbot, getattr(record.details, field), text)
    qtbot.keyClick(record.details.name, Qt.Key.Key_S, CTRL)


def _settle(qtbot: Any, window: Any) -> None:
    """Wait for the search typed so far (it runs in the background)."""
    qtbot.waitUntil(lambda: not window.patients.model.searching)


def _open(qtbot: Any, window: Any, search: str) -> None:
    """Ctrl+F, type, Enter: opens the first match (once the search has run)."""
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    panel = window.patients.list
    assert panel.search.hasFocus()
    panel.search.clear()
    type_text(qtbot, panel.search, search)
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)
    _settle(qtbot, window)


def _retype(qtbot: Any, field: Any, text: str) -> None:
    """Select what is in a box and type over it, as a user would."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    type_text(qtbot, field, text)


def _tick(qtbot: Any, box: Any) -> None:
    """Click a check box on its box (a wide check box does not react to its far end)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def _click_header(qtbot: Any, window: Any, column: int) -> None:
    header = window.patients.list.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + 5
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, 5))


@pytest.fixture
def active(window: Any, qtbot: Any) -> Any:
    """The main window, active, so that its keyboard shortcuts work."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


# Create, find, edit


def test_create_a_patient_from_the_keyboard(active: Any, qtbot: Any, database: Database) -> None:
    panel = active.patients.list
    assert panel.count.text() == "No patients yet: Ctrl+N adds one"
    _create(qtbot, active, "Maria García", "15/03/1980", email="maria@example.org")
    record = active.patients.record
    assert record.patient_id is not None and not record.is_new
    assert not record.has_unsaved_changes()
    assert record.header.name.text() == "Maria García"
    assert "P000001" in record.header.facts.text()
    assert "born 15/03/1980" in record.header.facts.text()
    assert _list_names(active) == ["Maria García"]
    assert panel.count.text() == "1 patient"
    assert panel.selected_patient_id() == record.patient_id
    # The consent and history tabs open once the record exists.
    assert record.tabs.isTabEnabled(1) and record.tabs.isTabEnabled(2)
    stored = patients.get_patient(database, record.patient_id)
    assert stored.record_number == "P000001"
    assert stored.details.email == "maria@example.org"
    assert stored.details.date_of_birth == date(1980, 3, 15)


def test_save_button_saves_too(active: Any, qtbot: Any, database: Database) -> None:
    record = active.patients.record
    qtbot.mouseClick(active.patients.list.new_button, LEFT)
    assert record.is_new and record.details.name.hasFocus()
    assert not record.tabs.isTabEnabled(1) and not record.tabs.isTabEnabled(2)
    qtbot.keyClicks(record.details.name, "Tom Jones")
    qtbot.mouseClick(record.save_button, LEFT)
    assert record.header.name.text() == "Tom Jones"
    assert _all_patients(database) == 1


def test_find_by_typing_and_open_with_enter(active: Any, qtbot: Any) -> None:
    for name, dob in (("Anna Smith", "01/02/1970"), ("Tom Jones", "15/03/1980"), ("Wei Chen", "")):
        _create(qtbot, active, name, dob)
    record = active.patients.record
    record.show_nothing()
    assert record.patient_id is None
    qtbot.keyClick(active, Qt.Key.Key_F, CTRL)
    search = active.patients.list.search
    assert search.hasFocus()
    assert len(_list_names(active)) == 3
    assert active.patients.list.count.text() == "3 patients"
    qtbot.keyClicks(search, "zzz")
    _settle(qtbot, active)
    assert active.patients.list.count.text() == "No patient matches"
    search.clear()
    _settle(qtbot, active)
    qtbot.keyClicks(search, "jon")
    _settle(qtbot, active)
    assert _list_names(active) == ["Tom Jones"]
    assert active.patients.list.count.text() == "1 patient"
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert record.patient_id is not None
    assert record.header.name.text() == "Tom Jones"

    search.clear()
    _settle(qtbot, active)
    qtbot.keyClicks(search, "15/03/1980")
    _settle(qtbot, active)
    assert _list_names(active) == ["Tom Jones"]
    search.clear()
    _settle(qtbot, active)
    qtbot.keyClicks(search, "P000001")
    _settle(qtbot, active)
    assert _list_names(active) == ["Anna Smith"]
    qtbot.keyClick(search, Qt.Key.Key_Return)
    _settle(qtbot, active)
    assert record.header.name.text() == "Anna Smith"
    # Down goes from the search box into the list; Enter there opens the row.
    search.clear()
    _settle(qtbot, active)
    qtbot.keyClick(search, Qt.Key.Key_Down)
    table = active.patients.list.table
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert record.header.name.text() == "Tom Jones"


def test_edit_is_saved_and_still_there_when_reopened(
    active: Any, qtbot: Any, database: Database
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970", phone="01632 960000")
    record = active.patients.record
    patient_id = record.patient_id
    _retype(qtbot, record.details.phone, "01632 960123")
    assert record.has_unsaved_changes()
    qtbot.mouseClick(record.save_button, LEFT)
    assert not record.has_unsaved_changes()
    assert patients.get_patient(database, patient_id).details.phone == "01632 960123"
    assert [r.name for r in patients.search_patients(database, PatientQuery(text="960123"))] == [
        "Anna Smith"
    ]

    record.show_nothing()
    _open(qtbot, active, "960123")
    assert record.patient_id == patient_id
    assert record.details.phone.text() == "01632 960123"


def test_details_can_be_read_back_into_the_form(
    active: Any, database: Database, ctx: ClinicContext
) -> None:
    details = PatientDetails(
        name="Anna Smith",
        date_of_birth=date(1970, 2, 1),
        sex="female",
        dominant_hand="left",
        notes="Line one\nLine two",
    )
    created = patients.create_patient(database, ctx, details)
    active.patients.list.refresh()
    active.patients.open_patient(created.id)
    form = active.patients.record.details
    assert form.details() == details
    assert not form.is_dirty()


# Health history and the alerts it raises


def test_alerts_from_the_health_history_reach_the_banner(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Lucía Rossi", "02/05/1990")
    record = active.patients.record
    banner = record.header.banner
    assert "No health history recorded" in banner.texts()
    record.tabs.setCurrentIndex(1)
    form = record.history
    assert not form.reviewed_button.isEnabled()  # nothing to review yet
    due = TODAY + timedelta(days=90)
    assert not form.inputs["pregnancy_due_date"].isEnabled()
    _tick(qtbot, form.inputs["pregnant"])
    assert form.inputs["pregnancy_due_date"].isEnabled()
    type_text(qtbot, form.inputs["pregnancy_due_date"], due.strftime("%d/%m/%Y"))
    _tick(qtbot, form.inputs["anticoagulant"])
    type_text(qtbot, form.inputs["anticoagulant_drug"], "Warfarin")
    qtbot.mouseClick(form.save_button, LEFT)
    texts = banner.texts()
    assert any(t.startswith(f"Pregnant (due {due:%d %b %Y})") for t in texts)
    assert any(t.startswith("On Warfarin") for t in texts)
    assert "No health history recorded" not in texts
    assert len(history.history_versions(database, record.patient_id)) == 1
    assert form.version_label.text().startswith("Version 1, recorded")
    assert not record.has_unsaved_changes()

    _tick(qtbot, form.inputs["diabetes"])
    qtbot.mouseClick(form.save_button, LEFT)
    versions = history.history_versions(database, record.patient_id)
    assert [v.version for v in versions] == [2, 1]
    assert versions[1].superseded_at is not None and not versions[1].details.diabetes
    assert any(t.startswith("Diabetes") for t in banner.texts())

    # Reviewed with the patient, nothing changed: dated, and no new version.
    qtbot.mouseClick(form.reviewed_button, LEFT)
    versions = history.history_versions(database, record.patient_id)
    assert len(versions) == 2 and versions[0].reviewed_on == TODAY
    assert "reviewed" in form.version_label.text()

    qtbot.mouseClick(form.versions_button, LEFT)
    [(kind, (title, text))] = answers.asked
    assert kind == "text" and "Version 2" in text and "Version 1" in text


def test_history_problem_is_shown_at_the_field_and_nothing_saved(
    active: Any, qtbot: Any, database: Database
) -> None:
    _create(qtbot, active, "Tom Jones", "15/03/1980")
    record = active.patients.record
    record.tabs.setCurrentIndex(1)
    _tick(qtbot, record.history.inputs["anticoagulant"])
    qtbot.mouseClick(record.history.save_button, LEFT)
    assert "drug" in record.history.error_text("anticoagulant_drug")
    assert record.history.inputs["anticoagulant_drug"].hasFocus()
    assert history.history_versions(database, record.patient_id) == []
    # A due date that is not a date is caught before the clinic is asked.
    _tick(qtbot, record.history.inputs["pregnant"])
    type_text(qtbot, record.history.inputs["pregnancy_due_date"], "31/02/2027")
    qtbot.mouseClick(record.history.save_button, LEFT)
    assert "not a real date" in record.history.error_text("pregnancy_due_date")
    assert history.history_versions(database, record.patient_id) == []


def test_details_saved_when_the_history_has_a_problem(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    """Ctrl+S saves the details even when the history on the other tab cannot be saved;
    the list and the header show the new details, and a later save is not mistaken for
    a clash with someone else's edit."""
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    patient_id = record.patient_id
    _retype(qtbot, record.details.name, "Anna Smythe")
    record.tabs.setCurrentIndex(1)
    _tick(qtbot, record.history.inputs["anticoagulant"])  # and no drug named
    qtbot.keyClick(record.history.inputs["anticoagulant"], Qt.Key.Key_S, CTRL)
    assert record.tabs.currentIndex() == 1
    assert "drug" in record.history.error_text("anticoagulant_drug")
    assert patients.get_patient(database, patient_id).details.name == "Anna Smythe"
    assert history.history_versions(database, patient_id) == []
    assert not record.details.is_dirty() and record.has_unsaved_changes()
    assert _list_names(active) == ["Anna Smythe"]
    assert record.header.name.text() == "Anna Smythe"

    record.tabs.setCurrentIndex(0)
    type_text(qtbot, record.details.occupation, "Chef")
    record.tabs.setCurrentIndex(1)
    type_text(qtbot, record.history.inputs["anticoagulant_drug"], "Apixaban")
    qtbot.keyClick(record.history.inputs["anticoagulant_drug"], Qt.Key.Key_S, CTRL)
    assert answers.errors == []
    assert patients.get_patient(database, patient_id).details.occupation == "Chef"
    assert len(history.history_versions(database, patient_id)) == 1
    assert not record.has_unsaved_changes()


# Consent


def test_consent_recorded_withdrawn_and_shown_on_the_header(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    assert "No consent for acupuncture" in record.header.banner.texts()
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    assert panel.modality.currentData() == "acupuncture"
    assert panel.method.currentData() == "written"
    assert panel.consenter.currentData() == "patient"
    qtbot.mouseClick(panel.record_button, LEFT)
    assert "No consent for acupuncture" not in record.header.banner.texts()
    assert panel.table.rowCount() == 1
    assert [panel.table.item(0, c).text() for c in range(4)] == [
        "Acupuncture",
        TODAY.strftime("%d/%m/%Y"),
        "Written",
        "Patient",
    ]
    assert not panel.withdraw_button.isEnabled()  # nothing selected

    panel.table.selectRow(0)
    assert panel.withdraw_button.isEnabled()
    qtbot.mouseClick(panel.withdraw_button, LEFT)
    assert answers.kinds() == ["confirm"]
    assert panel.table.item(0, 5).text() == TODAY.strftime("%d/%m/%Y")
    assert "No consent for acupuncture" in record.header.banner.texts()
    assert list_consents(database, record.patient_id)[0].withdrawn_on == TODAY
    assert not panel.withdraw_button.isEnabled()  # already withdrawn


def test_withdrawal_not_confirmed_changes_nothing(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    record.tabs.setCurrentIndex(2)
    qtbot.mouseClick(record.consents.record_button, LEFT)
    record.consents.table.selectRow(0)
    answers.confirm = False
    qtbot.mouseClick(record.consents.withdraw_button, LEFT)
    assert answers.kinds() == ["confirm"]
    assert list_consents(database, record.patient_id)[0].withdrawn_on is None
    assert "No consent for acupuncture" not in record.header.banner.texts()


def test_consent_form_starts_afresh_after_each_consent(
    active: Any, qtbot: Any, database: Database
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    panel.modality.setCurrentIndex(panel.modality.findData("cupping"))
    panel.method.setCurrentIndex(panel.method.findData("verbal"))
    type_text(qtbot, panel.notes, "Explained marks may last a week")
    qtbot.mouseClick(panel.record_button, LEFT)
    [cupping] = list_consents(database, record.patient_id)
    assert (cupping.modality, cupping.method) == ("cupping", "verbal")
    # The next consent is not cupping, given verbally, unless chosen again.
    assert panel.modality.currentData() == "acupuncture"
    assert panel.method.currentData() == "written"
    assert panel.notes.text() == ""


def test_saving_the_details_keeps_a_consent_being_filled_in(
    active: Any, qtbot: Any, database: Database
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    panel.modality.setCurrentIndex(panel.modality.findData("cupping"))
    type_text(qtbot, panel.notes, "Leaflet given")
    record.tabs.setCurrentIndex(0)
    _retype(qtbot, record.details.occupation, "  Chef ")
    qtbot.keyClick(record.details.occupation, Qt.Key.Key_S, CTRL)
    assert patients.get_patient(database, record.patient_id).details.occupation == "Chef"
    assert record.details.occupation.text() == "Chef"  # as stored
    assert not record.details.is_dirty()
    # The consent is not recorded by Ctrl+S: it is still unsaved, and leaving asks.
    assert record.has_unsaved_changes()
    assert panel.modality.currentData() == "cupping" and panel.notes.text() == "Leaflet given"


def test_a_child_needs_a_guardian_to_consent(active: Any, qtbot: Any, database: Database) -> None:
    born = TODAY.replace(year=TODAY.year - 12, day=1)
    _create(qtbot, active, "Sam Okafor", born.strftime("%d/%m/%Y"))
    record = active.patients.record
    assert any(t.startswith("Under 16") for t in record.header.banner.texts())
    record.tabs.setCurrentIndex(2)
    panel = record.consents
    assert panel.consenter.currentData() == "guardian"  # the default for a child
    qtbot.mouseClick(panel.record_button, LEFT)
    assert "guardian's name" in panel.form.error_text("guardian_name")
    panel.consenter.setCurrentIndex(panel.consenter.findData("patient"))
    qtbot.mouseClick(panel.record_button, LEFT)
    assert "guardian must consent" in panel.form.error_text("consenter")
    assert list_consents(database, record.patient_id) == []
    assert "No consent for acupuncture" in record.header.banner.texts()
    panel.consenter.setCurrentIndex(panel.consenter.findData("guardian"))
    type_text(qtbot, panel.guardian_name, "Grace Okafor")
    qtbot.mouseClick(panel.record_button, LEFT)
    [given] = list_consents(database, record.patient_id)
    assert (given.consenter, given.guardian_name) == ("guardian", "Grace Okafor")
    assert panel.form.error_text("consenter") == ""
    assert panel.consenter.currentData() == "guardian" and panel.guardian_name.text() == ""
    assert "No consent for acupuncture" not in record.header.banner.texts()


# Archive


def test_archive_hides_and_show_archived_finds_again(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    _create(qtbot, active, "Tom Jones", "15/03/1980")
    record = active.patients.record
    assert record.archive_button.text() == "Archive patient"
    qtbot.mouseClick(record.archive_button, LEFT)
    assert answers.kinds() == ["confirm"]
    assert _list_names(active) == ["Anna Smith"]
    assert record.header.name.text().endswith("archived")
    assert record.archive_button.text() == "Unarchive patient"
    assert record.archive_button.accessibleName() == "Unarchive patient"
    qtbot.mouseClick(active.patients.list.show_archived, LEFT)
    _settle(qtbot, active)
    assert _list_names(active) == ["Anna Smith", "Tom Jones — archived"]
    qtbot.mouseClick(record.archive_button, LEFT)
    assert answers.kinds() == ["confirm"]  # bringing back needs no confirmation
    qtbot.mouseClick(active.patients.list.show_archived, LEFT)
    _settle(qtbot, active)
    assert _list_names(active) == ["Anna Smith", "Tom Jones"]
    assert record.archive_button.text() == "Archive patient"
    assert _all_patients(database) == 2


def test_archive_not_confirmed_keeps_the_patient_listed(
    active: Any, qtbot: Any, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    answers.confirm = False
    qtbot.mouseClick(active.patients.record.archive_button, LEFT)
    assert _list_names(active) == ["Anna Smith"]
    assert active.patients.record.archive_button.text() == "Archive patient"


# Bad input


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "", "Name is required"),
        ("name", "   ", "Name is required"),
        ("date_of_birth", "01/01/2999", "cannot be in the future"),
        ("date_of_birth", "01/01/1850", "before 1900"),
        ("date_of_birth", "31/02/1980", "not a real date"),
        ("date_of_birth", "1980", "dd/mm/yyyy"),
        ("email", "not-an-email", "name@example.com"),
        ("phone", "call me maybe", "digits"),
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
    # The cursor is put in the field to correct, and the field says what is wrong.
    widget = getattr(record.details, field)
    assert widget.hasFocus()
    assert message in widget.accessibleDescription()
    assert record.is_new
    assert _all_patients(database) == 0
    # Once corrected, the message goes.
    _retype(qtbot, widget, "Anna Smith" if field == "name" else "")
    qtbot.keyClick(record.details.name, Qt.Key.Key_S, CTRL)
    assert record.details.error_text(field) == ""
    assert _all_patients(database) == 1


def test_a_megabyte_of_notes_is_refused(active: Any, qtbot: Any, database: Database) -> None:
    record = active.patients.record
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    type_text(qtbot, record.details.name, "Anna Smith")
    # Pasted with the keyboard: refused at once, nothing goes in.
    QApplication.clipboard().setText("Pasted by mistake. " * 55_000)  # about 1 MB
    record.details.notes.setFocus()
    qtbot.keyClick(record.details.notes, Qt.Key.Key_V, CTRL)
    assert "Nothing was pasted" in record.details.error_text("notes")
    assert record.details.notes.toPlainText() == ""
    # Put there another way: refused on save, with the length.
    record.details.notes.setPlainText("Pasted by mistake. " * 55_000)
    qtbot.mouseClick(record.save_button, LEFT)
    assert "too long" in record.details.error_text("notes")
    assert "1,044,999 characters" in record.details.error_text("notes")
    assert _all_patients(database) == 0


def test_chinese_and_emoji_names_round_trip(active: Any, qtbot: Any, database: Database) -> None:
    _create(qtbot, active, "王小明 🌸", "01/01/1990", preferred_name="Xiaoming")
    record = active.patients.record
    assert record.header.name.text() == "王小明 🌸 (Xiaoming)"
    assert patients.get_patient(database, record.patient_id).details.name == "王小明 🌸"
    record.show_nothing()
    _open(qtbot, active, "王小明")
    assert _list_names(active) == ["王小明 🌸 (Xiaoming)"]
    assert record.details.name.text() == "王小明 🌸"


# Duplicates


@pytest.mark.parametrize("choice", ["open", "create", "cancel"])
def test_duplicate_name_and_birth_date(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, choice: str
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    first = active.patients.record.patient_id
    answers.duplicate = {
        "open": dialogs.Duplicate.OPEN_EXISTING,
        "create": dialogs.Duplicate.CREATE_ANYWAY,
        "cancel": dialogs.Duplicate.CANCEL,
    }[choice]
    _create(qtbot, active, "anna  smith", "01/02/1970")  # case and spacing do not matter
    [(kind, (match,))] = answers.asked
    assert kind == "duplicate" and match.id == first and match.record_number == "P000001"
    record = active.patients.record
    if choice == "open":
        assert record.patient_id == first and not record.is_new
        assert record.details.name.text() == "Anna Smith"
        assert active.patients.list.selected_patient_id() == first
        assert _all_patients(database) == 1
    elif choice == "create":
        assert record.patient_id not in (None, first)
        assert _all_patients(database) == 2
        assert len(_list_names(active)) == 2
    else:
        assert record.is_new and record.details.name.text() == "anna  smith"
        assert _all_patients(database) == 1


@pytest.mark.parametrize("choice", ["open", "save", "cancel"])
def test_editing_into_a_duplicate_asks_first(
    active: Any,
    qtbot: Any,
    database: Database,
    answers: DialogAnswers,
    choice: str,
    ctx: ClinicContext,
) -> None:
    anna = patients.create_patient(
        database, ctx, PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1))
    )
    typo = patients.create_patient(
        database, ctx, PatientDetails(name="Ana Smith", date_of_birth=date(1970, 2, 1))
    )
    active.patients.list.refresh()
    active.patients.open_patient(typo.id)
    record = active.patients.record
    _retype(qtbot, record.details.name, "Anna Smith")
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


# Unsaved changes


@pytest.mark.parametrize("answer", list(dialogs.Unsaved))
def test_new_patient_with_an_unsaved_edit_asks_first(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, answer: dialogs.Unsaved
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    patient_id = record.patient_id
    _retype(qtbot, record.details.name, "Anna Smythe")
    answers.unsaved = answer
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    assert answers.asked == [("unsaved", ("Anna Smythe",))]
    stored = patients.get_patient(database, patient_id).details.name
    if answer is dialogs.Unsaved.CANCEL:
        assert record.patient_id == patient_id
        assert record.details.name.text() == "Anna Smythe"
        assert record.has_unsaved_changes() and stored == "Anna Smith"
    elif answer is dialogs.Unsaved.DISCARD:
        assert record.is_new and record.details.name.text() == ""
        assert stored == "Anna Smith"
    else:
        assert record.is_new and record.details.name.text() == ""
        assert stored == "Anna Smythe"
        assert _list_names(active) == ["Anna Smythe"]
    assert _all_patients(database) == 1


def test_the_question_names_the_patient(active: Any, qtbot: Any, answers: DialogAnswers) -> None:
    record = active.patients.record
    answers.unsaved = dialogs.Unsaved.CANCEL
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    type_text(qtbot, record.details.phone, "01632 960000")
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)  # a new patient with no name yet
    assert record.is_new and record.details.phone.text() == "01632 960000"
    type_text(qtbot, record.details.name, "Anna Smith")
    qtbot.keyClick(record.details.name, Qt.Key.Key_S, CTRL)
    _retype(qtbot, record.details.name, "")
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)  # the name cleared on a saved record
    assert [args for _, args in answers.asked] == [("this new patient",), ("Anna Smith",)]


def test_opening_another_patient_with_unsaved_edits_asks_first(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    _create(qtbot, active, "Tom Jones", "15/03/1980")
    record = active.patients.record
    type_text(qtbot, record.details.occupation, "Violinist")
    answers.unsaved = dialogs.Unsaved.CANCEL
    _open(qtbot, active, "anna")
    assert record.header.name.text() == "Tom Jones"
    assert record.details.occupation.text() == "Violinist"
    answers.unsaved = dialogs.Unsaved.SAVE
    _open(qtbot, active, "anna")
    assert record.header.name.text() == "Anna Smith"
    tom = patients.search_patients(database, PatientQuery(text="tom"))[0]
    assert patients.get_patient(database, tom.id).details.occupation == "Violinist"
    # Nothing changed: no question.
    _open(qtbot, active, "tom")
    assert answers.kinds() == ["unsaved", "unsaved"]


def test_an_unsaved_edit_that_cannot_be_saved_stays(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    _retype(qtbot, record.details.email, "not an email")
    answers.unsaved = dialogs.Unsaved.SAVE
    qtbot.keyClick(active, Qt.Key.Key_N, CTRL)
    assert not record.is_new
    assert "name@example.com" in record.details.error_text("email")


@pytest.mark.parametrize("answer", list(dialogs.Unsaved))
def test_closing_the_window_with_unsaved_edits_asks_first(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, answer: dialogs.Unsaved
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    type_text(qtbot, active.patients.record.details.occupation, "Chef")
    answers.unsaved = answer
    active.close()
    assert answers.kinds() == ["unsaved"]
    assert active.isVisible() == (answer is dialogs.Unsaved.CANCEL)
    stored = patients.search_patients(database, PatientQuery())[0]
    occupation = patients.get_patient(database, stored.id).details.occupation
    assert occupation == ("Chef" if answer is dialogs.Unsaved.SAVE else "")


# The list's order


def test_header_clicks_sort_by_name_and_last_visit(
    active: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    from wristcare.db.models import Practitioner, TreatmentSession

    seen = {"Anna Smith": 3, "Tom Jones": 30}
    for name in ("Wei Chen", "Anna Smith", "Tom Jones"):
        record = patients.create_patient(database, ctx, PatientDetails(name=name))
        if name in seen:
            with database.transaction() as db:
                visit = datetime.now(UTC) - timedelta(days=seen[name])
                practitioner = Practitioner(name="Dr Test")
                db.add(practitioner)
                db.flush()
                db.add(
                    TreatmentSession(
                        patient_id=record.id,
                        practitioner_id=practitioner.id,
                        started_at=visit,
                        local_date=visit.date(),
                        tz="UTC",
                    )
                )
    panel = active.patients.list
    panel.refresh()
    assert _list_names(active) == ["Anna Smith", "Tom Jones", "Wei Chen"]
    _click_header(qtbot, active, LAST_VISIT)
    first = _list_names(active)
    _click_header(qtbot, active, LAST_VISIT)
    second = _list_names(active)
    # One click oldest first, the other newest first; never seen stays last both ways.
    assert sorted([first, second]) == [
        ["Anna Smith", "Tom Jones", "Wei Chen"],
        ["Tom Jones", "Anna Smith", "Wei Chen"],
    ]
    _click_header(qtbot, active, NAME)
    assert active.patients.model.query.sort == "name"


@pytest.mark.parametrize("column", [PHONE, NEXT_REVIEW])
def test_columns_the_database_cannot_sort_leave_order_and_arrow(
    active: Any, qtbot: Any, database: Database, column: int, ctx: ClinicContext
) -> None:
    for name, phone in (("Wei Chen", "01632 960001"), ("Anna Smith", "01632 960009")):
        patients.create_patient(database, ctx, PatientDetails(name=name, phone=phone))
    active.patients.list.refresh()
    header = active.patients.list.table.horizontalHeader()
    _click_header(qtbot, active, column)
    _click_header(qtbot, active, column)
    assert _list_names(active) == ["Anna Smith", "Wei Chen"]
    # The arrow stays on the column the list is really sorted by.
    assert header.sortIndicatorSection() == NAME
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


# A database that cannot be used


def _locked(*args: Any, **kwargs: Any) -> None:
    raise DatabaseLockedError("The database is in use by another program.")


def test_a_locked_database_is_reported_and_the_edit_kept(
    active: Any, qtbot: Any, answers: DialogAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    type_text(qtbot, record.details.occupation, "Chef")
    monkeypatch.setattr(patients, "update_patient", _locked)
    qtbot.mouseClick(record.save_button, LEFT)
    assert [type(e) for e in answers.errors] == [DatabaseLockedError]
    assert record.details.occupation.text() == "Chef"
    assert record.has_unsaved_changes()
    # The app goes on: once the database is free, the same edit saves.
    monkeypatch.undo()
    answers.install(monkeypatch)
    qtbot.keyClick(record.details.occupation, Qt.Key.Key_S, CTRL)
    assert not record.has_unsaved_changes()


def test_someone_elses_save_is_reported_and_reopening_shows_it(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, ctx: ClinicContext
) -> None:
    """Two practitioners on one record: the second save is refused, not lost silently;
    the app offers to reload, and "keep my changes" leaves them on screen to copy."""
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    patient_id = record.patient_id
    opened = patients.get_patient(database, patient_id)
    type_text(qtbot, record.details.occupation, "Chef")
    elsewhere = opened.details
    elsewhere.phone = "01632 960555"
    patients.update_patient(
        database, ctx, patient_id, elsewhere, expected_version=opened.version_id
    )

    answers.reload = False
    qtbot.keyClick(record.details.occupation, Qt.Key.Key_S, CTRL)
    assert answers.kinds() == ["reload"] and answers.errors == []
    assert record.details.occupation.text() == "Chef" and record.has_unsaved_changes()
    assert patients.get_patient(database, patient_id).details.occupation == ""

    answers.reload = True
    qtbot.keyClick(record.details.occupation, Qt.Key.Key_S, CTRL)
    assert answers.kinds() == ["reload", "reload"]
    assert record.details.phone.text() == "01632 960555"
    assert record.details.occupation.text() == "" and not record.has_unsaved_changes()
    type_text(qtbot, record.details.occupation, "Chef")
    qtbot.keyClick(record.details.occupation, Qt.Key.Key_S, CTRL)
    assert answers.errors == []
    stored = patients.get_patient(database, patient_id).details
    assert (stored.occupation, stored.phone) == ("Chef", "01632 960555")


def test_an_older_history_form_in_the_window_never_undoes_a_pregnancy(
    active: Any,
    qtbot: Any,
    database: Database,
    db_path: Any,
    answers: DialogAnswers,
    ctx: ClinicContext,
) -> None:
    """The reported case: B records a pregnancy on another workstation; A then saves the
    health-history form A opened before. A's save is refused, and reloading shows it."""
    from wristcare.clinic.practitioners import PractitionerDetails, add_practitioner, context_for
    from wristcare.db.engine import Database as OpenDatabase

    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    patient_id = record.patient_id
    record.tabs.setCurrentIndex(1)
    record.history.inputs["diabetes"].setChecked(True)
    qtbot.mouseClick(record.history.save_button, LEFT)
    assert history.current_history(database, patient_id).version == 1

    workstation_b = OpenDatabase(f"sqlite:///{db_path}")
    try:
        b = add_practitioner(database, ctx, PractitionerDetails(name="Practitioner B"))
        b_ctx = context_for(workstation_b, b.id, clock=ctx.clock)
        pregnant = history.HealthHistoryDetails(
            diabetes=True, pregnant=True, pregnancy_due_date=TODAY + timedelta(days=90)
        )
        history.save_history(workstation_b, b_ctx, patient_id, pregnant, expected_version=1)
    finally:
        workstation_b.dispose()

    answers.reload = False
    type_text(qtbot, record.history.inputs["conditions"], "Asthma")
    qtbot.mouseClick(record.history.save_button, LEFT)
    assert answers.kinds() == ["reload"]
    current = history.current_history(database, patient_id)
    assert (current.version, current.details.pregnant) == (2, True)
    assert current.details.conditions == ""
    assert record.history.inputs["conditions"].toPlainText() == "Asthma"  # kept to copy

    answers.reload = True
    qtbot.mouseClick(record.history.save_button, LEFT)
    assert record.history.inputs["pregnant"].isChecked()
    assert record.history.inputs["conditions"].toPlainText() == ""
    assert any(t.startswith("Pregnant") for t in record.header.banner.texts())
    assert history.current_history(database, patient_id).version == 2


def test_a_locked_database_when_creating_keeps_the_new_patient(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, monkeypatch: Any
) -> None:
    monkeypatch.setattr(patients, "create_patient", _locked)
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    assert [type(e) for e in answers.errors] == [DatabaseLockedError]
    assert record.is_new and record.details.name.text() == "Anna Smith"
    assert _all_patients(database) == 0


def test_a_locked_database_when_recording_history_consent_or_archive(
    active: Any, qtbot: Any, database: Database, answers: DialogAnswers, monkeypatch: Any
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    record = active.patients.record
    for module, name in (
        (history, "save_history"),
        (consent, "record_consent"),
        (patients, "archive_patient"),
    ):
        monkeypatch.setattr(module, name, _locked)
    record.tabs.setCurrentIndex(1)
    _tick(qtbot, record.history.inputs["diabetes"])
    qtbot.mouseClick(record.history.save_button, LEFT)
    assert record.history.inputs["diabetes"].isChecked() and record.history.is_dirty()
    record.tabs.setCurrentIndex(2)
    type_text(qtbot, record.consents.notes, "Leaflet given")
    qtbot.mouseClick(record.consents.record_button, LEFT)
    assert record.consents.notes.text() == "Leaflet given"
    qtbot.mouseClick(record.archive_button, LEFT)
    assert [type(e) for e in answers.errors] == [DatabaseLockedError] * 3
    assert history.history_versions(database, record.patient_id) == []
    assert list_consents(database, record.patient_id) == []
    assert _list_names(active) == ["Anna Smith"]
    assert "No consent for acupuncture" in record.header.banner.texts()


def test_a_search_that_cannot_be_run_is_reported_and_the_list_kept(
    active: Any, qtbot: Any, answers: DialogAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    _create(qtbot, active, "Anna Smith", "01/02/1970")
    _create(qtbot, active, "Tom Jones", "15/03/1980")
    find_patients = patients.find_patients
    monkeypatch.setattr(patients, "find_patients", _locked)
    qtbot.keyClick(active, Qt.Key.Key_F, CTRL)
    panel = active.patients.list
    qtbot.keyClicks(panel.search, "t")
    _settle(qtbot, active)
    # Said under the search box, not in a dialog.
    assert answers.errors == [] and "in use by another program" in panel.problem.text()
    assert _list_names(active) == ["Anna Smith", "Tom Jones"]
    assert panel.count.text() == "2 patients"
    _click_header(qtbot, active, LAST_VISIT)
    assert answers.errors == [] and panel.problem.isVisible()
    assert panel.table.horizontalHeader().sortIndicatorSection() == NAME
    # Once the database answers again, the next keystroke searches.
    monkeypatch.setattr(patients, "find_patients", find_patients)
    qtbot.keyClicks(panel.search, "om")
    _settle(qtbot, active)
    assert _list_names(active) == ["Tom Jones"]
    assert not panel.problem.isVisible()
