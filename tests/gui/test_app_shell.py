"""The main window: navigation between the views, from the keyboard and the mouse."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt


def test_navigation_reaches_every_view(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    views = (window.patients, window.sessions, window.plans, window.library)
    for number, view in enumerate(views, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.stack.currentWidget() is view
        assert window.navigation.currentRow() == number - 1
    for name, view in zip(("Patients", "Sessions", "Plans", "Library"), views, strict=True):
        window.show_view(name)
        assert window.stack.currentWidget() is view


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
