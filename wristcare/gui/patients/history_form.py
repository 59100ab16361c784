"""The health history tab: conditions, medicines, allergies and the safety questions."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.history import (
    ALLERGY_LABELS,
    LIMBS,
    HealthHistoryDetails,
    HealthHistoryVersion,
)
from wristcare.clinic.history import SAFETY_QUESTIONS as HISTORY_QUESTIONS
from wristcare.db.vocab import SAFETY_FLAG_DETAILS, Allergy, SafetyFlag
from wristcare.gui.widgets.date_field import DateField, format_date
from wristcare.gui.widgets.fields import (
    Choice,
    FieldForm,
    button,
    checkbox,
    field_value,
    line_box,
    plain_label,
    text_box,
)
from wristcare.gui.widgets.flow_layout import FlowLayout

# (flag, question as the practitioner asks it, detail field, detail label), in the
# vocabulary's order (db/vocab.py SafetyFlag; the words are clinic/history.py's).
SAFETY_QUESTIONS = tuple(
    (flag.value, question, SAFETY_FLAG_DETAILS.get(flag), detail_label)
    for flag, (question, detail_label) in ((f, HISTORY_QUESTIONS[f]) for f in SafetyFlag)
)
ALLERGIES = tuple((allergy.value, ALLERGY_LABELS[allergy]) for allergy in Allergy)


class HealthHistoryForm(QWidget):
    """The current history, editable; saving makes a new version."""

    changed = Signal()
    save_requested = Signal()
    reviewed_requested = Signal()
    versions_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}

        self.texts = FieldForm()
        self.texts.layout_.setRowWrapPolicy(self.texts.layout_.RowWrapPolicy.WrapAllRows)
        for name, label, lines in (
            ("conditions", "Co&nditions", 3),
            ("medications", "&Medications", 3),
            ("herbs_supplements", "Her&bs and supplements", 2),
            ("allergies_other", "&Other allergies", 2),
        ):
            self.inputs[name] = self.texts.add(name, label, text_box(lines))

        allergy_box = QGroupBox("Allergies")
        # Wraps like words: at 1280 px the tab has no room for the three side by side,
        # and a horizontal scroll bar would hide the Save button.
        allergy_row = FlowLayout(allergy_box, spacing=12)
        for name, label in ALLERGIES:
            self.inputs[name] = checkbox(label)
            allergy_row.addWidget(self.inputs[name])

        safety_box = QGroupBox("Safety questions")
        grid = QGridLayout(safety_box)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(2)
        for row, (flag, question, detail, detail_label) in enumerate(SAFETY_QUESTIONS):
            box = checkbox(question)
            self.inputs[flag] = box
            grid.addWidget(box, row * 2, 0)
            if detail is None:
                continue
            if detail == "pregnancy_due_date":
                field: QWidget = DateField()
                field.setPlaceholderText("due date dd/mm/yyyy")  # type: ignore[attr-defined]  # field: QWidget, here a DateField
            elif detail == "lymphoedema_limb":
                field = Choice(LIMBS, required=True)
            else:
                field = line_box()
                field.refused.connect(lambda message, d=detail: self.show_errors({d: message}))
                field.setPlaceholderText(detail_label.lower())
            field.setObjectName(detail)
            # The question is the visible label of its detail box too.
            field.setAccessibleName(f"{question}: {detail_label}")
            field.setToolTip(detail_label)
            self.inputs[detail] = field
            grid.addWidget(field, row * 2, 1)
            error = QLabel()
            error.setProperty("role", "error")
            error.setObjectName(f"{detail}_error")
            error.setWordWrap(True)
            error.hide()
            self.error_labels[detail] = error
            grid.addWidget(error, row * 2 + 1, 0, 1, 2)
            box.toggled.connect(field.setEnabled)
            field.setEnabled(False)

        self.version_label = QLabel()
        self.version_label.setObjectName("historyVersion")
        self.version_label.setWordWrap(True)
        self.save_button = button("Save his&tory")
        self.reviewed_button = button("Reviewed today, no change")
        self.versions_button = button("Earlier &versions…")
        self.save_button.clicked.connect(self.save_requested)
        self.reviewed_button.clicked.connect(self.reviewed_requested)
        self.versions_button.clicked.connect(self.versions_requested)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.versions_button)
        actions.addWidget(self.reviewed_button)
        actions.addWidget(self.save_button)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.texts)
        left.addWidget(allergy_box)
        left.addStretch(1)
        columns.addLayout(left, 2)
        columns.addWidget(safety_box, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.version_label)
        layout.addLayout(actions)
        layout.addLayout(columns, 1)

        self._loaded: dict[str, object] = {}
        # The version the form was filled from: a save must be based on it.
        self.based_on: int | None = None
        for widget in self.inputs.values():
            for signal_name in ("textChanged", "toggled", "currentIndexChanged"):
                signal = getattr(widget, signal_name, None)
                if signal is not None:
                    signal.connect(self.changed)
                    break

    def load(self, version: HealthHistoryVersion | None) -> None:
        self.based_on = version.version if version else None
        details = version.details if version else HealthHistoryDetails()
        for name, widget in self.inputs.items():
            value = getattr(details, name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, DateField):
                widget.set_date(value)
            elif isinstance(widget, QComboBox):
                widget.set_choice(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
                widget.setCursorPosition(0)  # a long value shows its beginning
        self.clear_errors()
        self.reviewed_button.setEnabled(version is not None)
        self.versions_button.setEnabled(version is not None and version.version > 1)
        if version is None:
            self.version_label.setText("No health history recorded yet.")
        else:
            text = f"Version {version.version}, recorded {format_date(version.recorded_on)}"
            if version.recorded_by:
                text += f" by {version.recorded_by}"
            if version.reviewed_on:
                text += f"; reviewed {format_date(version.reviewed_on)}, no change"
            self.version_label.setText(text)
        self.mark_saved()

    def details(self) -> HealthHistoryDetails:
        values: dict[str, object] = {}
        for f in fields(HealthHistoryDetails):
            widget = self.inputs[f.name]
            if isinstance(widget, DateField):
                values[f.name] = widget.date()
            else:
                values[f.name] = field_value(widget)
        return HealthHistoryDetails(**values)  # type: ignore[arg-type]  # values per field name, from widgets

    def input_problems(self) -> dict[str, str]:
        due = self.inputs["pregnancy_due_date"]
        assert isinstance(due, DateField)
        problem = due.problem() if self.inputs["pregnant"].isChecked() else None  # type: ignore[attr-defined]  # inputs are QWidgets; "pregnant" is a QCheckBox
        return {"pregnancy_due_date": problem} if problem else {}

    def show_errors(self, problems: dict[str, str]) -> None:
        self.clear_errors()
        self.texts.show_errors({k: v for k, v in problems.items() if k in self.texts.fields})
        for name, message in problems.items():
            label = self.error_labels.get(name)
            if label is not None:
                label.setText(message)
                label.show()
                self.inputs[name].setAccessibleDescription(message)
                self.inputs[name].setFocus()

    def clear_errors(self) -> None:
        self.texts.clear_errors()
        for name, label in self.error_labels.items():
            label.hide()
            self.inputs[name].setAccessibleDescription("")

    def error_text(self, name: str) -> str:
        if name in self.texts.fields:
            return self.texts.error_text(name)
        label = self.error_labels[name]
        return "" if label.isHidden() else label.text()

    def snapshot(self) -> dict[str, object]:
        return {name: field_value(widget) for name, widget in self.inputs.items()}

    def mark_saved(self) -> None:
        self._loaded = self.snapshot()

    def is_dirty(self) -> bool:
        return self.snapshot() != self._loaded


def describe_version(version: HealthHistoryVersion) -> str:
    """A plain-text summary of one version for the "earlier versions" dialog."""
    details = version.details
    lines = [f"Version {version.version} — recorded {format_date(version.recorded_on)}"]
    if version.superseded_at:
        lines[0] += f", replaced {format_date(version.superseded_at.date())}"
    flags = [q for flag, q, _, _ in SAFETY_QUESTIONS if getattr(details, flag)]
    flags += [plain_label(label) for flag, label in ALLERGIES if getattr(details, flag)]
    lines.append("Alerts: " + (", ".join(flags) if flags else "none"))
    for name, label in (
        ("conditions", "Conditions"),
        ("medications", "Medications"),
        ("anticoagulant_drug", "Anticoagulant"),
        ("herbs_supplements", "Herbs and supplements"),
    ):
        value = getattr(details, name)
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)
