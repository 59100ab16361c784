"""Adding a clinic home-care item, or editing one (a shipped item edited is saved as the
clinic's own version under the same key; the shipped text stays in the app)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.homecare_library import (
    CLINIC,
    DoseRange,
    HomeCareLibraryItem,
    homecare_dir,
)
from wristcare.clinic.plans import HomeCareItemDetails
from wristcare.clinic.plans.library import plan_kind
from wristcare.db.vocab import HomeCareKind
from wristcare.gui import ops
from wristcare.gui.plans.labels import HOME_CARE_KINDS
from wristcare.gui.widgets.fields import Choice, FieldForm, NumberBox, line_box, text_box

Save = Callable[[HomeCareItemDetails, int | None], HomeCareLibraryItem]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _fixed(dose: DoseRange | None) -> int | None:
    return None if dose is None else dose.low


class HomeCareItemDialog(QDialog):
    """``saved`` holds the item once Save succeeded."""

    def __init__(self, item: HomeCareLibraryItem | None, save: Save, parent: QWidget) -> None:
        super().__init__(parent)
        self._save = save
        self.item = item
        self.saved: HomeCareLibraryItem | None = None
        shipped = item is not None and item.source != CLINIC
        self.setWindowTitle("New home-care item" if item is None else f"Edit: {item.title}")
        self.form = FieldForm()
        self.title_box = self.form.add("title", "&Title", line_box())
        self.kind = self.form.add("kind", "&Kind", Choice(HOME_CARE_KINDS, "Kind", required=True))
        self.summary = self.form.add("summary", "S&ummary", text_box(2))
        self.steps = self.form.add("steps", "Ste&ps, one a line", text_box(6))
        self.stop_rules = self.form.add("stop_rules", "Stop &when, one a line", text_box(3))
        self.caution = self.form.add("caution", "&Caution", text_box(2))
        pictures = {p.name: p.stem.replace("_", " ") for p in sorted(homecare_dir().glob("*.svg"))}
        self.illustration = self.form.add("illustration", "&Illustration", Choice(pictures))
        self.hold = self.form.add("hold_seconds", "&Hold", NumberBox(1, 300, " s"))
        self.repetitions = self.form.add("repetitions", "&Repetitions", NumberBox(1, 100))
        self.times = self.form.add("times_a_day", "Times a &day", NumberBox(1, 12))
        self.weeks = self.form.add("weeks", "W&eeks", NumberBox(1, 52))
        self.each_side = self.form.add("each_side", "", QCheckBox("Each side"))
        for box in (self.hold, self.repetitions, self.times, self.weeks):
            box.setMaximumWidth(90)
        note = QLabel(
            "You are editing a shipped item: saving keeps your version as the clinic's own, "
            "used in new plans from now on. Plans already written keep their text."
            if shipped
            else "Plans already written keep the text they were given."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        available = parent.screen().availableGeometry()
        self.resize(min(720, available.width()), min(680, available.height() - 40))
        if item is not None:
            self._load(item)

    def _load(self, item: HomeCareLibraryItem) -> None:
        self.title_box.setText(item.title)
        self.kind.set_choice(plan_kind(item.kind))
        self.summary.setPlainText(item.summary)
        self.steps.setPlainText("\n".join(item.steps))
        self.stop_rules.setPlainText("\n".join(item.stop_rules))
        self.caution.setPlainText(item.caution)
        self.illustration.set_choice(item.illustration or None)
        self.hold.set_number(_fixed(item.hold_seconds))
        self.repetitions.set_number(_fixed(item.repetitions))
        self.times.set_number(_fixed(item.times_a_day))
        self.weeks.set_number(_fixed(item.weeks))
        self.each_side.setChecked(item.each_side)

    def details(self) -> HomeCareItemDetails:
        return HomeCareItemDetails(
            key=self.item.key if self.item is not None else None,
            kind=HomeCareKind(self.kind.choice()),
            title=self.title_box.text(),
            summary=self.summary.toPlainText(),
            steps=_lines(self.steps.toPlainText()),
            stop_rules=_lines(self.stop_rules.toPlainText()),
            illustration=self.illustration.choice(),
            hold_seconds=self.hold.number(),
            repetitions=self.repetitions.number(),
            times_a_day=self.times.number(),
            weeks=self.weeks.number(),
            each_side=self.each_side.isChecked(),
            caution=self.caution.toPlainText(),
        )

    def save(self) -> None:
        # A clinic item is edited from its version; a shipped one gets its first clinic copy.
        version = (
            self.item.version if self.item is not None and self.item.source == CLINIC else None
        )
        details = self.details()
        saved = ops.call(self, lambda: self._save(details, version), form=self.form.show_errors)
        if saved is ops.FAILED:
            return
        self.saved = saved
        self.accept()
