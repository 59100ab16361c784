"""The patient's details: identity, contact, work and hand use, referrers, notes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from wristcare.clinic.patients import HANDS, SEXES, PatientDetails
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import Choice, FieldForm, line_box, text_box

# The clinic layer's limits for these two (validate_patient); the other one-line fields
# hold SHORT_TEXT_LIMIT, the line_box default.
PHONE_LIMIT = 50
EMAIL_LIMIT = 254


class PatientDetailsForm(QWidget):
    """Two columns of fields; ``details()`` reads them, ``load()`` fills them."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = FieldForm()
        self.right = FieldForm()
        self.name = self.left.add("name", "&Name *", line_box())
        self.preferred_name = self.left.add("preferred_name", "&Preferred name", line_box())
        self.date_of_birth = self.left.add("date_of_birth", "Date of &birth", DateField())
        self.sex = self.left.add("sex", "Se&x", Choice(SEXES, required=True))
        self.phone = self.left.add("phone", "Ph&one", line_box(PHONE_LIMIT))
        self.email = self.left.add("email", "&Email", line_box(EMAIL_LIMIT))
        self.address = self.left.add("address", "Add&ress", text_box(2))
        self.occupation = self.right.add("occupation", "Occ&upation", line_box())
        self.dominant_hand = self.right.add(
            "dominant_hand", "Dom&inant hand", Choice(HANDS, required=True)
        )
        self.repetitive_activities = self.right.add(
            "repetitive_activities", "Repetitive &work or hobbies", text_box(2)
        )
        self.referring_clinician_name = self.right.add(
            "referring_clinician_name", "Referring c&linician", line_box()
        )
        self.referring_clinician_contact = self.right.add(
            "referring_clinician_contact", "Referrer's contact", text_box(2)
        )
        self.family_doctor_name = self.right.add("family_doctor_name", "Famil&y doctor", line_box())
        self.family_doctor_contact = self.right.add(
            "family_doctor_contact", "Doctor's contact", text_box(2)
        )
        self.notes = self.left.add("notes", "No&tes", text_box(4))
        self.date_of_birth.setToolTip("For example 31/12/1980")
        self.email.setPlaceholderText("name@example.com")

        columns = QHBoxLayout()
        columns.addWidget(self.left, 1)
        columns.addWidget(self.right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns)
        layout.addStretch(1)
        self._loaded: dict[str, object] = {}
        for form in (self.left, self.right):
            for widget in form.fields.values():
                signal = getattr(widget, "textChanged", None) or widget.currentIndexChanged
                signal.connect(self.changed)

    @property
    def forms(self) -> tuple[FieldForm, FieldForm]:
        return (self.left, self.right)

    def load(self, details: PatientDetails) -> None:
        """Fill the fields; what is loaded counts as unchanged."""
        for form in self.forms:
            form.clear_errors()
            for name, widget in form.fields.items():
                value = getattr(details, name)
                if isinstance(widget, DateField):
                    widget.set_date(value)
                elif isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                elif isinstance(widget, QLineEdit):
                    widget.setText(value)
                    widget.setCursorPosition(0)  # a long value shows its beginning
                else:
                    widget.set_choice(value)
        self.mark_saved()

    def details(self) -> PatientDetails:
        values: dict[str, object] = {}
        for form in self.forms:
            for name, widget in form.fields.items():
                if isinstance(widget, DateField):
                    values[name] = widget.date()
                elif isinstance(widget, QPlainTextEdit):
                    values[name] = widget.toPlainText()
                elif isinstance(widget, QLineEdit):
                    values[name] = widget.text()
                else:
                    values[name] = widget.currentData()
        return PatientDetails(**values)  # type: ignore[arg-type]  # values per field name, read from widgets

    def input_problems(self) -> dict[str, str]:
        """Problems the form itself can see (a date that is not a date)."""
        return {k: v for form in self.forms for k, v in form.date_problems().items()}

    def show_errors(self, problems: dict[str, str]) -> None:
        # Right column first, so that the cursor ends in the first bad field on the left.
        self.right.show_errors({k: v for k, v in problems.items() if k in self.right.fields})
        self.left.show_errors({k: v for k, v in problems.items() if k in self.left.fields})

    def error_text(self, name: str) -> str:
        for form in self.forms:
            if name in form.fields:
                return form.error_text(name)
        raise KeyError(name)

    def snapshot(self) -> dict[str, object]:
        return {k: v for form in self.forms for k, v in form.snapshot().items()}

    def mark_saved(self) -> None:
        self._loaded = self.snapshot()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._loaded
