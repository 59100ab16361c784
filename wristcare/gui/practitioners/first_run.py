"""The first start on a database without practitioners: who is using WristCare, and the
clinic's name and time zone. Skippable: the window then says plainly that nobody is set
up, and nothing can be saved until someone is."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.clinic_settings import time_zone_names
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.practitioners import PractitionerDetails
from wristcare.clinic.text import SHORT_TEXT_LIMIT
from wristcare.errors import WristCareError
from wristcare.gui import crash
from wristcare.gui.practitioners.fields import PractitionerFields
from wristcare.gui.widgets.fields import FieldForm, plain_label

NOT_A_LOGIN = (
    "Choosing who is using WristCare is not a login: it puts your name on every change "
    "you make. Anyone who can open this computer account can choose any practitioner "
    "and read the records."
)

# (practitioner, clinic name, time zone) -> the context to work in; raises
# ValidationError with the fields to correct.
Submit = Callable[[PractitionerDetails, str, str], ClinicContext]


def time_zone_box() -> QComboBox:
    """An editable drop-down of IANA zones that completes as you type (Europe/Lo…)."""
    box = QComboBox()
    box.setEditable(True)
    box.addItems(time_zone_names())
    completer = QCompleter(time_zone_names(), box)
    completer.setFilterMode(completer.filterMode().MatchContains)
    box.setCompleter(completer)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


class FirstRunDialog(QDialog):
    def __init__(
        self,
        submit: Submit,
        *,
        name: str = "",
        clinic_name: str = "",
        time_zone: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to WristCare")
        self._submit = submit
        self.context: ClinicContext | None = None
        intro = QLabel(
            "Who is using WristCare on this computer? Your name is recorded with every "
            "change to a patient's record. You can add colleagues later (File → "
            "Practitioners)."
        )
        intro.setWordWrap(True)
        self.practitioner = PractitionerFields()
        self.practitioner.inputs["name"].setText(name)
        clinic_box = QGroupBox("Clinic")
        self.clinic_form = FieldForm()
        self.clinic_name = self.clinic_form.add("clinic_name", "&Clinic name", QLineEdit())
        self.clinic_name.setMaxLength(SHORT_TEXT_LIMIT)
        self.clinic_name.setText(clinic_name)
        self.time_zone = self.clinic_form.add("time_zone", "&Time zone", time_zone_box())
        self.time_zone.setCurrentText(time_zone or "UTC")
        QVBoxLayout(clinic_box).addWidget(self.clinic_form)
        note = QLabel(NOT_A_LOGIN)
        note.setWordWrap(True)
        note.setObjectName("notALogin")
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("&Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton(
            "Set up &later", QDialogButtonBox.ButtonRole.RejectRole
        )
        for button in buttons.buttons():
            button.setAccessibleName(plain_label(button.text()))
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.practitioner)
        layout.addWidget(clinic_box)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self.practitioner.inputs["name"].setFocus()
        self.practitioner.inputs["name"].selectAll()

    def accept(self) -> None:
        try:
            self.context = self._submit(
                self.practitioner.details(),
                self.clinic_name.text(),
                self.time_zone.currentText().strip(),
            )
        except ValidationError as error:
            # The submitter names the clinic's fields clinic_name and time_zone.
            self.clinic_form.show_errors(error.fields)
            self.practitioner.show_errors(error.fields)
            return
        except WristCareError as error:
            crash.show_error(self, error)
            return
        super().accept()
