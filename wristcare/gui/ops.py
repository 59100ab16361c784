"""One way the GUI calls a use case and explains what went wrong (Anki's QueryOp and
CollectionOp, on gui/tasks.py's ``run_in_background``).

- ``read`` runs off the GUI thread; ``write`` runs on the one write thread, so writes keep
  their order; both call back on the GUI thread, never for a widget already deleted, and
  the app waits for both before it closes the database (``tasks.wait_for_running``).
- ``call`` runs on the GUI thread, for the few places that need the answer at once (leaving
  a record with "Save", closing a window: the next step depends on it).
- Every one explains a failure the same way (``explain``): a ``ValidationError`` goes to
  the form's fields, a record changed by someone else offers a reload, any other
  ``WristCareError`` to the error dialog, and anything unexpected to the crash path, which
  logs the traceback without messages (they may hold patient data).
- A write says what it changed (``changes``); once it is done the helper tells the
  app's events (gui/events.py), and the views showing it refresh themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from wristcare.clinic.errors import ValidationError
from wristcare.db.errors import ConcurrentEditError
from wristcare.errors import WristCareError
from wristcare.gui.events import AppEvents, Changes
from wristcare.gui.tasks import Task, run_in_background

log = logging.getLogger(__name__)

T = TypeVar("T")


# Shows a use case's messages by the fields they are about (a form's show_errors).
ShowErrors = Callable[[dict[str, str]], None]


class _Failed:
    """What ``call`` returns when the work failed (and the failure has been explained)."""

    def __repr__(self) -> str:
        return "FAILED"

    def __bool__(self) -> bool:
        return False


FAILED = _Failed()


def explain(
    owner: QWidget | None,
    error: BaseException,
    *,
    form: ShowErrors | None = None,
    status: QLabel | None = None,
    reload: Callable[[], None] | None = None,
) -> None:
    """Tell the practitioner why nothing was saved; the edits stay on screen.

    ``form`` (a form's ``show_errors``) shows a ``ValidationError`` by its fields
    (without one the error dialog says it); ``reload`` is offered when someone else saved
    the record first; ``status`` says "Not saved".
    """
    # Looked up when called, so that tests answering the dialogs see them.
    from wristcare.gui import crash, dialogs

    if isinstance(error, ValidationError) and form is not None:
        form(error.fields)
        if status is not None:
            status.setText("Not saved: see the messages")
        return
    if status is not None:
        status.setText("Not saved")
    if isinstance(error, ConcurrentEditError) and reload is not None:
        if dialogs.ask_reload(owner, error.message):
            reload()
        return
    if not isinstance(error, WristCareError):
        log.warning("operation failed: %s", type(error).__name__)
    # The crash path logs an unexpected error's traceback (no messages) and says so.
    crash.show_error(owner, error)


def call(
    owner: QWidget | None,
    work: Callable[[], T],
    *,
    form: ShowErrors | None = None,
    status: QLabel | None = None,
    reload: Callable[[], None] | None = None,
    events: AppEvents | None = None,
    changes: Changes | Callable[[T], Changes] | None = None,
) -> T | _Failed:
    """``work()`` now, on the GUI thread: its result, or ``FAILED`` once explained."""
    try:
        result = work()
    except Exception as error:
        explain(owner, error, form=form, status=status, reload=reload)
        return FAILED
    _announce(events, changes, result)
    return result


def read(
    owner: QWidget,
    work: Callable[[], T],
    done: Callable[[T], None],
    *,
    failed: Callable[[BaseException], None] | None = None,
) -> Task:
    """``work()`` off the GUI thread, then ``done(result)`` on it (unless ``owner`` is
    gone). On a failure ``failed(error)`` puts the view right, then the failure is
    explained."""

    def on_error(error: BaseException) -> None:
        if failed is not None:
            failed(error)
        explain(owner, error)

    return run_in_background(work, done, on_error, owner=owner)


def write(
    owner: QWidget,
    work: Callable[[], T],
    done: Callable[[T], None] | None = None,
    *,
    form: ShowErrors | None = None,
    status: QLabel | None = None,
    reload: Callable[[], None] | None = None,
    failed: Callable[[BaseException], None] | None = None,
    events: AppEvents | None = None,
    changes: Changes | Callable[[T], Changes] | None = None,
) -> Task:
    """``work()`` on the write thread, after every write asked before it; then on the GUI
    thread ``done(result)`` and the ``changes`` told to ``events``, or the failure
    explained (see ``explain``) and ``failed(error)``."""

    def on_done(result: T) -> None:
        if done is not None:
            done(result)
        _announce(events, changes, result)

    def on_error(error: BaseException) -> None:
        if failed is not None:
            failed(error)
        explain(owner, error, form=form, status=status, reload=reload)

    return run_in_background(work, on_done, on_error, owner=owner, write=True)


def _announce(
    events: AppEvents | None, changes: Changes | Callable[[Any], Changes] | None, result: Any
) -> None:
    if events is None or changes is None:
        return
    events.announce(changes(result) if callable(changes) else changes)


__all__ = ["FAILED", "ShowErrors", "call", "explain", "read", "write"]
