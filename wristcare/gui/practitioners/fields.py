"""The practitioner's own fields: name, profession, registration body and number."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from wristcare.clinic.practitioners import FIELDS, PractitionerDetails
from wristcare.gui.widgets.fields import FieldForm

LABELS = {
    "name": "&Name",
    "profession": "&Profession",
    "registration_body": "Registration &body",
    "registration_number": "Registration n&umber",
}
PLACEHOLDERS = {
    "profession": "e.g. Acupuncturist",
    "registration_body": "e.g. British Acupuncture Council",
    "registration_number": "membership or licence number",
}


class PractitionerFields(FieldForm):
    """The four fields, each limited to what the record holds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QLineEdit] = {}
        for name, label in LABELS.items():
            line = QLineEdit()
            line.setMaxLength(FIELDS[name][1])
            line.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            self.inputs[name] = line
            self.add(name, label, line)

    def load(self, details: PractitionerDetails) -> None:
        for name, line in self.inputs.items():
            line.setText(getattr(details, name))
        self.clear_errors()

    def details(self) -> PractitionerDetails:
        return PractitionerDetails(**{name: line.text() for name, line in self.inputs.items()})
