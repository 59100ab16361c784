"""The plan's goals: a description in words ("numbness 3/10 or less by 15 March") and,
for a measurable goal, the measure, side, baseline, target, direction and target date."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QWidget

from wristcare.clinic.outcomes.improvement import BETTER_WHEN
from wristcare.clinic.plans import GoalDetails
from wristcare.db.vocab import GoalDirection, GoalTargetKind, Instrument, MeasureSide
from wristcare.gui.plans.labels import DIRECTIONS, MEASURE_SIDES, MEASURES, TARGET_KINDS
from wristcare.gui.plans.rows import EditorRow, RowList
from wristcare.gui.widgets.date_field import DateField
from wristcare.gui.widgets.fields import Choice, enum_or_none, line_box, named

NUMBER_LIMIT = 12


def _number_box(name: str) -> QWidget:
    box = line_box(NUMBER_LIMIT)
    box.setMaximumWidth(70)
    box.setPlaceholderText("–")
    return named(box, name)


def _decimal(text: str) -> Decimal | None:
    text = text.strip().replace(",", ".")
    return Decimal(text) if text else None


class GoalRow(EditorRow):
    def __init__(self, number: int, goal: GoalDetails) -> None:
        super().__init__(number)
        what = f"Goal {number}"
        self.description = self.field("description", "Goal", named(line_box(), what))
        self.description.setPlaceholderText(
            "In words, for example: numbness 3/10 or less by 15 March"
        )
        self.measure = self.field("measure", "Measure", Choice(MEASURES, f"{what} measure"))
        self.side = self.field("side", "Side", Choice(MEASURE_SIDES, f"{what} side"))
        self.baseline = self.field("baseline", "Baseline", _number_box(f"{what} baseline"))
        self.target = self.field("target", "Target", _number_box(f"{what} target"))
        self.direction = self.field(
            "direction", "Direction", Choice(DIRECTIONS, f"{what} direction", required=True)
        )
        self.kind = self.field(
            "target_kind", "Target kind", Choice(TARGET_KINDS, f"{what} target kind", required=True)
        )
        self.target_on = self.field("target_on", "Target date", named(DateField(), f"{what} by"))
        self.achieved_on = self.field(
            "achieved_on", "Date achieved", named(DateField(), f"{what} achieved on")
        )
        for box in (self.target_on, self.achieved_on):
            box.setMaximumWidth(100)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{number}.</b>"))
        top.addWidget(self.description, 1)
        top.addWidget(self.remove)
        grid.addLayout(top, 0, 0)
        measure = QHBoxLayout()
        for caption, widget in (
            ("Measure", self.measure),
            ("Side", self.side),
            ("Baseline", self.baseline),
            ("Target", self.target),
            ("", self.kind),
            ("", self.direction),
            ("by", self.target_on),
            ("met on", self.achieved_on),
        ):
            if caption:
                measure.addSpacing(6)
                measure.addWidget(QLabel(caption))
            measure.addWidget(widget)
        measure.addStretch(1)
        grid.addLayout(measure, 1, 0)
        grid.addWidget(self.error, 2, 0)
        self.description.setText(goal.description)
        self.measure.set_choice(goal.measure)
        self.side.set_choice(goal.side)
        self.baseline.setText("" if goal.baseline is None else str(goal.baseline))
        self.target.setText("" if goal.target is None else str(goal.target))
        self.direction.set_choice(goal.direction)
        self.kind.set_choice(goal.target_kind)
        self.target_on.set_date(goal.target_on)
        self.achieved_on.set_date(goal.achieved_on)
        self.measure.currentIndexChanged.connect(self._measure_chosen)

    def _measure_chosen(self) -> None:
        # The usual way to improve on the measure; the practitioner may still change it.
        better = BETTER_WHEN.get(str(self.measure.choice()))
        if better is not None:
            self.direction.set_choice(better)
        if self.side.choice() is None and str(self.measure.choice()).startswith("nrs_"):
            self.side.set_choice(MeasureSide.NONE)

    def input_problems(self) -> dict[str, str]:
        problems = {}
        for name, box in (("baseline", self.baseline), ("target", self.target)):
            try:
                _decimal(box.text())
            except InvalidOperation:
                problems[name] = "Enter a number, such as 3 or 1.05"
        for name, box in (("target_on", self.target_on), ("achieved_on", self.achieved_on)):
            if problem := box.problem():
                problems[name] = problem
        return problems

    def details(self) -> GoalDetails:
        def number(text: str) -> Decimal | None:
            try:
                return _decimal(text)
            except InvalidOperation:
                return None

        return GoalDetails(
            description=self.description.text(),
            measure=enum_or_none(Instrument, self.measure.choice()),
            side=enum_or_none(MeasureSide, self.side.choice()),
            baseline=number(self.baseline.text()),
            target=number(self.target.text()),
            direction=GoalDirection(self.direction.choice()),
            target_kind=GoalTargetKind(self.kind.choice()),
            target_on=self.target_on.date(),
            achieved_on=self.achieved_on.date(),
        )


def goals_editor() -> RowList:
    return RowList("goals", GoalRow, GoalDetails, "Add &goal", "No goals yet.")
