"""Under a signed note: its amendments (the original stays above, unchanged), and the
three ways to amend it: an addendum, a correction of one field, an entered-in-error mark."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from wristcare.clinic.sessions import CORRECTABLE, SessionNote, field_value
from wristcare.clinic.sessions.views import AmendmentView
from wristcare.db.vocab import AmendmentKind, SessionStatus
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.fields import Choice, FieldForm, button, text_box


def describe(amendment: AmendmentView, when: str) -> str:
    """One amendment as the note shows it (plain text)."""
    by = f"{amendment.author_name}, {when}"
    if amendment.kind is AmendmentKind.ADDENDUM:
        return f"Addendum — {by}:\n{amendment.text}"
    if amendment.kind is AmendmentKind.CORRECTION:
        label = CORRECTABLE.get(amendment.field, amendment.field)
        return (
            f"Correction of {label} — {by}:\nwas “{amendment.old_value}”, now "
            f"“{amendment.new_value}”. Reason: {amendment.reason}"
        )
    return f"Entered in error — {by}. Reason: {amendment.reason}"


class AmendmentsSection(NoteSection):
    """Emits what the practitioner asked for; the note window signs it."""

    addendum_requested = Signal(str)
    correction_requested = Signal(str, str, str)  # field, new value, reason
    error_mark_requested = Signal(str)  # reason

    def __init__(self) -> None:
        super().__init__("Amendments (signed; the note above is as originally signed)")
        self.note: SessionNote | None = None
        self.list = QLabel()
        self.list.setWordWrap(True)
        self.list.setAccessibleName("Amendments")
        self.addendum_button = button("Add &addendum")
        self.correct_button = button("Correct a &field")
        self.error_button = button("Mark entered in error")
        actions = QHBoxLayout()
        for widget in (self.addendum_button, self.correct_button, self.error_button):
            actions.addWidget(widget)
        actions.addStretch(1)

        self.addendum_form = FieldForm()
        self.addendum_text = self.addendum_form.add("text", "Addendum", text_box(3))
        self.sign_addendum = button("Sign addendum")
        self.addendum_form.layout_.addRow("", self.sign_addendum)

        self.correction_form = FieldForm()
        self.field = self.correction_form.add("field", "Field", Choice(CORRECTABLE, required=True))
        self.old_value = self.correction_form.add("old_value", "Old value", QLineEdit())
        self.old_value.setReadOnly(True)
        self.new_value = self.correction_form.add("new_value", "New value", QLineEdit())
        self.reason = self.correction_form.add("reason", "Reason", QLineEdit())
        self.sign_correction = button("Sign correction")
        self.correction_form.layout_.addRow("", self.sign_correction)

        self.error_form = FieldForm()
        self.error_reason = self.error_form.add(
            "reason", "Why it was entered in error", QLineEdit()
        )
        self.sign_error = button("Sign the entered-in-error mark")
        self.error_form.layout_.addRow("", self.sign_error)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(actions)
        for form in self.forms():
            layout.addWidget(form)
            form.hide()

        self.addendum_button.clicked.connect(lambda: self._open(self.addendum_form))
        self.correct_button.clicked.connect(lambda: self._open(self.correction_form))
        self.error_button.clicked.connect(lambda: self._open(self.error_form))
        self.field.currentIndexChanged.connect(self._show_old_value)
        self.sign_addendum.clicked.connect(
            lambda: self.addendum_requested.emit(self.addendum_text.toPlainText())
        )
        self.sign_correction.clicked.connect(
            lambda: self.correction_requested.emit(
                self.field.choice(), self.new_value.text(), self.reason.text()
            )
        )
        self.sign_error.clicked.connect(
            lambda: self.error_mark_requested.emit(self.error_reason.text())
        )

    def forms(self) -> list[FieldForm]:
        return [self.addendum_form, self.correction_form, self.error_form]

    def inputs(self) -> list[QWidget]:
        return [
            self.addendum_button, self.correct_button, self.error_button,
            self.addendum_text, self.sign_addendum,
            self.field, self.old_value, self.new_value, self.reason, self.sign_correction,
            self.error_reason, self.sign_error,
        ]  # fmt: skip

    def _open(self, form: FieldForm) -> None:
        for other in self.forms():
            other.setVisible(other is form)
            other.clear_errors()
        if form is self.correction_form:
            self._show_old_value()
        next(iter(form.fields.values())).setFocus()

    def _show_old_value(self) -> None:
        if self.note is not None and self.field.choice():
            self.old_value.setText(field_value(self.note, self.field.choice()))

    def show_note(self, note: SessionNote, when: dict[int, str]) -> None:
        """The amendments of a signed note; ``when`` gives each one's date as shown."""
        self.note = note
        texts = [describe(a, when[a.id]) for a in note.amendments]
        self.list.setText("\n\n".join(texts) if texts else "No amendments.")
        in_error = note.status is SessionStatus.ENTERED_IN_ERROR
        self.error_button.setVisible(not in_error)
        for form in self.forms():
            form.hide()
        self.addendum_text.clear()
        self.new_value.clear()
        self.reason.clear()
        self.error_reason.clear()

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        for form in self.forms():
            if form.isVisible():
                form.show_errors(problems)
        return set(problems)

    def load(self, details: object) -> None:  # the amendments come from show_note
        return

    def fill(self, details: object) -> None:  # amendments are not part of the draft
        return
