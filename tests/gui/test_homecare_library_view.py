"""The Library's Home care page: shipped and clinic items with their illustration, a new
clinic item added through its dialog, and a shipped item edited into the clinic's copy."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from wristcare.clinic.homecare_library import CLINIC, homecare_library
from wristcare.clinic.plans import list_homecare_items

from .conftest import DialogAnswers, ModalDriver
from .plan_helpers import click
from .test_accessibility import _clashes


def _homecare(library: Any, qtbot: Any) -> Any:
    library.tabs.setCurrentWidget(library.homecare)
    page = library.homecare
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def test_home_care_page_lists_the_library_with_illustrations(library_view: Any, qtbot: Any) -> None:
    page = _homecare(library_view, qtbot)
    shipped = homecare_library()
    assert page.model.rowCount() == len(shipped)
    assert page.count.text() == f"{len(shipped)} items"
    page.table.selectRow(page.model.find_row("tendon_gliding"))
    assert page.picture.isVisible() and page.picture.renderer().isValid()
    assert "Tendon gliding" in page.detail.toPlainText()
    assert "Stop when" in page.detail.toPlainText()


def test_add_a_clinic_item_and_edit_a_shipped_one(
    library_view: Any, qtbot: Any, database: Any, answers: DialogAnswers, modal: ModalDriver
) -> None:
    page = _homecare(library_view, qtbot)

    def fill_new(dialog: Any) -> None:
        assert _clashes(dialog) == {}
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))
        assert dialog.form.error_text("title")  # refused, with the message by the field
        qtbot.keyClicks(dialog.title_box, "Thumb rest")
        dialog.steps.setPlainText("Rest the thumb on a rolled towel.\nBreathe slowly.")
        dialog.illustration.set_choice("self_massage.svg")
        qtbot.keyClicks(dialog.hold, "30")
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))

    modal.next(fill_new)
    click(qtbot, page.add_button)
    modal.check()
    items = {item.key: item for item in list_homecare_items(database)}
    own = next(item for item in items.values() if item.title == "Thumb rest")
    assert own.source == CLINIC and own.steps[1] == "Breathe slowly."
    assert page.selected().key == own.key
    assert page.model.index(page.model.find_row(own.key), 2).data() == "Clinic's own"

    page.table.selectRow(page.model.find_row("night_splint"))

    def edit_shipped(dialog: Any) -> None:
        assert dialog.title_box.text() == "Night splint"
        dialog.title_box.setText("Night splint (our brace)")
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Save))

    modal.next(edit_shipped)
    qtbot.keyClick(page.edit_button, Qt.Key.Key_Space)
    modal.check()
    splint = next(i for i in list_homecare_items(database) if i.key == "night_splint")
    assert splint.title == "Night splint (our brace)" and splint.source == CLINIC
    assert page.model.index(page.model.find_row("night_splint"), 2).data() == "Clinic's version"
    assert answers.errors == []
