"""File → Practitioners: add colleagues, correct their details, deactivate those who left
(never delete: the audit trail and signed notes keep pointing at them)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    PractitionerRecord,
    add_practitioner,
    list_practitioners,
    set_practitioner_active,
    update_practitioner,
)
from wristcare.db.engine import Database
from wristcare.gui import ops
from wristcare.gui.practitioners.fields import PractitionerFields
from wristcare.gui.widgets.fields import button, plain_label, save_cancel


class PractitionerEditDialog(QDialog):
    """One practitioner's fields; ``submit`` saves them or raises ValidationError."""

    def __init__(
        self,
        title: str,
        details: PractitionerDetails,
        submit: Callable[[PractitionerDetails], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.fields = PractitionerFields()
        self.fields.load(details)
        buttons = save_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def accept(self) -> None:
        details = self.fields.details()
        if (
            ops.call(self, lambda: self._submit(details), form=self.fields.show_errors)
            is ops.FAILED
        ):
            return
        super().accept()


class PractitionersDialog(QDialog):
    """Every practitioner on record, the inactive ones marked."""

    def __init__(
        self, database: Database, context: ClinicContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Practitioners")
        self.database = database
        self.context = context
        label = QLabel("&Practitioners on record")
        self.list = QListWidget()
        self.list.setAccessibleName("Practitioners on record")
        label.setBuddy(self.list)
        self.add_button = button("&Add…")
        self.edit_button = button("&Edit…")
        self.active_button = button("&Deactivate")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.buttons()[0].setAccessibleName("Close")
        close.rejected.connect(self.reject)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.active_button.clicked.connect(self.toggle_active)
        self.list.currentItemChanged.connect(lambda *_: self._selection_changed())
        self.list.itemActivated.connect(lambda _item: self.edit())
        actions = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.active_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        note = QLabel(
            "Practitioners who leave are deactivated, never deleted: the records they "
            "wrote keep their name."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(actions)
        layout.addWidget(note)
        layout.addWidget(close)
        self.resize(520, 380)
        self.practitioners: list[PractitionerRecord] = []
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        current = select if select is not None else self.selected_id()
        found = ops.call(self, lambda: list_practitioners(self.database, include_inactive=True))
        if found is ops.FAILED:
            return
        self.practitioners = found
        self.list.clear()
        for practitioner in self.practitioners:
            text = practitioner.describe()
            if not practitioner.active:
                text += " (inactive)"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, practitioner.id)
            self.list.addItem(item)
            if practitioner.id == current:
                self.list.setCurrentItem(item)
        self._selection_changed()

    def selected(self) -> PractitionerRecord | None:
        wanted = self.selected_id()
        return next((p for p in self.practitioners if p.id == wanted), None)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.active_button.setEnabled(chosen is not None)
        text = "&Reactivate" if chosen is not None and not chosen.active else "&Deactivate"
        self.active_button.setText(text)
        self.active_button.setAccessibleName(plain_label(text))

    def add(self) -> None:
        added: list[int] = []

        def submit(details: PractitionerDetails) -> None:
            added.append(add_practitioner(self.database, self.context, details).id)

        dialog = PractitionerEditDialog("Add practitioner", PractitionerDetails(), submit, self)
        if dialog.exec():
            self.refresh(select=added[0])

    def edit(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return

        def submit(details: PractitionerDetails) -> None:
            update_practitioner(
                self.database,
                self.context,
                chosen.id,
                details,
                expected_version=chosen.version_id,
            )

        dialog = PractitionerEditDialog("Edit practitioner", chosen.details, submit, self)
        if dialog.exec():
            self.refresh()

    def toggle_active(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        ops.call(
            self,
            lambda: set_practitioner_active(
                self.database,
                self.context,
                chosen.id,
                not chosen.active,
                expected_version=chosen.version_id,
            ),
        )
        self.refresh()
