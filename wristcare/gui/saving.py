"""One way an editor window saves through a use case and says what went wrong: messages by
the fields, the "changed by someone else" question, or the error dialog. The note editor
and the plan editor both save this way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from wristcare.clinic.errors import ValidationError
from wristcare.db.errors import ConcurrentEditError
from wristcare.errors import WristCareError
from wristcare.gui import crash, dialogs

Saved = TypeVar("Saved")


def save_or_explain(
    window: QWidget,
    save: Callable[[], Saved],
    *,
    status: QLabel,
    show_errors: Callable[[dict[str, str]], None],
    reload: Callable[[], None],
) -> Saved | None:
    """What ``save`` returned, or None after telling the practitioner why nothing was saved
    (a stale save offers to reload; the edits stay on screen either way)."""
    try:
        return save()
    except ValidationError as error:
        show_errors(error.fields)
        status.setText("Not saved: see the messages")
    except ConcurrentEditError as error:
        status.setText("Not saved")
        if dialogs.ask_reload(window, error.message):
            reload()
    except WristCareError as error:
        status.setText("Not saved")
        crash.show_error(window, error)
    return None
