"""Who is using WristCare: asked at start when several practitioners are on record, and
whenever the practitioner is switched."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.practitioners import PractitionerRecord
from wristcare.gui.practitioners.first_run import NOT_A_LOGIN
from wristcare.gui.widgets.fields import plain_label


class ChoosePractitionerDialog(QDialog):
    def __init__(
        self,
        practitioners: list[PractitionerRecord],
        *,
        current: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is using WristCare?")
        label = QLabel("&Who is using WristCare?")
        self.list = QListWidget()
        self.list.setAccessibleName("Practitioners")
        label.setBuddy(self.list)
        for practitioner in practitioners:
            item = QListWidgetItem(practitioner.describe())
            item.setData(Qt.ItemDataRole.UserRole, practitioner.id)
            self.list.addItem(item)
            if practitioner.id == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        note = QLabel(NOT_A_LOGIN)
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(
            "&Continue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in (self.continue_button, cancel):
            button.setAccessibleName(plain_label(button.text()))
        self.continue_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(460, 340)
        self.list.setFocus()

    def chosen_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
