"""Subjective: the complaint in the patient's words, side, the five 0-10 scores, the
digits affected on each hand, what provokes and eases it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.sessions import SessionDetails
from wristcare.clinic.sessions.details import DIGITS, SCORE_LABELS, digits_mask, digits_of
from wristcare.clinic.sessions.labels import SIDES
from wristcare.db.vocab import SYMPTOM_SCALES, Instrument, Side
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.fields import (
    Choice,
    FieldForm,
    NumberBox,
    enum_or_none,
    named,
    plain_label,
    text_box,
)

# Mnemonics unique in the note window (Alt+P is the first score: the follow-up's path).
SCORE_CAPTIONS = tuple(
    ("&" if i is SYMPTOM_SCALES[0] else "") + SCORE_LABELS[i] for i in SYMPTOM_SCALES
)


class DigitsPicker(QWidget):
    """Five tick boxes per hand, thumb to little finger."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        for column, digit in enumerate(DIGITS, start=1):
            grid.addWidget(QLabel(digit.capitalize()), 0, column)
        self.boxes: dict[str, list[QCheckBox]] = {}
        for row, hand in enumerate(("left", "right"), start=1):
            grid.addWidget(QLabel(hand.capitalize()), row, 0)
            self.boxes[hand] = []
            for column, digit in enumerate(DIGITS, start=1):
                box = QCheckBox()
                named(box, f"{hand.capitalize()} {digit}")
                box.setToolTip(f"{hand.capitalize()} {digit}")
                grid.addWidget(box, row, column)
                self.boxes[hand].append(box)
        grid.setColumnStretch(len(DIGITS) + 1, 1)

    def mask(self, hand: str) -> int:
        return digits_mask(*(n for n, box in enumerate(self.boxes[hand], 1) if box.isChecked()))

    def set_mask(self, hand: str, mask: int) -> None:
        ticked = set(digits_of(mask))
        for number, box in enumerate(self.boxes[hand], 1):
            box.setChecked(number in ticked)

    def all_boxes(self) -> list[QCheckBox]:
        return self.boxes["left"] + self.boxes["right"]


class SubjectiveSection(NoteSection):
    def __init__(self) -> None:
        super().__init__("Subjective")
        self.left = FieldForm()
        self.complaint = self.left.add("complaint", "&Complaint", text_box(2))
        self.complaint.setPlaceholderText("In the patient's words")
        self.side = self.left.add("side", "Si&de", Choice(SIDES))
        self.provoking = self.left.add("provoking", "Provoked by", QLineEdit())
        self.easing = self.left.add("easing", "Eased by", QLineEdit())
        self.notes = self.left.add("subjective_notes", "Other history", text_box(2))

        # The five scores side by side: one glance, one row of typing (digit, Tab).
        scores = QGridLayout()
        scores.setHorizontalSpacing(12)
        scores.setContentsMargins(0, 0, 0, 0)
        self.scores: dict[Instrument, NumberBox] = {}
        for column, (instrument, caption) in enumerate(
            zip(SYMPTOM_SCALES, SCORE_CAPTIONS, strict=True)
        ):
            box = NumberBox(0, 10, " / 10", plain_label(caption))
            box.setObjectName(f"scores.{instrument}")
            box.setToolTip(f"{SCORE_LABELS[instrument]}, 0 (none) to 10 (worst)")
            box.setMaximumWidth(80)
            label = QLabel(caption)
            label.setWordWrap(True)  # "Weakness or clumsiness" on two lines, over its box
            label.setMinimumWidth(92)
            label.setMaximumWidth(110)
            label.setBuddy(box)
            label.setAlignment(Qt.AlignmentFlag.AlignBottom)
            scores.addWidget(label, 0, column)
            scores.addWidget(box, 1, column)
            self.scores[instrument] = box
        scores.setColumnStretch(len(SYMPTOM_SCALES), 1)
        self.digits = DigitsPicker()
        self.problems = QLabel()
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Score problems")
        self.problems.hide()
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Symptom scores</b> (0 none – 10 worst)"))
        right.addLayout(scores)
        right.addWidget(self.problems)
        right.addSpacing(6)
        right.addWidget(QLabel("<b>Digits affected</b>"))
        right.addWidget(self.digits)
        right.addStretch(1)
        columns = QHBoxLayout(self)
        columns.addWidget(self.left, 3)
        columns.addLayout(right, 2)

    def forms(self) -> list[FieldForm]:
        return [self.left]

    def inputs(self) -> list[QWidget]:
        return [*super().inputs(), *self.scores.values(), *self.digits.all_boxes()]

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        shown = super().show_errors(problems)
        mine = {k: v for k, v in problems.items() if k.startswith(("scores.", "digits_"))}
        self.problems.setText("\n".join(mine.values()))
        self.problems.setVisible(bool(mine))
        return shown | set(mine)

    def load(self, details: SessionDetails) -> None:
        self.complaint.setPlainText(details.complaint)
        self.side.set_choice(details.side)
        self.provoking.setText(details.provoking)
        self.easing.setText(details.easing)
        self.notes.setPlainText(details.subjective_notes)
        for instrument, box in self.scores.items():
            box.set_number(details.scores.get(instrument))
        self.digits.set_mask("left", details.digits_left)
        self.digits.set_mask("right", details.digits_right)

    def fill(self, details: SessionDetails) -> None:
        details.complaint = self.complaint.toPlainText()
        details.side = enum_or_none(Side, self.side.choice())
        details.provoking = self.provoking.text()
        details.easing = self.easing.text()
        details.subjective_notes = self.notes.toPlainText()
        details.scores = {
            instrument: value
            for instrument, box in self.scores.items()
            if (value := box.number()) is not None
        }
        details.digits_left = self.digits.mask("left")
        details.digits_right = self.digits.mask("right")
