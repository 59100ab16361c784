"""Objective: the examination of each hand (provocation tests, two-point discrimination
per digit, grip and pinch as three trials with the mean, thenar signs) and range of motion."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wristcare.clinic.sessions import FindingDetails, SessionDetails
from wristcare.clinic.sessions.details import DIGITS
from wristcare.clinic.sessions.labels import EXAM_RESULTS, EXAM_TESTS
from wristcare.db.vocab import ExamResult, ExamTest, Side
from wristcare.gui.sessions.section import NoteSection
from wristcare.gui.widgets.fields import (
    Choice,
    FieldForm,
    NumberBox,
    TenthsBox,
    enum_or_none,
    named,
    text_box,
)

RESULT_TESTS = (
    ExamTest.PHALEN,
    ExamTest.TINEL,
    ExamTest.CARPAL_COMPRESSION,
    ExamTest.THENAR_WASTING,
    ExamTest.THUMB_ABDUCTION,
)
ROW_LABELS = {
    ExamTest.PHALEN: "Phalen (seconds to symptoms)",
    ExamTest.TINEL: "Tinel at the wrist",
    ExamTest.CARPAL_COMPRESSION: "Carpal compression",
    ExamTest.TWO_POINT: "Two-point, mm (thumb to little)",
    ExamTest.GRIP: "Grip, 3 trials (kg)",
    "pinch": "Pinch, 3 trials (kg)",
    ExamTest.THENAR_WASTING: "Thenar wasting",
    ExamTest.THUMB_ABDUCTION: "Weak thumb abduction",
}
PINCH_KINDS = {
    ExamTest.PINCH_KEY: "Key",
    ExamTest.PINCH_TIP: "Tip",
    ExamTest.PINCH_PALMAR: "Palmar",
}


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return holder


class Trials:
    """Three trials and their mean, shown as they are typed."""

    def __init__(self, what: str) -> None:
        self.boxes = [TenthsBox(200.0, "", f"{what} trial {n}") for n in (1, 2, 3)]
        for box in self.boxes:
            box.setMaximumWidth(60)
            box.valueChanged.connect(self._show_mean)
        self.mean = QLabel("mean –")
        self.mean.setMinimumWidth(80)
        self.mean.setAccessibleName(f"{what} mean")

    def values(self) -> tuple[int | None, int | None, int | None]:
        first, second, third = (box.tenths() for box in self.boxes)
        return (first, second, third)

    def set_values(self, values: tuple[int | None, ...]) -> None:
        for box, value in zip(self.boxes, values, strict=False):
            box.set_tenths(value)
        self._show_mean()

    def _show_mean(self) -> None:
        values = [v for v in self.values() if v is not None]
        text = f"mean {sum(values) / len(values) / 10:.1f} kg" if values else "mean –"
        self.mean.setText(text)


class HandExam:
    """The examination widgets of one hand."""

    def __init__(self, side: Side) -> None:
        hand = f"{side.capitalize()} hand"
        self.side = side
        self.results = {
            test: Choice(EXAM_RESULTS, f"{hand} {EXAM_TESTS[test]}") for test in RESULT_TESTS
        }
        self.phalen_seconds = NumberBox(0, 600, " s", f"{hand} Phalen seconds to symptoms")
        self.two_point = [
            NumberBox(1, 30, "", f"{hand} two-point {digit} (mm)") for digit in DIGITS
        ]
        for box in (self.phalen_seconds, *self.two_point):
            box.setMaximumWidth(56)
        self.grip = Trials(f"{hand} grip")
        self.pinch_kind = Choice(PINCH_KINDS, f"{hand} pinch kind", required=True)
        self.pinch = Trials(f"{hand} pinch")
        self.cells = {
            ExamTest.PHALEN: _row(self.results[ExamTest.PHALEN], self.phalen_seconds),
            ExamTest.TINEL: _row(self.results[ExamTest.TINEL]),
            ExamTest.CARPAL_COMPRESSION: _row(self.results[ExamTest.CARPAL_COMPRESSION]),
            ExamTest.TWO_POINT: _row(*self.two_point),
            ExamTest.GRIP: _row(*self.grip.boxes, self.grip.mean),
            "pinch": _row(self.pinch_kind, *self.pinch.boxes, self.pinch.mean),
            ExamTest.THENAR_WASTING: _row(self.results[ExamTest.THENAR_WASTING]),
            ExamTest.THUMB_ABDUCTION: _row(self.results[ExamTest.THUMB_ABDUCTION]),
        }

    def inputs(self) -> list[QWidget]:
        return [
            self.results[ExamTest.PHALEN],
            self.phalen_seconds,
            self.results[ExamTest.TINEL],
            self.results[ExamTest.CARPAL_COMPRESSION],
            *self.two_point,
            *self.grip.boxes,
            self.pinch_kind,
            *self.pinch.boxes,
            self.results[ExamTest.THENAR_WASTING],
            self.results[ExamTest.THUMB_ABDUCTION],
        ]

    def clear(self) -> None:
        for choice in self.results.values():
            choice.set_choice(None)
        self.phalen_seconds.set_number(None)
        for box in self.two_point:
            box.set_number(None)
        self.grip.set_values((None, None, None))
        self.pinch_kind.set_choice(ExamTest.PINCH_KEY)
        self.pinch.set_values((None, None, None))

    def load(self, finding: FindingDetails) -> None:
        if finding.test in self.results:
            self.results[finding.test].set_choice(finding.result)
            if finding.test is ExamTest.PHALEN:
                self.phalen_seconds.set_number(finding.seconds_to_symptoms)
        elif finding.test is ExamTest.TWO_POINT and finding.digit:
            self.two_point[finding.digit - 1].set_number(finding.two_point_mm)
        elif finding.test is ExamTest.GRIP:
            self.grip.set_values(finding.trials)
        elif finding.test in PINCH_KINDS:
            self.pinch_kind.set_choice(finding.test)
            self.pinch.set_values(finding.trials)

    def findings(self) -> list[FindingDetails]:
        found: list[FindingDetails] = []
        for test, choice in self.results.items():
            result = enum_or_none(ExamResult, choice.choice())
            seconds = self.phalen_seconds.number() if test is ExamTest.PHALEN else None
            if result is not None or seconds is not None:
                found.append(
                    FindingDetails(
                        test=test, side=self.side, result=result, seconds_to_symptoms=seconds
                    )
                )
        for digit, box in enumerate(self.two_point, start=1):
            if (mm := box.number()) is not None:
                found.append(
                    FindingDetails(
                        test=ExamTest.TWO_POINT, side=self.side, digit=digit, two_point_mm=mm
                    )
                )
        if any(v is not None for v in self.grip.values()):
            found.append(
                FindingDetails(test=ExamTest.GRIP, side=self.side, trials=self.grip.values())
            )
        if any(v is not None for v in self.pinch.values()):
            kind = ExamTest(self.pinch_kind.choice())
            found.append(FindingDetails(test=kind, side=self.side, trials=self.pinch.values()))
        return found


class ObjectiveSection(NoteSection):
    def __init__(self) -> None:
        super().__init__("Objective")
        self.hands = {side: HandExam(side) for side in (Side.LEFT, Side.RIGHT)}
        grid = QGridLayout()
        grid.setHorizontalSpacing(40)
        grid.setVerticalSpacing(3)
        grid.addWidget(QLabel("<b>Left hand</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Right hand</b>"), 0, 2)
        for row, key in enumerate(ROW_LABELS, start=1):
            grid.addWidget(QLabel(ROW_LABELS[key]), row, 0)
            for column, side in enumerate((Side.LEFT, Side.RIGHT), start=1):
                grid.addWidget(self.hands[side].cells[key], row, column)
        grid.setColumnStretch(3, 1)  # the hands side by side, close enough to compare
        self.problems = QLabel()
        self.problems.setProperty("role", "error")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Examination problems")
        self.problems.hide()
        self.form = FieldForm()
        self.notes = self.form.add(
            "objective_notes", "Range of &motion, other findings", text_box(2)
        )
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.problems)
        layout.addWidget(self.form)
        named(self, "Objective")

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def inputs(self) -> list[QWidget]:
        return [*self.hands[Side.LEFT].inputs(), *self.hands[Side.RIGHT].inputs(), self.notes]

    def load(self, details: SessionDetails) -> None:
        for hand in self.hands.values():
            hand.clear()
        for finding in details.findings:
            if finding.side in self.hands:
                self.hands[finding.side].load(finding)
        self.notes.setPlainText(details.objective_notes)

    def fill(self, details: SessionDetails) -> None:
        details.findings = [f for hand in self.hands.values() for f in hand.findings()]
        details.objective_notes = self.notes.toPlainText()

    def show_errors(self, problems: dict[str, str]) -> set[str]:
        shown = super().show_errors(problems)
        mine = {k: v for k, v in problems.items() if k.startswith("findings.")}
        self.problems.setText("\n".join(dict.fromkeys(mine.values())))
        self.problems.setVisible(bool(mine))
        return shown | set(mine)
