"""The Boston Carpal Tunnel Questionnaire entry form: 11 symptom and 8 function items,
each answered 1-5 or left unanswered, scored live by the published rule.

Each item is one row and one Tab stop. On a row, 1-5 answer it and move to the next item,
0, Delete or Backspace clear it, Left and Right step the answer, Up and Down move between
items. The answer buttons take the mouse; they take no focus, so Tab moves item by item.
Only the item topics ship; a clinic may give its own licensed wording for any item.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.outcomes.bctq import (
    HIGHEST_ANSWER,
    LOWEST_ANSWER,
    SCALE_NAMES,
    BctqMinimum,
    BctqScale,
    BctqScore,
)
from wristcare.clinic.outcomes.bctq_entry import BCTQ_ITEMS, BctqItem, BctqSitting

NOT_ANSWERED = 0
SCALE_SHORT = {BctqScale.SYMPTOMS: "Symptom", BctqScale.FUNCTION: "Function"}
ANCHORS = {
    BctqScale.SYMPTOMS: "1 = none, 5 = most severe",
    BctqScale.FUNCTION: "1 = no difficulty, 5 = cannot do",
}
# One style sheet for the whole form (one call into Qt, not one per button), so the
# chosen answer stands out in every style and in high contrast, while "Not answered"
# stays quiet (an unanswered item must not look answered).
STYLE = """
QToolButton {
    border: 1px solid palette(mid); border-radius: 3px; padding: 4px 9px;
    background: palette(button); color: palette(button-text);
}
QToolButton:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight); font-weight: bold;
}
QToolButton#answer_0:checked {
    background: palette(window); color: palette(text);
    border: 1px dashed palette(dark); font-weight: normal; font-style: italic;
}
"""


def describe_answer(answer: int | None) -> str:
    """An item's answer in words, for screen readers."""
    return "Not answered" if answer is None else f"Answer {answer} of {HIGHEST_ANSWER}"


class AnswerRow(QWidget):
    """One item: its wording, answer buttons 1-5 and "Not answered"; one Tab stop."""

    def __init__(self, form: BctqForm, item: BctqItem, text: str) -> None:
        super().__init__()
        self.form = form
        self.item = item
        self.setObjectName(f"item_{item.scale}_{item.number}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"{SCALE_SHORT[item.scale]} item {item.number}: {text}")
        self.setAccessibleDescription(describe_answer(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        self.label = QLabel(f"{item.number}. {text}")
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(230)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.label, 1)
        self.group = QButtonGroup(self)
        for value in (*range(LOWEST_ANSWER, HIGHEST_ANSWER + 1), NOT_ANSWERED):
            button = QToolButton()
            button.setText(str(value) if value else "Not answered")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            name = f"{item.topic}: {value}" if value else f"{item.topic}: not answered"
            button.setAccessibleName(name)
            button.setObjectName(f"answer_{value}")
            self.group.addButton(button, value)
            layout.addWidget(button)
        self.group.button(NOT_ANSWERED).setChecked(True)
        self.group.idClicked.connect(self._clicked)

    def button(self, answer: int | None) -> QToolButton:
        """The button of an answer (None: "Not answered")."""
        return self.group.button(NOT_ANSWERED if answer is None else answer)  # type: ignore[return-value]  # the group holds only QToolButtons

    def show_answer(self, answer: int | None) -> None:
        """Show ``answer`` as chosen (no signal)."""
        button = self.button(answer)
        if not button.isChecked():
            button.setChecked(True)
        # A click has checked the button already; the description still follows.
        description = describe_answer(answer)
        if self.accessibleDescription() != description:
            self.setAccessibleDescription(description)

    def _clicked(self, value: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.form.set_answer(self.item, value or None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        shortcut = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        current = self.form.answer(self.item)
        if event.modifiers() & shortcut:
            super().keyPressEvent(event)  # shortcuts belong to the window
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.form.set_answer(self.item, key - Qt.Key.Key_0)
            self.focusNextChild()
        elif key in (Qt.Key.Key_0, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.form.set_answer(self.item, None)
        elif key == Qt.Key.Key_Right:
            self.form.set_answer(self.item, min(HIGHEST_ANSWER, (current or 0) + 1))
        elif key == Qt.Key.Key_Left and current is not None:
            self.form.set_answer(self.item, max(LOWEST_ANSWER, current - 1))
        elif key == Qt.Key.Key_Down:
            self.focusNextChild()
        elif key == Qt.Key.Key_Up:
            self.focusPreviousChild()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2))
        painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
        painter.end()


class ScaleScores(QFrame):
    """The live score of one scale: answered count, mean or why not, and the sum."""

    def __init__(self, scale: BctqScale) -> None:
        super().__init__()
        name = SCALE_NAMES[scale]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        self.mean = QLabel()
        self.mean.setObjectName(f"mean_{scale}")
        self.mean.setAccessibleName(f"{name}: mean score")
        self.mean.setWordWrap(True)
        bold = self.mean.font()
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.mean.setFont(bold)
        self.count = QLabel()
        self.count.setObjectName(f"count_{scale}")
        self.count.setAccessibleName(f"{name}: items answered")
        self.total = QLabel()
        self.total.setObjectName(f"sum_{scale}")
        self.total.setAccessibleName(f"{name}: summed score")
        for label in (self.mean, self.count, self.total):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)

    def show_score(self, score: BctqScore) -> None:
        """Show a scale's score as it stands."""
        text = score.reason if score.mean is None else f"Mean score {score.mean}"
        self.mean.setText(text)
        self.count.setText(f"{score.answered} of {score.item_count} answered")
        self.total.setText(score.sum_label())


class BctqForm(QWidget):
    """BCTQ entry: the date taken, both scales' items and their live scores.

    ``changed`` carries a ``BctqSitting`` after every edit by the user (not after
    ``set_sitting``). ``today`` gives the clinic's date (dates after it are refused);
    ``wording`` replaces the topic label of any item with the clinic's licensed text."""

    changed = Signal(object)

    def __init__(
        self,
        today: Callable[[], date],
        wording: Mapping[BctqItem, str] | None = None,
        minimum: BctqMinimum | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bctqForm")
        self.setStyleSheet(STYLE)
        self._today = today
        self._minimum = minimum or BctqMinimum()
        wording = wording or {}
        self._answers: dict[BctqScale, list[int | None]] = {
            scale: [None] * len(items) for scale, items in BCTQ_ITEMS.items()
        }
        self.rows: dict[BctqItem, AnswerRow] = {}
        self.scores: dict[BctqScale, ScaleScores] = {}

        self.date_taken = QDateEdit()
        self.date_taken.setObjectName("dateTaken")
        self.date_taken.setAccessibleName("Date taken")
        self.date_taken.setCalendarPopup(True)
        self.date_taken.setDisplayFormat("d MMM yyyy")
        self._limit_date()
        self.date_taken.setDate(QDate(self._today()))
        self.date_taken.dateChanged.connect(self._date_edited)
        date_label = QLabel("&Date taken")
        date_label.setBuddy(self.date_taken)
        recall = QLabel("Recall: a typical day in the last two weeks.")

        columns = QHBoxLayout()
        for scale, items in BCTQ_ITEMS.items():
            columns.addWidget(self._scale_box(scale, items, wording), 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(columns)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("bctqItems")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.show_sums = QCheckBox("Show &summed scores")
        self.show_sums.setObjectName("showSums")
        self.show_sums.setAccessibleName("Show summed scores")
        self.show_sums.toggled.connect(self._sums_toggled)
        keys = QLabel(
            "Tab moves between items. 1-5 answer the item and move on; 0 or Delete "
            "clears it; Left and Right change the answer."
        )
        keys.setObjectName("keysHint")
        keys.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(date_label)
        top.addWidget(self.date_taken)
        top.addSpacing(16)
        top.addWidget(recall, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_sums)
        bottom.addSpacing(16)
        bottom.addWidget(keys, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        chain = [self.date_taken, *self.rows.values(), self.show_sums]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._show_scores()
        self._sums_toggled(False)

    def _scale_box(
        self, scale: BctqScale, items: tuple[BctqItem, ...], wording: Mapping[BctqItem, str]
    ) -> QGroupBox:
        box = QGroupBox(SCALE_NAMES[scale])
        box.setObjectName(f"scale_{scale}")
        layout = QVBoxLayout(box)
        layout.setSpacing(2)
        anchors = QLabel(ANCHORS[scale])
        layout.addWidget(anchors)
        for item in items:
            row = AnswerRow(self, item, wording.get(item) or item.topic)
            self.rows[item] = row
            layout.addWidget(row)
        scores = ScaleScores(scale)
        self.scores[scale] = scores
        layout.addWidget(scores)
        # The shorter scale keeps its rows together instead of spreading them out.
        layout.addStretch(1)
        return box

    # --- the data --------------------------------------------------------------------

    def sitting(self) -> BctqSitting:
        """The questionnaire as it stands."""
        return BctqSitting(
            self.date_taken.date().toPython(),  # type: ignore[arg-type]  # PySide6 stubs: toPython() -> object
            tuple(self._answers[BctqScale.SYMPTOMS]),
            tuple(self._answers[BctqScale.FUNCTION]),
            self._minimum,
        )

    def set_sitting(self, sitting: BctqSitting) -> None:
        """Show a stored sitting (does not emit ``changed``)."""
        self.date_taken.blockSignals(True)
        self._limit_date()
        self.date_taken.setDate(QDate(sitting.taken_on))
        self.date_taken.blockSignals(False)
        for scale, answers in (
            (BctqScale.SYMPTOMS, sitting.symptoms),
            (BctqScale.FUNCTION, sitting.function),
        ):
            self._answers[scale] = list(answers)
            for item, answer in zip(BCTQ_ITEMS[scale], answers, strict=True):
                self.rows[item].show_answer(answer)
        self._show_scores()

    def answer(self, item: BctqItem) -> int | None:
        """The answer to one item, None when not answered."""
        return self._answers[item.scale][item.number - 1]

    def set_answer(self, item: BctqItem, answer: int | None) -> None:
        """Answer one item (None: not answered) as the user did, emitting ``changed``."""
        if self.answer(item) == answer:
            return
        self._answers[item.scale][item.number - 1] = answer
        self.rows[item].show_answer(answer)
        self._show_scores(item.scale)
        self.changed.emit(self.sitting())

    def row(self, item: BctqItem) -> AnswerRow:
        """The row (one Tab stop) of an item."""
        return self.rows[item]

    # --- showing it ------------------------------------------------------------------

    def _show_scores(self, scale: BctqScale | None = None) -> None:
        result = self.sitting().result
        for score in (result.symptoms, result.function):
            if scale is None or score.scale is scale:
                self.scores[score.scale].show_score(score)

    def _sums_toggled(self, on: bool) -> None:
        for scores in self.scores.values():
            scores.total.setVisible(on)

    def _limit_date(self) -> None:
        self.date_taken.setMaximumDate(QDate(self._today()))

    def _date_edited(self, _: QDate) -> None:
        self.changed.emit(self.sitting())

    def showEvent(self, event: QShowEvent) -> None:
        # The form may stay open past midnight: the latest allowed date moves with it.
        self._limit_date()
        super().showEvent(event)
