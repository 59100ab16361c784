"""The Settings dialog: who is writing the notes, and how long records are kept."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wristcare.config import Settings
from wristcare.gui.widgets.form import FieldForm, plain_label


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._settings = settings
        self.form = FieldForm()
        self.practitioner = self.form.add("practitioner_name", "&Practitioner", QLineEdit())
        self.clinic = self.form.add("clinic_name", "&Clinic", QLineEdit())
        self.adult_years = self.form.add(
            "retention_years_adult", "Keep adult records (&years)", QSpinBox()
        )
        self.child_age = self.form.add(
            "retention_child_until_age", "Keep children's records until &age", QSpinBox()
        )
        self.adult_years.setRange(1, 100)
        self.child_age.setRange(18, 100)
        self.practitioner.setText(settings.practitioner_name)
        self.clinic.setText(settings.clinic_name)
        self.adult_years.setValue(settings.retention_years_adult)
        self.child_age.setValue(settings.retention_child_until_age)
        note = QLabel(
            "The practitioner's name is recorded with every change in the audit trail. "
            "Record-keeping periods follow your professional body's rules (the defaults "
            "are the UK NHS code: adults 8 years after the last treatment, children until "
            "their 25th birthday)."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            button.setAccessibleName(plain_label(button.text()))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def settings(self) -> Settings:
        """The settings as edited (not yet saved)."""
        return replace(
            self._settings,
            practitioner_name=self.practitioner.text().strip(),
            clinic_name=self.clinic.text().strip(),
            retention_years_adult=self.adult_years.value(),
            retention_child_until_age=self.child_age.value(),
        )
