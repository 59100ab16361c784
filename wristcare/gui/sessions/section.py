"""What every part of the note form does: fill from a note, write into one, show the
messages about its fields, list its inputs (to watch for edits and to lock)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QWidget

from wristcare.clinic.sessions import SessionDetails
from wristcare.gui.widgets.fields import FieldForm


class NoteSection(QGroupBox):
    def load(self, details: SessionDetails) -> None:
        raise NotImplementedError

    def fill(self, details: SessionDetails) -> None:
        raise NotImplementedError

    def forms(self) -> list[FieldForm]:
        return []

    def inputs(self) -> list[QWidget]:
        return [widget for form in self.forms() for widget in form.fields.values()]

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        """Show the messages for this section's fields; the keys it showed."""
        shown: set[str] = set()
        for form in reversed(self.forms()):
            mine = {k: v for k, v in problems.items() if k in form.fields}
            form.show_errors(mine)
            shown |= set(mine)
        return shown

    def set_locked(self, locked: bool) -> None:
        """Read-only (signed, or someone else's draft): hide the buttons that add rows."""
