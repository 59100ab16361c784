"""Answering red flags: a referral (to whom, why, when) or the reason not to refer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.referrals import DecisionDetails
from wristcare.clinic.safety import Finding, Referral
from wristcare.clinic.text import SHORT_TEXT_LIMIT
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import FieldForm, line_box, text_box

# Which form shows a message the clinic layer gives for each field.
_REFERRAL_FIELDS = ("recipient", "reason", "referred_on")


class ReferralCorrectionDialog(QDialog):
    """Correcting a referral's recipient, reason or date; ``submit`` saves it and returns
    the problems (empty: done)."""

    def __init__(
        self,
        parent: QWidget | None,
        referral: Referral,
        *,
        submit: Callable[[Referral], dict[str, str]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Correct the referral")
        self.setObjectName("referralCorrection")
        self._submit = submit
        self.form = FieldForm()
        self.recipient = self.form.add("recipient", "To (doctor or clinic)", line_box())
        self.recipient.setText(referral.recipient)
        self.reason = self.form.add("reason", "Reason for referral", text_box(3))
        self.reason.setPlainText(referral.reason)
        self.referred_on = self.form.add("referred_on", "Date of referral", DateField())
        self.referred_on.set_date(referral.referred_on)
        note = QLabel("The change is kept in the audit trail with the old values.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def save(self) -> None:
        problems = self.form.date_problems()
        if not problems:
            referral = Referral(
                self.recipient.text(), self.reason.toPlainText(), self.referred_on.date()
            )
            problems = self._submit(referral)
        if problems:
            self.form.show_errors(problems)
            return
        self.accept()


class DecisionDialog(QDialog):
    """``submit(details)`` records the answer and returns the problems (empty: done)."""

    def __init__(
        self,
        parent: QWidget | None,
        flags: Sequence[Finding],
        *,
        recipient: str,
        today: date,
        submit: Callable[[DecisionDetails], dict[str, str]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Answer the red flags")
        self.setObjectName("redFlagDecision")
        self._submit = submit
        intro = QLabel(
            "These signs suggest the patient should see their doctor. Record a referral, "
            "or why you are not referring."
        )
        intro.setWordWrap(True)
        flag_list = QLabel("\n".join(f"• {f.title}: {f.explanation}" for f in flags))
        flag_list.setWordWrap(True)
        flag_list.setAccessibleName("Red flags being answered")
        self.refer = QRadioButton("&Refer the patient")
        self.not_refer = QRadioButton("&Do not refer, and record why")
        self.refer.setChecked(True)

        self.referral_form = FieldForm()
        self.recipient = self.referral_form.add("recipient", "To (doctor or clinic)", line_box())
        self.recipient.setText(recipient)
        self.reason = self.referral_form.add("reason", "Reason for referral", text_box(3))
        self.reason.setPlainText("; ".join(f.title for f in flags))
        self.referred_on = self.referral_form.add("referred_on", "Date of referral", DateField())
        self.referred_on.set_date(today)
        self.no_form = FieldForm()
        self.why_not = self.no_form.add("text", "Why not refer", text_box(3))
        self.recipient.setMaxLength(SHORT_TEXT_LIMIT)

        self.problems = QLabel()
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.hide()
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton("Record", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, flag_list, self.refer, self.referral_form, self.not_refer,
                       self.no_form, self.problems, buttons):  # fmt: skip
            layout.addWidget(widget)
        self.refer.toggled.connect(self._choose)
        self._choose()
        self.resize(560, self.sizeHint().height())

    def _choose(self) -> None:
        self.referral_form.setEnabled(self.refer.isChecked())
        self.no_form.setEnabled(self.not_refer.isChecked())

    def details(self) -> DecisionDetails:
        if self.refer.isChecked():
            referral = Referral(
                self.recipient.text(), self.reason.toPlainText(), self.referred_on.date()
            )
            return DecisionDetails(True, referral)
        return DecisionDetails(False, reason_not_to_refer=self.why_not.toPlainText())

    def show_errors(self, problems: dict[str, str]) -> None:
        self.referral_form.show_errors({k: v for k, v in problems.items() if k in _REFERRAL_FIELDS})
        self.no_form.show_errors({k: v for k, v in problems.items() if k == "text"})
        shown = set(_REFERRAL_FIELDS) | {"text"}
        rest = [message for key, message in problems.items() if key not in shown]
        self.problems.setText("\n".join(rest))
        self.problems.setVisible(bool(rest))

    def record(self) -> None:
        problems = self.referral_form.date_problems() if self.refer.isChecked() else {}
        if not problems:
            problems = self._submit(self.details())
        if problems:
            self.show_errors(problems)
            return
        self.accept()
