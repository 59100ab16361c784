"""Home care in the plan: items picked from the library (shipped and the clinic's own),
each with the dose adjusted for this patient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.homecare_library import CLINIC, HomeCareLibraryItem
from wristcare.clinic.plans import HomeCareDetails, homecare_details_from
from wristcare.clinic.plans.library import plan_kind
from wristcare.gui.plans.labels import HOME_CARE_KINDS
from wristcare.gui.plans.rows import EditorRow, RowList
from wristcare.gui.widgets.fields import Choice, NumberBox, button, line_box, named

# (field, caption before the box, suffix, highest)
DOSE = (
    ("hold_seconds", "Hold", " s", 300),
    ("repetitions", "Reps", "", 100),
    ("sets", "Sets", "", 10),
    ("times_a_day", "Times a day", "", 12),
    ("days_a_week", "Days a week", "", 7),
    ("weeks", "Weeks", "", 52),
)


class HomeCareRow(EditorRow):
    def __init__(self, number: int, item: HomeCareDetails) -> None:
        super().__init__(number)
        self.item = item
        what = item.title or f"Home-care item {number}"
        kind = HOME_CARE_KINDS.get(item.kind, str(item.kind))
        self.title = QLabel(f"<b>{number}. {item.title}</b> ({kind.lower()})")
        self.title.setWordWrap(True)
        self.title.setAccessibleName(f"Home-care item {number}")
        self.doses: dict[str, NumberBox] = {}
        dose_line = QHBoxLayout()
        for name, caption, suffix, high in DOSE:
            box = NumberBox(1, high, suffix, f"{what} {caption.lower()}")
            box.setMinimumWidth(48)
            box.set_number(getattr(item, name))
            self.doses[name] = self.field(name, caption, box)
            dose_line.addSpacing(6)
            dose_line.addWidget(QLabel(caption))
            dose_line.addWidget(box)
        self.each_side = self.field("each_side", "Each side", QCheckBox("each side"))
        self.each_side.setAccessibleName(f"{what} each side")
        self.each_side.setChecked(item.each_side)
        dose_line.addSpacing(6)
        dose_line.addWidget(self.each_side)
        dose_line.addStretch(1)
        self.note = self.field("note", "Note", named(line_box(), f"{what} note"))
        self.note.setPlaceholderText("Note for the patient about this item")
        self.note.setText(item.note)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(dose_line)
        layout.addWidget(self.note)
        layout.addWidget(self.error)

    def details(self) -> HomeCareDetails:
        # The text stays as taken from the library; only the dose and the note are edited.
        return replace(
            self.item,
            steps=list(self.item.steps),
            stop_rules=list(self.item.stop_rules),
            each_side=self.each_side.isChecked(),
            note=self.note.text(),
            **{name: box.number() for name, box in self.doses.items()},
        )


class HomeCareEditor(QWidget):
    """The plan's items, and a pick list of the library to add from."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.library: list[HomeCareLibraryItem] = []
        self.list = RowList("home_care", HomeCareRow, None, "", "No home care yet.")
        self.picker = Choice({}, "Home-care item to add", required=True)
        self.picker.setMinimumWidth(320)
        self.add_button = button("&Add to plan")
        pick = QHBoxLayout()
        pick.addWidget(QLabel("From the library:"))
        pick.addWidget(self.picker, 1)
        pick.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(pick)
        self.list.changed.connect(self.changed)
        self.add_button.clicked.connect(self.add_chosen)

    def set_library(self, items: Sequence[HomeCareLibraryItem]) -> None:
        """The items offered: shipped ones and the clinic's own."""
        self.library = list(items)
        self.picker.clear()
        for index, item in enumerate(self.library):
            kind = HOME_CARE_KINDS.get(plan_kind(item.kind), "")
            own = " — clinic's own" if item.source == CLINIC else ""
            self.picker.addItem(f"{item.title} ({kind.lower()}){own}", index)

    def add_chosen(self) -> None:
        index = self.picker.choice()
        if index is None or not 0 <= index < len(self.library):
            return
        row = self.list.add(homecare_details_from(self.library[index]))
        assert isinstance(row, HomeCareRow)
        row.doses["hold_seconds"].setFocus()

    def load(self, items: list[HomeCareDetails]) -> None:
        self.list.load(items)

    def items(self) -> list[HomeCareDetails]:
        return self.list.values()

    def inputs(self) -> list[QWidget]:
        return [*self.list.inputs(), self.picker, self.add_button]

    def set_locked(self, locked: bool) -> None:
        self.list.set_locked(locked)
        for widget in (self.picker, self.add_button):
            widget.setVisible(not locked)
