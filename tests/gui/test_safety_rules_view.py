"""The Safety page of the Library: every rule with its code, level in words, who may switch
it off and its source; filtered as the practitioner types; the selected rule explained."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from wristcare.clinic.safety import list_rules, rule_book
from wristcare.clinic.safety.rulebook import RuleDataError
from wristcare.gui.library import rules_view
from wristcare.gui.library.rules_model import (
    SafetyRulesFilter,
    SafetyRulesModel,
    fill,
    rule_rows,
)
from wristcare.gui.library.rules_style import SafetyRulesStyle

from .conftest import DialogAnswers

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
ALL_RULES = len(list_rules())
PREGNANCY = ["PREG-AVOID", "PREG-CAUTION", "PREG-EA"]


def _codes(model: Any) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


@pytest.fixture
def safety(window: Any, qtbot: Any) -> Any:
    """The main window on the Library (Ctrl+4), switched to its Safety tab with Alt+S."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    assert window.stack.currentWidget() is window.library
    qtbot.keyClick(window, Qt.Key.Key_S, ALT)
    view = window.library.rules
    assert window.library.tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.model.rowCount() == ALL_RULES)
    return view


def test_the_safety_tab_lists_every_rule(safety: Any) -> None:
    assert _codes(safety.table.model()) == [rule.code for rule in list_rules()]
    assert safety.count.text() == f"{ALL_RULES} rules"
    # Switching to the tab took the keyboard to its filter.
    assert safety.filter.hasFocus()


def test_filter_preg_shows_the_pregnancy_rules_and_their_guidance(safety: Any, qtbot: Any) -> None:
    qtbot.keyClicks(safety.filter, "PREG")
    table = safety.table
    assert _codes(table.model()) == PREGNANCY
    assert safety.count.text() == f"3 of {ALL_RULES} rules"
    first = [table.model().index(0, column).data() for column in range(5)]
    assert first[:4] == [
        "PREG-AVOID",
        "Caution",
        "Point traditionally avoided in pregnancy",
        "The clinic",
    ]
    assert first[4].startswith("clinical.md")

    assert safety.detail.toPlainText() == ""
    cell = table.visualRect(table.model().index(0, 2)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    detail = safety.detail.toPlainText()
    assert "PREG-AVOID: Point traditionally avoided in pregnancy" in detail
    assert "Level: Caution" in detail and "Who may switch it off: The clinic" in detail
    assert "record your reason to proceed" in detail
    assert "LI4, SP6, BL60, BL67, BL31–BL34" in detail
    assert "{" not in detail

    # Typing on hides the selected rule; its explanation goes with it.
    qtbot.keyClicks(safety.filter, " ea")
    assert _codes(table.model()) == ["PREG-EA"]
    assert "PREG-AVOID" not in safety.detail.toPlainText()
    qtbot.keyClicks(safety.filter, " xyz")
    assert _codes(table.model()) == []
    assert safety.count.text() == f"0 of {ALL_RULES} rules"
    assert safety.detail.toPlainText() == ""


def test_ctrl_f_finds_on_the_page_shown(safety: Any, window: Any, qtbot: Any) -> None:
    safety.table.setFocus()
    qtbot.keyClick(safety.table, Qt.Key.Key_F, CTRL)
    assert safety.filter.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_P, ALT)
    assert window.library.tabs.currentIndex() == 0
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    assert window.library.filter.hasFocus()


def test_a_rules_file_that_cannot_be_read_is_reported(
    window: Any, qtbot: Any, answers: DialogAnswers, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> list[Any]:
        raise RuleDataError("The safety rules at rules.toml are not valid TOML")

    monkeypatch.setattr(rules_view, "read_rules", broken)
    window.show_view("Library")
    window.library.tabs.setCurrentWidget(window.library.rules)
    qtbot.waitUntil(lambda: len(answers.errors) == 1)
    assert isinstance(answers.errors[0], RuleDataError)
    assert window.library.rules.count.text() == "0 rules"


# The models on their own, over the shipped rules.


def test_model_is_well_behaved_through_filter_and_looks(qtmodeltester: Any) -> None:
    model = SafetyRulesModel(rule_rows(rule_book()))
    qtmodeltester.check(model)
    proxy = SafetyRulesFilter()
    proxy.setSourceModel(model)
    looks = SafetyRulesStyle()
    looks.setSourceModel(proxy)
    qtmodeltester.check(looks)
    proxy.set_query("preg")
    qtmodeltester.check(looks)
    assert _codes(looks) == PREGNANCY
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Code", "Level", "Title", "Who may switch it off", "Source"]
    assert model.headerData(0, Qt.Orientation.Vertical) is None


def test_model_takes_rows(qtbot: Any) -> None:
    model = SafetyRulesModel()
    assert model.rowCount() == 0
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(rule_rows(rule_book())[:2])
    assert model.rowCount() == 2


@pytest.fixture
def cells() -> Any:
    """Every cell as the page shows it, by rule code (the models live as long as the test)."""
    # No parents: Python owns each model, and they go in order (indexes first, then the
    # outermost model), so no collection later meets an index into a deleted model.
    source = SafetyRulesModel(rule_rows(rule_book()))
    proxy = SafetyRulesFilter()
    proxy.setSourceModel(source)
    looks = SafetyRulesStyle()
    looks.setSourceModel(proxy)
    by_code = {
        looks.index(row, 0).data(): [looks.index(row, c) for c in range(5)]
        for row in range(looks.rowCount())
    }
    yield by_code
    by_code.clear()
    looks.setSourceModel(None)
    proxy.setSourceModel(None)
    del looks, proxy, source


@pytest.mark.parametrize(
    ("code", "level", "switch_off"),
    [
        ("DEVICE-EA", "Stop", "Always on"),
        ("PREG-AVOID", "Caution", "The clinic"),
        ("THORAX-DEPTH", "Caution", "Always on"),  # a caution the clinic may not switch off
        ("RF-THENAR-WASTING", "Red flag", "Always on"),
        ("RADIAL-ARTERY", "Note", "The clinic"),
    ],
)
def test_level_in_words_and_who_may_switch_it_off(
    cells: Any, code: str, level: str, switch_off: str
) -> None:
    row = cells[code]
    assert row[1].data() == level
    assert row[3].data() == switch_off
    assert row[1].data(Qt.ItemDataRole.AccessibleTextRole).startswith(f"{code}, {level}:")


def test_each_level_has_its_own_colours_beside_its_words(cells: Any) -> None:
    def looks(code: str) -> tuple[str, str]:
        cell = cells[code][1]
        foreground = cell.data(Qt.ItemDataRole.ForegroundRole)
        background = cell.data(Qt.ItemDataRole.BackgroundRole)
        assert isinstance(foreground, QColor) and isinstance(background, QColor)
        return foreground.name(), background.name()

    assert len({looks("DEVICE-EA"), looks("PREG-AVOID"), looks("RADIAL-ARTERY")}) == 3
    assert cells["DEVICE-EA"][1].data(Qt.ItemDataRole.FontRole).bold()
    assert cells["PREG-AVOID"][1].data(Qt.ItemDataRole.FontRole) is None
    # Only the level cell is tinted.
    assert cells["DEVICE-EA"][2].data(Qt.ItemDataRole.BackgroundRole) is None


def test_wording_reads_as_a_rule_with_the_thresholds_quoted(cells: Any) -> None:
    rows = {row.rule.code: row for row in rule_rows(rule_book())}
    for row in rows.values():
        assert "{" not in row.explanation + row.guidance, row.rule.code
    assert "0.20 mm" in rows["BLEED-NEEDLE"].guidance
    assert "10 mm" in rows["THORAX-DEPTH"].guidance
    assert rows["RF-NO-IMPROVEMENT"].explanation.startswith("No clinically important")
    assert "after 8 weeks" in rows["RF-NO-IMPROVEMENT"].explanation
    assert rows["PREG-AVOID"].explanation == "Pregnant (due date): the points planned."
    assert "regions: abdomen, lower back" in rows["PREG-CAUTION"].points
    tip = cells["PREG-EA"][2].data(Qt.ItemDataRole.ToolTipRole)
    assert tip == f"{rows['PREG-EA'].explanation}\n{rows['PREG-EA'].guidance}"
    source = cells["BLEED-NEEDLE"][4].data(Qt.ItemDataRole.ToolTipRole)
    assert source == rows["BLEED-NEEDLE"].rule.source
    assert fill("{unknown_field} here", {}) == "unknown field here"


def _row_of(view: Any, code: str) -> int:
    model = view.table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == code)


def _press_space_on(qtbot: Any, view: Any, code: str) -> Any:
    index = view.table.model().index(_row_of(view, code), 5)
    view.table.setFocus()
    view.table.setCurrentIndex(index)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    return index


def test_a_clinic_switches_a_caution_off_and_on_again_audited(
    safety: Any, qtbot: Any, database: Any, ctx: Any, answers: DialogAnswers
) -> None:
    from sqlalchemy import select

    from wristcare.clinic.rule_switches import rules_off
    from wristcare.db.models import AuditEntry

    index = _press_space_on(qtbot, safety, "PREG-AVOID")

    assert answers.kinds() == ["confirm"]
    assert rules_off(database) == {"PREG-AVOID"}
    assert index.data() == "Switched off"
    assert index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert "Switched off by the clinic" in safety.detail.toPlainText()
    grey = safety.table.model().index(index.row(), 2).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(grey, QColor)

    _press_space_on(qtbot, safety, "PREG-AVOID")
    assert rules_off(database) == frozenset()
    assert index.data() == "On"
    with database.read() as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.entity == "clinic_settings"))
        trail = [(e.action, e.changes["rule"], e.actor) for e in entries]
    assert trail == [
        ("safety_rule_off", "PREG-AVOID", ctx.actor.name),
        ("safety_rule_on", "PREG-AVOID", ctx.actor.name),
    ]
    assert answers.errors == []


def test_a_stop_has_no_box_to_clear(
    safety: Any, qtbot: Any, database: Any, answers: DialogAnswers
) -> None:
    from wristcare.clinic.rule_switches import rules_off

    index = _press_space_on(qtbot, safety, "DEVICE-EA")
    assert index.data() == "Always"
    assert index.data(Qt.ItemDataRole.CheckStateRole) is None
    assert not index.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert answers.kinds() == [] and rules_off(database) == frozenset()


def test_an_answer_of_no_leaves_the_rule_on(
    safety: Any, qtbot: Any, database: Any, answers: DialogAnswers
) -> None:
    from wristcare.clinic.rule_switches import rules_off

    answers.confirm = False
    index = _press_space_on(qtbot, safety, "DIABETES-DISTAL")
    assert answers.kinds() == ["confirm"]
    assert rules_off(database) == frozenset() and index.data() == "On"


def test_switched_off_rules_show_as_such_when_the_page_opens(
    window: Any, qtbot: Any, database: Any, ctx: Any
) -> None:
    from wristcare.clinic.rule_switches import switch_rule

    switch_rule(database, ctx, "SITE-METAL", on=False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.keyClick(window, Qt.Key.Key_S, ALT)
    view = window.library.rules
    qtbot.waitUntil(lambda: view.model.rowCount() == ALL_RULES)
    model = view.table.model()
    assert model.index(_row_of(view, "SITE-METAL"), 5).data() == "Switched off"
    assert model.index(_row_of(view, "SITE-SKIN"), 5).data() == "On"
