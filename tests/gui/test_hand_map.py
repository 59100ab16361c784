"""The hand symptom map driven like a practitioner: the mouse on the drawn regions, then
the keyboard alone; the data it emits and the Katz rating beside it follow."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from wristcare.clinic.outcomes.hand_map import (
    REGIONS_OF,
    Hand,
    HandMap,
    Mark,
    Place,
    Region,
    Surface,
    Symptom,
    build_map,
    region_label,
    to_plain,
)
from wristcare.clinic.outcomes.katz import KatzRating
from wristcare.gui.outcomes.hand_map import HandMapEditor

L, R = Hand.LEFT, Hand.RIGHT
PALMAR, DORSAL = Surface.PALMAR, Surface.DORSAL


@pytest.fixture
def editor(qtbot: Any) -> HandMapEditor:
    editor = HandMapEditor()
    qtbot.addWidget(editor)
    editor.resize(1200, 540)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def click_region(qtbot: Any, editor: HandMapEditor, place: Place) -> None:
    """Click where the region is drawn, and check the click lands on that region."""
    canvas = editor.canvas
    centre = editor.canvas.region_centre(place)
    target = canvas.childAt(centre)
    assert target is editor.region_button(place), (place, target and target.objectName())
    with qtbot.waitSignal(editor.changed, timeout=1000):
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(canvas, centre))


def press(qtbot: Any, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key)


def focused_place() -> Place:
    return QApplication.focusWidget().place  # type: ignore[attr-defined]


def rating(editor: HandMapEditor, hand: Hand) -> str:
    return editor.katz_labels[hand].text()


def test_every_region_is_drawn_named_and_hit_where_it_is_drawn(editor: HandMapEditor) -> None:
    places = [Place(h, s, r) for h in Hand for s in Surface for r in REGIONS_OF[s]]
    assert set(editor.canvas.buttons) == set(places)
    names = {editor.region_button(p).accessibleName() for p in places}
    assert len(names) == len(places) == 34
    for place in places:
        button = editor.region_button(place)
        assert button.accessibleName() == region_label(place.hand, place.surface, place.region)
        assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus
        # The point we click is inside the drawn region and no other region's mask.
        assert editor.canvas.childAt(editor.canvas.region_centre(place)) is button
    # Between the hands there is no region.
    gap = editor.canvas.transform().map(QPoint(int(2 * 230 + 30), 300))
    assert editor.canvas.childAt(gap) is None


def test_mouse_marks_regions_and_the_katz_rating_follows(qtbot: Any, editor: HandMapEditor) -> None:
    emitted: list[HandMap] = []

    def record(hand_map: HandMap) -> None:
        emitted.append(hand_map)

    editor.changed.connect(record)
    assert rating(editor, R) == "Right hand: Unlikely"

    click_region(qtbot, editor, Place(R, PALMAR, Region.DIGIT_1))
    assert rating(editor, R) == "Right hand: Possible"
    click_region(qtbot, editor, Place(R, DORSAL, Region.DIGIT_2))
    assert rating(editor, R) == "Right hand: Classic"
    assert editor.katz_reasons[R].text() == "Digits 1, 2; palm and back of the hand clear."

    click_region(qtbot, editor, Place(R, PALMAR, Region.PALM_ULNAR))
    assert rating(editor, R) == "Right hand: Possible"
    click_region(qtbot, editor, Place(R, PALMAR, Region.PALM_RADIAL))
    assert rating(editor, R) == "Right hand: Probable"

    # Choose pain with the mouse; a click marks pain on the wrist.
    pain = editor.symptom_buttons[Symptom.PAIN]
    qtbot.mouseClick(pain, Qt.MouseButton.LeftButton, pos=QPoint(8, pain.height() // 2))
    assert editor.symptom() is Symptom.PAIN
    click_region(qtbot, editor, Place(L, DORSAL, Region.WRIST))
    # The intensity box rates the chosen region's pain.
    assert editor.intensity.isEnabled()
    editor.intensity.setValue(4)
    assert editor.hand_map().mark(Place(L, DORSAL, Region.WRIST), Symptom.PAIN) == Mark(
        Place(L, DORSAL, Region.WRIST), Symptom.PAIN, 4
    )
    assert rating(editor, L) == "Left hand: Unlikely"

    # A second click with the same symptom clears it again.
    click_region(qtbot, editor, Place(L, DORSAL, Region.WRIST))
    assert editor.hand_map().marks_on(L) == ()
    assert not editor.intensity.isEnabled()

    assert emitted[-1] == editor.hand_map()
    numb = {"hand": "right", "symptom": "numbness", "intensity": None}
    assert to_plain(emitted[-1])["marks"] == [
        {**numb, "surface": "palmar", "region": "digit_1"},
        {**numb, "surface": "palmar", "region": "palm_radial"},
        {**numb, "surface": "palmar", "region": "palm_ulnar"},
        {**numb, "surface": "dorsal", "region": "digit_2"},
    ]


def test_keyboard_alone_moves_marks_rates_and_clears(qtbot: Any, editor: HandMapEditor) -> None:
    editor.activateWindow()
    first = editor.region_button(Place(L, PALMAR, Region.DIGIT_1))
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)

    press(qtbot, Qt.Key.Key_Tab)
    assert focused_place() == Place(L, PALMAR, Region.DIGIT_2)
    press(qtbot, Qt.Key.Key_Right)
    assert focused_place() == Place(L, PALMAR, Region.DIGIT_3)
    assert "Middle finger" in editor.selected_label.text()

    with qtbot.waitSignal(editor.changed):
        press(qtbot, Qt.Key.Key_T)
    press(qtbot, Qt.Key.Key_7)
    assert editor.symptom() is Symptom.TINGLING
    assert editor.symptom_buttons[Symptom.TINGLING].isChecked()
    middle = Place(L, PALMAR, Region.DIGIT_3)
    assert editor.hand_map().mark(middle, Symptom.TINGLING) == Mark(middle, Symptom.TINGLING, 7)
    assert editor.region_button(middle).accessibleDescription() == "Tingling 7"
    assert rating(editor, L) == "Left hand: Possible"

    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_N)  # numbness on the index finger
    press(qtbot, Qt.Key.Key_9)
    press(qtbot, Qt.Key.Key_Plus)  # 10 is one step above 9
    index = Place(L, PALMAR, Region.DIGIT_2)
    assert editor.hand_map().mark(index, Symptom.NUMBNESS) == Mark(index, Symptom.NUMBNESS, 10)
    assert rating(editor, L) == "Left hand: Classic"
    assert editor.intensity.value() == 10

    # The back of the hand: arrow round to the dorsum and mark it.
    for _ in range(8):  # d3, d4, d5, palm radial, palm ulnar, wrist, forearm, then the back
        press(qtbot, Qt.Key.Key_Right)
    assert focused_place() == Place(L, DORSAL, Region.DIGIT_1)
    for _ in range(5):
        press(qtbot, Qt.Key.Key_Right)
    assert focused_place() == Place(L, DORSAL, Region.DORSUM)
    press(qtbot, Qt.Key.Key_Space)
    assert rating(editor, L) == "Left hand: Possible"
    assert "back of the hand" in editor.katz_reasons[L].text()
    press(qtbot, Qt.Key.Key_Space)  # Space again clears it
    assert rating(editor, L) == "Left hand: Classic"

    # Back to the middle finger: 0 keeps the mark but it is no symptom; Delete clears.
    for _ in range(12):
        press(qtbot, Qt.Key.Key_Left)
    assert focused_place() == middle
    press(qtbot, Qt.Key.Key_T)
    press(qtbot, Qt.Key.Key_0)
    assert editor.hand_map().mark(middle, Symptom.TINGLING) == Mark(middle, Symptom.TINGLING, 0)
    assert rating(editor, L) == "Left hand: Possible"
    press(qtbot, Qt.Key.Key_Delete)
    assert editor.hand_map().marks_at(middle) == ()

    # Left from the very first region wraps to the last one.
    press(qtbot, Qt.Key.Key_Left)
    press(qtbot, Qt.Key.Key_Left)
    assert focused_place() == Place(L, PALMAR, Region.DIGIT_1)
    press(qtbot, Qt.Key.Key_Left)
    assert focused_place() == Place(R, PALMAR, Region.FOREARM)


def test_the_region_under_the_pointer_is_highlighted(qtbot: Any, editor: HandMapEditor) -> None:
    place = Place(R, DORSAL, Region.DORSUM)
    button = editor.region_button(place)
    qtbot.mouseMove(button, button.mapFrom(editor.canvas, editor.canvas.region_centre(place)))
    qtbot.waitUntil(lambda: editor.canvas.hovered == place)
    assert "Back of the hand" in button.toolTip()


def test_a_stored_map_is_shown_without_emitting(qtbot: Any, editor: HandMapEditor) -> None:
    stored = build_map(
        [
            Mark(Place(R, PALMAR, Region.DIGIT_2), Symptom.PAIN, 5),
            Mark(Place(R, PALMAR, Region.DIGIT_3), Symptom.NUMBNESS, None),
        ]
    )
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_hand_map(stored)
    assert editor.hand_map() == stored
    assert rating(editor, R) == "Right hand: Classic"
    assert editor.katz()[R].rating is KatzRating.CLASSIC
    button = editor.region_button(Place(R, PALMAR, Region.DIGIT_3))
    assert button.accessibleDescription() == "Numbness not rated"
    image = editor.grab()
    assert not image.isNull() and image.width() >= 1000
