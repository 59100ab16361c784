"""GUI fixtures: the real main window on a fresh database, or only the view under test,
with dialogs answered; a test fails if an error was shown that it did not expect."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from wristcare.config import Settings
from wristcare.db.engine import Database
from wristcare.gui import crash, dialogs

# The clinic's date on the pinned clock the window works with (tests/conftest.py).
TODAY = date(2025, 6, 15)


@pytest.fixture(scope="session", autouse=True)
def _freeze_what_lives_all_session():  # type: ignore[no-untyped-def]
    """What is alive when the first GUI test starts (modules, the rule book, the test
    modules) lives all session: the two collections each test makes skip it."""
    import gc

    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():  # type: ignore[no-untyped-def]
    """As the app does (gui/garbage.py): no collection in worker threads, where freeing
    a widget left over from an earlier test would crash the process."""
    import gc

    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def window(qtbot: Any, database: Database, ctx: Any):  # type: ignore[no-untyped-def]
    """The whole main window (its views are built as they are first shown)."""
    from wristcare.gui.main_window import MainWindow

    window = MainWindow(database, Settings(), ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.load()
    return window


VIEW_KEYS = {"Patients": "1", "Sessions": "2", "Plans": "3", "Library": "4"}


def go_to(qtbot: Any, window: Any, name: str) -> Any:
    """Show a section as a user does (Ctrl+1 … Ctrl+4); the view shown."""
    from PySide6.QtCore import Qt

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    key = getattr(Qt.Key, f"Key_{VIEW_KEYS[name]}")
    qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    return window.stack.currentWidget()


@pytest.fixture
def events(ctx: Any):  # type: ignore[no-untyped-def]
    """The app's events, working as the test's practitioner, for a view built alone."""
    from wristcare.gui.events import AppEvents

    return AppEvents(ctx)


def _shown(qtbot: Any, view: Any) -> Any:
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def patients_page(qtbot: Any, database: Database, events: Any):  # type: ignore[no-untyped-def]
    """Only the Patients view (list and record), with the note and plan windows that
    its requests open: no main window around it."""
    from shiboken6 import isValid

    from wristcare.gui.patients.page import PatientsPage
    from wristcare.gui.plans.opener import PlanOpener
    from wristcare.gui.sessions.opener import NoteOpener

    page = PatientsPage(database, events)
    # Held by the page, as the main window holds them: they answer the page's requests.
    page.notes = NoteOpener(database, events, page)  # type: ignore[attr-defined]
    page.plan_windows = PlanOpener(database, events, page)  # type: ignore[attr-defined]
    _shown(qtbot, page)
    page.load()
    yield page
    if isValid(page):
        page.notes.close_all()  # type: ignore[attr-defined]
        page.plan_windows.close_all()  # type: ignore[attr-defined]


@pytest.fixture
def library_view(qtbot: Any, database: Database, events: Any):  # type: ignore[no-untyped-def]
    """Only the Library view (points, safety rules, home care)."""
    from wristcare.gui.library.view import LibraryView

    return _shown(qtbot, LibraryView(database, events))


@pytest.fixture(autouse=True)
def _no_unexpected_errors(request: pytest.FixtureRequest, answers: DialogAnswers):  # type: ignore[no-untyped-def]
    """An error shown to the practitioner fails the test, unless the test expects
    errors (``@pytest.mark.expected_errors``) and checks them itself."""
    yield
    if request.node.get_closest_marker("expected_errors") is None:
        shown = [f"{type(e).__name__}: {e}" for e in answers.errors]
        assert shown == [], "errors were shown that the test did not expect"


class DialogAnswers:
    """Records every question the app asked and gives the prepared answer."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, Any]] = []
        # Discard by default, so that closing a window with edits at the end of a test
        # never waits on a real dialog.
        self.unsaved = dialogs.Unsaved.DISCARD
        self.duplicate = dialogs.Duplicate.CANCEL
        self.confirm = True
        self.reload = True
        self.errors: list[BaseException] = []

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def answer(kind: str, value: Callable[[], Any]) -> Callable[..., Any]:
            def ask(parent: Any, *args: Any, **options: Any) -> Any:
                self.asked.append((kind, args))
                return value()

            return ask

        monkeypatch.setattr(dialogs, "ask_unsaved", answer("unsaved", lambda: self.unsaved))
        monkeypatch.setattr(dialogs, "ask_duplicate", answer("duplicate", lambda: self.duplicate))
        monkeypatch.setattr(dialogs, "confirm", answer("confirm", lambda: self.confirm))
        monkeypatch.setattr(dialogs, "ask_reload", answer("reload", lambda: self.reload))
        monkeypatch.setattr(dialogs, "show_text", answer("text", lambda: None))
        # Every view reports through crash.show_error, looked up when called.
        monkeypatch.setattr(crash, "show_error", lambda parent, error: self.errors.append(error))

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> DialogAnswers:
    """Every GUI test answers the app's questions (a modal dialog would hang CI)."""
    answers = DialogAnswers()
    answers.install(monkeypatch)
    return answers


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Type like a user: keys for ASCII, an input-method commit for Chinese or emoji
    (QTest cannot synthesise key events for characters outside ASCII)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


class ModalDriver:
    """Answers the next modal dialog the app opens with ``callback`` (the real dialog,
    driven like a user would). A failure inside closes the dialog and is raised after."""

    def __init__(self) -> None:
        self.failures: list[BaseException] = []
        self.seen: list[Any] = []

    def next(self, callback: Callable[[Any], None]) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def run() -> None:
            widget = QApplication.activeModalWidget()
            if widget is None or widget in self.seen:
                QTimer.singleShot(10, run)
                return
            self.seen.append(widget)
            try:
                callback(widget)
            except BaseException as failure:  # reported by check(), after exec() returns
                self.failures.append(failure)
                widget.reject()

        QTimer.singleShot(0, run)

    def check(self) -> None:
        if self.failures:
            raise self.failures[0]


@pytest.fixture
def modal() -> ModalDriver:
    return ModalDriver()
