"""Subjective: the complaint in the patient's words, side, the five 0-10 scores, the
digits affected on each hand, what provokes and eases it."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from wristcare.clinic.sessions import SessionDetails
from wristcare.clinic.sessions.labels import SIDES
from wristcare.clinic.sessions.notes import DIGITS, SCORE_LABELS, digits_mask, digits_of
from wristcare.db.vocab import SYMPTOM_SCALES, Side
from wristcare.gui.sessions.fields import Choice, NumberBox, enum_or_none, named
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.form import FieldForm, text_box

# Mnemonics unique in the note window (Alt+P is the first score: the follow-up's path).
SCORE_CAPTIONS = ("&Pain", "Numbness", "Tingling", "Weakness / clumsiness", "Night waking")


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
        self.right = FieldForm()
        self.complaint = self.left.add("complaint", "&Complaint", text_box(2))
        self.complaint.setPlaceholderText("In the patient's words")
        self.side = self.left.add("side", "Si&de", Choice(SIDES))
        self.provoking = self.left.add("provoking", "Provoked by", QLineEdit())
        self.easing = self.left.add("easing", "Eased by", QLineEdit())
        self.notes = self.left.add("subjective_notes", "Other history", text_box(2))
        self.scores: dict[str, NumberBox] = {}
        for instrument, caption in zip(SYMPTOM_SCALES, SCORE_CAPTIONS, strict=True):
            box = NumberBox(0, 10, " / 10")
            box.setToolTip(f"{SCORE_LABELS[instrument]}, 0 (none) to 10 (worst)")
            box.setMaximumWidth(90)
            self.scores[instrument] = self.right.add(f"scores.{instrument}", caption, box)
        self.digits = self.right.add("digits", "Digits affected", DigitsPicker())
        self.digits.setAccessibleName("Digits affected")
        columns = QHBoxLayout(self)
        columns.addWidget(self.left, 3)
        columns.addWidget(self.right, 2)

    def forms(self) -> list[FieldForm]:
        return [self.left, self.right]

    def inputs(self) -> list[QWidget]:
        return [w for w in super().inputs() if w is not self.digits] + self.digits.all_boxes()

    def load(self, details: SessionDetails) -> None:
        self.complaint.setPlainText(details.complaint)
        self.side.set_choice(details.side)
        self.provoking.setText(details.provoking)
        self.easing.setText(details.easing)
        self.notes.setPlainText(details.subjective_notes)
        for instrument, box in self.scores.items():
            box.set_number(details.scores.get(instrument))  # type: ignore[call-overload]
        self.digits.set_mask("left", details.digits_left)
        self.digits.set_mask("right", details.digits_right)

    def fill(self, details: SessionDetails) -> None:
        details.complaint = self.complaint.toPlainText()
        details.side = enum_or_none(Side, self.side.choice())
        details.provoking = self.provoking.text()
        details.easing = self.easing.text()
        details.subjective_notes = self.notes.toPlainText()
        details.scores = {
            instrument: value  # type: ignore[misc]
            for instrument, box in self.scores.items()
            if (value := box.number()) is not None
        }
        details.digits_left = self.digits.mask("left")
        details.digits_right = self.digits.mask("right")
