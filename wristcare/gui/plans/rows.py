"""A list of rows that each edit one item of the plan (a goal, a phase, a home-care item):
add, remove, read back, and each row's messages shown under that row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from wristcare.gui.widgets.fields import button, lock, on_change


class EditorRow(QFrame):
    """One item: its inputs by field name, a Remove button, and a message line under it."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.remove = button("Remove")
        self.error = QLabel()
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        self.fields: dict[str, QWidget] = {}
        self.captions: dict[str, str] = {}

    def field(self, name: str, caption: str, widget: Any) -> Any:
        self.fields[name] = widget
        self.captions[name] = caption
        return widget

    def inputs(self) -> list[QWidget]:
        return list(self.fields.values())

    def details(self) -> Any:
        raise NotImplementedError

    def input_problems(self) -> dict[str, str]:
        """What the row itself can tell is unreadable (a date or number that is not one)."""
        return {}

    def show_errors(self, problems: dict[str, str]) -> None:
        """``problems``: field name (or "") -> message, shown under the row."""
        lines = []
        for widget in self.fields.values():
            widget.setAccessibleDescription("")
        for name, message in problems.items():
            caption = self.captions.get(name)
            lines.append(f"{caption}: {message}" if caption else message)
            widget = self.fields.get(name)
            if widget is not None:
                widget.setAccessibleDescription(message)
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))

    def set_locked(self, locked: bool) -> None:
        for widget in self.inputs():
            lock(widget, locked)
        self.remove.setVisible(not locked)


class RowList(QWidget):
    """Rows made by ``make_row(number, details)``; ``changed`` on any edit, add or removal.

    ``key`` is the field name of the list in validation messages ("goals.2.target").
    """

    changed = Signal()
    rows_changed = Signal()

    def __init__(
        self,
        key: str,
        make_row: Callable[[int, Any], EditorRow],
        new_details: Callable[[], Any] | None,
        add_label: str,
        empty_text: str,
    ) -> None:
        super().__init__()
        self.key = key
        self._make_row = make_row
        self._new_details = new_details
        self.rows: list[EditorRow] = []
        # Called with the kept items and the removed row's index, to renumber references.
        self.after_removal: Callable[[list[Any], int], list[Any]] | None = None
        self.list_layout = QVBoxLayout()
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(4)
        self.empty = QLabel(empty_text)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.setWordWrap(True)
        self.problem.hide()
        # Lists whose items come from elsewhere (a point typed, a library item) have none.
        self.add_button: QPushButton | None = button(add_label) if new_details else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.list_layout)
        layout.addWidget(self.empty)
        layout.addWidget(self.problem)
        if self.add_button is not None:
            layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.add_button.clicked.connect(self.add_new)
        self._show_empty()

    def add_new(self) -> None:
        assert self._new_details is not None
        self.add(self._new_details())
        inputs = self.rows[-1].inputs()
        if inputs:
            inputs[0].setFocus()

    def add(self, details: Any) -> EditorRow:
        row = self._make_row(len(self.rows) + 1, details)
        for widget in row.inputs():
            on_change(widget, self.changed.emit)
        row.remove.clicked.connect(lambda _=False, r=row: self.remove(r))
        self.list_layout.addWidget(row)
        row.show()  # now, not when the event loop next runs: the new row takes the focus
        self.rows.append(row)
        self._show_empty()
        self.rows_changed.emit()
        self.changed.emit()
        return row

    def remove(self, row: EditorRow) -> None:
        index = self.rows.index(row)
        kept = [r.details() for r in self.rows if r is not row]
        if self.after_removal is not None:
            kept = self.after_removal(kept, index)
        self.load(kept)
        self.rows_changed.emit()
        self.changed.emit()

    def load(self, items: list[Any]) -> None:
        self.blockSignals(True)
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for details in items:
            self.add(details)
        self.blockSignals(False)
        self._show_empty()

    def values(self) -> list[Any]:
        return [row.details() for row in self.rows]

    def input_problems(self) -> dict[str, str]:
        return {
            f"{self.key}.{index}.{name}": message
            for index, row in enumerate(self.rows)
            for name, message in row.input_problems().items()
        }

    def inputs(self) -> list[QWidget]:
        rows = [w for row in self.rows for w in [*row.inputs(), row.remove]]
        return rows + ([self.add_button] if self.add_button is not None else [])

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        """Show the messages whose key starts with this list's key; the keys shown."""
        mine: dict[int, dict[str, str]] = {}
        shown = set()
        general = []
        for key, message in problems.items():
            parts = key.split(".")
            if parts[0] != self.key:
                continue
            shown.add(key)
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(self.rows):
                mine.setdefault(int(parts[1]), {})[".".join(parts[2:])] = message
            else:
                general.append(message)
        self.problem.setText("\n".join(general))
        self.problem.setVisible(bool(general))
        for index, row in enumerate(self.rows):
            row.show_errors(mine.get(index, {}))
        return shown

    def _show_empty(self) -> None:
        self.empty.setVisible(not self.rows)

    def set_locked(self, locked: bool) -> None:
        for row in self.rows:
            row.set_locked(locked)
        if self.add_button is not None:
            self.add_button.setVisible(not locked)
