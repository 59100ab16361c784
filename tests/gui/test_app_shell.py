"""The main window: navigation between the views, from the keyboard and the mouse."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_navigation_reaches_every_view(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # Only the Patients view is built at start; each other one when first shown.
    assert window.stack.currentWidget() is window.patients
    assert [type(window.stack.widget(row)).__name__ for row in range(1, 4)] == ["QWidget"] * 3
    for number, kind in enumerate(
        ("PatientsPage", "SessionsView", "PlansOverview", "LibraryView"), start=1
    ):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert type(window.stack.currentWidget()).__name__ == kind
        assert window.navigation.currentRow() == number - 1
    views = (window.patients, window.sessions, window.plans, window.library)
    for number, view in enumerate(views, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.stack.currentWidget() is view  # built once, then kept


def test_clicking_a_section_shows_it(window: Any, qtbot: Any) -> None:
    navigation = window.navigation
    item = navigation.item(3)
    qtbot.mouseClick(
        navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=navigation.visualItemRect(item).center(),
    )
    assert window.stack.currentWidget() is window.library
    assert window.windowTitle().startswith("WristCare")
    assert "Database:" in window.statusBar().currentMessage()
