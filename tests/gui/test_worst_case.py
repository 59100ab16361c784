"""The record at the smallest screens a clinic laptop has, with every field at its limit:
no safety alert hidden, no long value widening the window, the list readable."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from wristcare.clinic import history, patients
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.db.engine import Database
from wristcare.gui.patients.list_model import COLUMNS
from wristcare.gui.widgets.alert_banner import AlertChip

SCREENS = [(1280, 720), (1366, 768)]
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _long(word: str, limit: int) -> str:
    """Words (so text can wrap) up to exactly ``limit`` characters."""
    text = ((word + " ") * (limit // (len(word) + 1) + 1))[:limit]
    return text[:-1] + "x" if text.endswith(" ") else text


def _worst_patient(database: Database, ctx: Any) -> int:
    short = SHORT_TEXT_LIMIT
    details = patients.PatientDetails(
        name=_long("Wolfeschlegelsteinhausen", short),
        preferred_name=_long("Bartholomew", short),
        date_of_birth=date(1950, 1, 1),
        phone="+44 " + "7" * 46,
        email="a" * 60 + "@" + "b" * 60 + ".example.com",
        address=_long("Flat", LONG_TEXT_LIMIT),
        occupation=_long("Keyboarder", short),
        repetitive_activities=_long("typing", LONG_TEXT_LIMIT),
        referring_clinician_name=_long("Doctor", short),
        family_doctor_name=_long("Doctor", short),
        notes=_long("notes", LONG_TEXT_LIMIT),
    )
    record = patients.create_patient(database, ctx, details)
    due = ctx.today() + timedelta(days=100)
    history.save_history(
        database,
        ctx,
        record.id,
        history.HealthHistoryDetails(
            conditions=_long("condition", LONG_TEXT_LIMIT),
            medications=_long("medicine", LONG_TEXT_LIMIT),
            anticoagulant=True,
            anticoagulant_drug=_long("Warfarin", short),
            bleeding_disorder=True,
            allergy_metal=True,
            allergy_latex=True,
            allergy_adhesive=True,
            allergies_other=_long("penicillin", LONG_TEXT_LIMIT),
            herbs_supplements="ginkgo " + _long("supplement", 1000),
            pregnant=True,
            pregnancy_due_date=due,
            implanted_device=True,
            implanted_device_detail=_long("Pacemaker", short),
            epilepsy=True,
            metal_implant=True,
            metal_implant_site=_long("Wrist plate", short),
            lymphoedema=True,
            lymphoedema_limb="left_arm",
            diabetes=True,
            skin_problem_at_site=True,
            skin_problem_detail=_long("Eczema", short),
            fainting_history=True,
            capacity_concern=True,
            capacity_detail=_long("Dementia", short),
        ),
        expected_version=None,
    )
    return record.id


def _normal_patient(database: Database, ctx: Any) -> int:
    details = patients.PatientDetails(name="Anna Smith", date_of_birth=date(1970, 2, 1))
    return patients.create_patient(database, ctx, details).id


def _rect_in(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _at(window: Any, qtbot: Any, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size)


def _open(window: Any, qtbot: Any, patient_id: int) -> None:
    window.patients.list.refresh()
    window.patients.open_patient(patient_id)
    qtbot.waitUntil(lambda: window.patients.record.patient_id == patient_id)
    qtbot.wait(50)  # let the layouts settle


@pytest.mark.parametrize("size", SCREENS)
def test_every_alert_of_the_worst_case_can_be_seen(
    window: Any, qtbot: Any, database: Database, size: tuple[int, int]
) -> None:
    worst = _worst_patient(database, window.context)
    _at(window, qtbot, size)
    _open(window, qtbot, worst)
    banner = window.patients.record.header.banner
    alerts = banner.alerts()
    assert len(alerts) >= 13
    levels = [alert.level for alert in alerts]
    assert levels[:2] == ["stop", "stop"]
    assert any("penicillin" in alert.text for alert in alerts)  # "other allergies"

    # What the strip shows lies inside the window, STOP chips first.
    window_rect = window.rect()
    shown = banner.shown_chips()
    assert shown and [chip.alert.level for chip in shown[:2]] == ["stop", "stop"]
    for widget in [*shown, banner.more]:
        if widget.isVisible():
            assert window_rect.contains(_rect_in(widget, window)), widget.objectName()
    fully_shown = {chip.alert.key for chip in shown if not chip.elided}
    assert len(fully_shown) < len(alerts)  # too many to show whole: "+N more" is offered
    assert banner.more.isVisible()
    hidden = len(alerts) - len(shown)
    assert banner.more.text() == (f"+{hidden} more" if hidden else "Show all")

    # One click shows them all, in a list that scrolls rather than clips.
    qtbot.mouseClick(banner.more, Qt.MouseButton.LeftButton)
    popup = banner.popup
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    listed = popup.plain_text()
    for alert in alerts:
        assert alert.title in listed and alert.advice in listed, alert.key
    assert listed.index("STOP") < listed.index("CAUTION")
    assert popup.width() <= size[0] and popup.height() <= size[1]
    assert popup.focusWidget() is popup.list  # the keys scroll the list at once
    qtbot.keyClick(popup.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())

    # And one key.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)
    qtbot.waitUntil(lambda: banner.popup is not None and banner.popup.isVisible())
    banner.popup.reject()


def test_a_few_alerts_are_all_on_the_strip(window: Any, qtbot: Any, database: Database) -> None:
    patient = _normal_patient(database, window.context)
    _at(window, qtbot, SCREENS[0])
    _open(window, qtbot, patient)
    banner = window.patients.record.header.banner
    assert banner.texts() == ["No health history recorded", "No consent for acupuncture"]
    assert [chip.alert.text for chip in banner.shown_chips()] == banner.texts()
    assert not any(chip.elided for chip in banner.shown_chips())
    assert not banner.more.isVisible()


def test_a_long_alert_is_shortened_with_the_whole_text_in_its_tooltip(qtbot: Any) -> None:
    from wristcare.clinic.alerts import Alert

    alert = Alert("skin", "caution", "Skin: " + "eczema " * 40, "do not needle the area")
    chip = AlertChip(alert)
    qtbot.addWidget(chip)
    size = chip.fit(300)
    assert size.width() <= 300 and chip.elided
    assert "…" in chip.text()
    assert alert.text in chip.toolTip()


@pytest.mark.parametrize("size", SCREENS)
def test_long_values_never_widen_the_window(
    window: Any, qtbot: Any, database: Database, size: tuple[int, int]
) -> None:
    worst = _worst_patient(database, window.context)
    normal = _normal_patient(database, window.context)
    _at(window, qtbot, size)
    for patient in (worst, normal, worst):
        _open(window, qtbot, patient)
        for tab in range(window.patients.record.tabs.count()):
            window.patients.record.tabs.setCurrentIndex(tab)
            qtbot.wait(20)
            assert window.width() <= size[0]
            assert window.height() <= size[1]
            hint = window.minimumSizeHint()
            assert hint.width() <= size[0] and hint.height() <= size[1], (tab, hint)
            # Nothing off to the right of a tab (the history's Save button was).
            page = window.patients.record.tabs.currentWidget()
            scroll_bar = getattr(page, "horizontalScrollBar", None)
            assert scroll_bar is None or not scroll_bar().isVisible(), tab
    header = window.patients.record.header
    _open(window, qtbot, worst)
    assert header.name.toolTip().startswith("Wolfeschlegelsteinhausen")
    assert header.name.shown_text().endswith("…")
    assert _rect_in(header.name, window).right() < size[0]


def test_the_list_shows_every_column_at_1366(window: Any, qtbot: Any, database: Database) -> None:
    for number in range(5):
        patients.create_patient(
            database,
            window.context,
            patients.PatientDetails(
                name=f"Patient {number}", date_of_birth=date(1970, 12, 28), phone="+44 7700 900123"
            ),
        )
    _at(window, qtbot, (1366, 768))
    window.patients.list.refresh()
    table = window.patients.list.table
    qtbot.wait(50)
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    needs = {
        "Born": "28/12/1970",
        "Last visit": "28/12/2026",
        "Next review": "28/12/2026",
        "Phone": "+44 7700 900123",
        "Record": "P000005",
    }
    for column, title in enumerate(COLUMNS):
        width = header.sectionSize(column)
        assert width >= header.fontMetrics().horizontalAdvance(title) + 8, title
        if title in needs:
            assert width >= metrics.horizontalAdvance(needs[title]) + 8, title
        assert header.sectionViewportPosition(column) + width <= table.viewport().width() + 1


def test_two_alerts_both_show_whole_when_there_is_room(qtbot: Any) -> None:
    """Seen on a screenshot: a patient with two alerts showed one and "+1 more" on a
    strip with room to spare."""
    from wristcare.clinic.alerts import Alert
    from wristcare.gui.widgets.alert_banner import AlertBanner

    banner = AlertBanner()
    qtbot.addWidget(banner)
    banner.resize(560, 100)
    banner.show()
    banner.set_alerts(
        [
            Alert("allergy", "caution", "Allergy: Elastoplast rash", ""),
            Alert(
                "history_stale",
                "info",
                "Health history last checked 11 Oct 2025",
                "review with the patient",
            ),
        ]
    )
    assert len(banner.shown_chips()) == 2
    # Room for both whole, one a line: nothing shortened, no button needed.
    assert not any(chip.elided for chip in banner.shown_chips())
    assert not banner.more.isVisible()
