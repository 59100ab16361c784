"""The Outcomes page of the Settings dialog: the clinic's clinically important change
thresholds, the fewest BCTQ items a scale is scored on, and the clinic's own licensed
BCTQ wording per item (items left blank show their short topic label).

The page gives its values as the JSON kept in the clinic settings (``to_json``); the
clinic settings use case checks them when the dialog saves, and the problems come back
here under each field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.outcomes.bctq import SCALE_NAMES, BctqMinimum, BctqScale
from wristcare.clinic.outcomes.bctq_entry import BCTQ_ITEMS, WORDING_LIMIT, BctqItem
from wristcare.clinic.outcomes.settings import EXTRA_KEY, OutcomeSettings
from wristcare.clinic.outcomes.thresholds import NrsRule, OutcomeThresholds
from wristcare.gui.setting_fields import add_setting
from wristcare.gui.widgets.fields import FieldForm

NRS_RULES = {
    NrsRule.EITHER: "Either is reached",
    NrsRule.POINTS: "Points only",
    NrsRule.PERCENT: "Percent only",
    NrsRule.BOTH: "Both are reached",
}
SCALE_SHORT = {BctqScale.SYMPTOMS: "Symptom", BctqScale.FUNCTION: "Function"}
ITEMS = [item for items in BCTQ_ITEMS.values() for item in items]


class OutcomeSettingsPage(QWidget):
    """Thresholds, BCTQ minimum and wording, as the clinic edits them."""

    ITEM, TOPIC, WORDING = range(3)

    def __init__(self, settings: OutcomeSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outcomeSettings")
        self.form = FieldForm()

        def threshold(name: str) -> Any:
            return add_setting(self.form, OutcomeThresholds, name, key=f"thresholds.{name}",
                               choices=NRS_RULES)  # fmt: skip

        def minimum(name: str) -> Any:
            return add_setting(self.form, BctqMinimum, name, key=f"bctq_minimum.{name}")

        self.nrs_points = threshold("nrs_points")
        self.nrs_percent = threshold("nrs_percent")
        self.nrs_rule = threshold("nrs_rule")
        self.bctq_sss = threshold("bctq_sss")
        self.bctq_fss = threshold("bctq_fss")
        self.weeks = threshold("not_improving_weeks")
        self.min_symptoms = minimum("symptoms")
        self.min_function = minimum("function")
        for line in (self.bctq_sss, self.bctq_fss):
            line.setMaxLength(8)  # "1.05" with room to spare: a mean changes by at most 4

        thresholds = QGroupBox("Clinically important change, and scoring")
        box = QVBoxLayout(thresholds)
        box.addWidget(self.form)
        usual, fewest = OutcomeThresholds(), BctqMinimum()
        counts = {scale: len(items) for scale, items in BCTQ_ITEMS.items()}
        sources = QLabel(
            f"Defaults: 0-10 ratings {usual.nrs_points} points or {usual.nrs_percent}% "
            f"(Farrar 2001); BCTQ {usual.bctq_sss} and {usual.bctq_fss} on the mean (pooled, "
            "from surgical studies: no figure for conservative care is published); "
            f"\u201cnot improving\u201d after {usual.not_improving_weeks} weeks; at least "
            f"{fewest.symptoms} of {counts[BctqScale.SYMPTOMS]} symptom and {fewest.function} "
            f"of {counts[BctqScale.FUNCTION]} function items answered."
        )
        sources.setWordWrap(True)
        box.addWidget(sources)

        self.wording = QTableWidget(len(ITEMS), 3)
        self.wording.setObjectName("bctqWording")
        self.wording.setAccessibleName("BCTQ wording")
        self.wording.setHorizontalHeaderLabels(("Item", "Topic (ships)", "Your licensed wording"))
        self.wording.verticalHeader().setVisible(False)
        header = self.wording.horizontalHeader()
        header.setSectionResizeMode(self.ITEM, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TOPIC, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, item in enumerate(ITEMS):
            number = QTableWidgetItem(f"{SCALE_SHORT[item.scale]} {item.number}")
            topic = QTableWidgetItem(item.topic)
            for fixed in (number, topic):
                fixed.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            number.setToolTip(SCALE_NAMES[item.scale])
            self.wording.setItem(row, self.ITEM, number)
            self.wording.setItem(row, self.TOPIC, topic)
            self.wording.setItem(row, self.WORDING, QTableWidgetItem(""))
        self.wording_problem = QLabel()
        self.wording_problem.setObjectName("bctqWording_error")
        self.wording_problem.setProperty("role", "error")
        self.wording_problem.setWordWrap(True)
        self.wording_problem.hide()
        licence = QLabel(
            "The BCTQ's item wording is copyrighted: WristCare ships short topics only. "
            f"Paste the wording your clinic is licensed to use (up to {WORDING_LIMIT} "
            "characters an item); the questionnaire then shows it instead of the topic."
        )
        licence.setWordWrap(True)
        wording_box = QGroupBox("BCTQ wording")
        wording_layout = QVBoxLayout(wording_box)
        wording_layout.addWidget(licence)
        wording_layout.addWidget(self.wording, 1)
        wording_layout.addWidget(self.wording_problem)

        columns = QHBoxLayout(self)
        columns.addWidget(thresholds, 2)
        columns.addWidget(wording_box, 3)
        self.load(settings)

    def load(self, settings: OutcomeSettings) -> None:
        """Show stored settings."""
        thresholds = settings.thresholds
        self.nrs_points.setValue(thresholds.nrs_points)
        self.nrs_percent.setValue(thresholds.nrs_percent)
        self.nrs_rule.setCurrentIndex(self.nrs_rule.findData(str(thresholds.nrs_rule)))
        self.bctq_sss.setText(str(thresholds.bctq_sss))
        self.bctq_fss.setText(str(thresholds.bctq_fss))
        self.weeks.setValue(thresholds.not_improving_weeks)
        self.min_symptoms.setValue(settings.bctq_minimum.symptoms)
        self.min_function.setValue(settings.bctq_minimum.function)
        for row, item in enumerate(ITEMS):
            self.wording.item(row, self.WORDING).setText(settings.bctq_wording.get(item, ""))

    def set_wording(self, item: BctqItem, text: str) -> None:
        """Put the clinic's wording for one item (as pasting into its cell does)."""
        self.wording.item(ITEMS.index(item), self.WORDING).setText(text)

    def to_json(self) -> dict[str, Any]:
        """The page as the JSON the clinic settings keep (checked when saved)."""
        wording = {}
        for row, item in enumerate(ITEMS):
            text = self.wording.item(row, self.WORDING).text()
            if text.strip():
                wording[item.key] = text
        return {
            "thresholds": {
                "nrs_points": self.nrs_points.value(),
                "nrs_percent": self.nrs_percent.value(),
                "nrs_rule": str(self.nrs_rule.currentData()),
                "bctq_sss": self.bctq_sss.text().strip().replace(",", "."),
                "bctq_fss": self.bctq_fss.text().strip().replace(",", "."),
                "not_improving_weeks": self.weeks.value(),
            },
            "bctq_minimum": {
                "symptoms": self.min_symptoms.value(),
                "function": self.min_function.value(),
            },
            "bctq_wording": wording,
        }

    def show_errors(self, problems: dict[str, str]) -> None:
        """Show the problems keyed ``outcomes.<part>.<field>`` under their fields."""
        mine = {
            key.removeprefix(f"{EXTRA_KEY}."): message
            for key, message in problems.items()
            if key.startswith(f"{EXTRA_KEY}.")
        }
        self.form.show_errors({k: v for k, v in mine.items() if k in self.form.fields})
        wording = [v for k, v in mine.items() if k.startswith("bctq_wording")]
        self.wording_problem.setText("\n".join(wording))
        self.wording_problem.setVisible(bool(wording))
