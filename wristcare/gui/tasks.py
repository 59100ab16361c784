"""Running slow work off the GUI thread and handing the result back on it.

The one helper for background work (design.md, "Work off the GUI thread"): each task has
an owner (nothing is called back once the owner widget is gone), can be cancelled (its
result is dropped: a newer search supersedes an older one), routes errors to the normal
error path and the log, and ``wait_for_running`` lets the app finish running tasks before
it closes the database. Writes run on a pool of their own with one thread, so they keep
their order. The views call this through gui/ops.py, which explains failures.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

if TYPE_CHECKING:  # QtWidgets is imported where a widget is needed, not with this module
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


class _Relay(QObject):
    # Signals cross threads as queued connections, so the callbacks run on the GUI thread.
    done = Signal(object)
    failed = Signal(object)


class Task:
    """A handle on one piece of background work."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._ran = threading.Event()  # the work has returned or raised
        self._outcome: tuple[bool, Any] | None = None  # (succeeded, result or error)
        self._deliver: Callable[[bool, Any], None] | None = None
        self.finished = False

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until the work has run, then report it now rather than later (a window
        closing while its save is in flight needs that save's result first). False if it
        was still running after ``timeout_s``."""
        if not self._ran.wait(timeout_s):
            return False
        if self._deliver is not None and self._outcome is not None:
            self._deliver(*self._outcome)
        return True

    def cancel(self) -> None:
        """Drop the result: neither callback will be called (the work may still run)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def pending(self) -> bool:
        """Still to report (not finished and not cancelled)."""
        return not self.finished and not self.cancelled


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay, task: Task) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._task = task

    def run(self) -> None:
        if self._task.cancelled:  # superseded before it started: do not even ask
            self._task._outcome = (False, None)
            self._task._ran.set()
            self._relay.failed.emit(None)  # reported back (and dropped) as cancelled
            return
        try:
            result = self._work()
        except Exception as error:  # handed to the caller's on_error on the GUI thread
            self._task._outcome = (False, error)
            self._task._ran.set()
            self._relay.failed.emit(error)
        else:
            self._task._outcome = (True, result)
            self._task._ran.set()
            self._relay.done.emit(result)


_running: set[_Relay] = set()

# Writes go one at a time, in the order asked (Picard keeps a separate pool for them): a
# second autosave must not overtake the first, nor two writes race for one record.
_writes = QThreadPool()
_writes.setMaxThreadCount(1)


def _report(owner: QObject | None, error: BaseException) -> None:
    # Looked up when called, so that tests answering crash.show_error see it.
    from wristcare.gui import crash

    log.warning("background task failed: %s", type(error).__name__)
    crash.show_error(owner if _is_widget(owner) else None, error)


def _is_widget(owner: QObject | None) -> TypeGuard[QWidget]:
    from PySide6.QtWidgets import QWidget

    return isinstance(owner, QWidget)


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    owner: QObject | None = None,
    write: bool = False,
) -> Task:
    """Run ``work()`` on the thread pool; call ``on_done(result)`` or ``on_error(error)``
    back on the GUI thread, and return a Task that can cancel it.

    With an ``owner`` (the widget the result is for), nothing is called back once that
    widget has been deleted: a window closed while its data loads must not be touched.
    Without ``on_error``, an error is logged (its type only: messages may hold patient
    data) and shown as every other error is. With ``write``, the work runs on the one
    write thread, after every write asked before it.
    """
    relay = _Relay()
    task = Task()
    _running.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        if task.finished:  # already reported by Task.wait()
            return
        _running.discard(relay)
        task.finished = True
        if task.cancelled:
            return
        if owner is not None and not shiboken6.isValid(owner):
            return
        callback(value)

    def failed(error: BaseException) -> None:
        if on_error is not None:
            on_error(error)
        else:
            _report(owner, error)

    task._deliver = lambda succeeded, value: finish(on_done if succeeded else failed, value)
    relay.done.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda error: finish(failed, error))
    pool = _writes if write else QThreadPool.globalInstance()
    pool.start(_Runnable(work, relay, task))
    return task


def running_count() -> int:
    """Tasks started and not yet reported back."""
    return len(_running)


def wait_for_running(timeout_ms: int = 30_000) -> bool:
    """Wait until no background work is running (before the database is closed).

    Results that arrive after this are still dropped for deleted owners. False if
    something was still running after ``timeout_ms``.
    """
    return _writes.waitForDone(timeout_ms) and QThreadPool.globalInstance().waitForDone(timeout_ms)
