"""The consent tab: what the patient agreed to, when, how, and any withdrawal."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.consent import (
    CONSENTERS,
    METHODS,
    MODALITIES,
    ConsentDetails,
    ConsentRecord,
)
from wristcare.clinic.text import LONG_TEXT_LIMIT
from wristcare.gui.widgets.date_field import DateField, format_date
from wristcare.gui.widgets.fields import Choice, FieldForm, button, line_box

COLUMNS = ("Treatment", "Given", "How", "Given by", "Guardian", "Withdrawn", "Notes")
GUARDIAN, NOTES = COLUMNS.index("Guardian"), COLUMNS.index("Notes")


class ConsentPanel(QWidget):
    """The list of consents above a short form for recording a new one."""

    record_requested = Signal()
    withdraw_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Consents")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # A guardian's name or a note may be long: they are shortened with "…" (the whole
        # text is in the tooltip) instead of sizing their column to the text.
        header.setSectionResizeMode(GUARDIAN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(GUARDIAN, 140)
        header.setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.withdraw_button = button("&Withdraw selected consent…")
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self._withdraw)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        new_box = QGroupBox("Record consent")
        self.form = FieldForm()
        self.modality = self.form.add("modality", "&Treatment", Choice(MODALITIES, required=True))
        self.given_on = self.form.add("given_on", "Date &given", DateField())
        self.method = self.form.add("method", "H&ow", Choice(METHODS, required=True))
        self.consenter = self.form.add("consenter", "Given &by", Choice(CONSENTERS, required=True))
        self.guardian_name = self.form.add("guardian_name", "G&uardian's name", line_box())
        self.notes = self.form.add("notes", "Not&es", line_box(LONG_TEXT_LIMIT))
        self.record_button = button("&Record consent")
        self.record_button.clicked.connect(self.record_requested)
        box_layout = QVBoxLayout(new_box)
        box_layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.record_button)
        box_layout.addLayout(row)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.withdraw_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(top)
        layout.addWidget(new_box)
        self._consents: list[ConsentRecord] = []
        self.reset_form()

    def set_consents(self, consents: list[ConsentRecord]) -> None:
        self._consents = list(consents)
        self.table.setRowCount(len(consents))
        for row, consent in enumerate(consents):
            cells = (
                consent.label,
                format_date(consent.given_on),
                METHODS.get(consent.method, consent.method),
                CONSENTERS.get(consent.consenter, consent.consenter),
                consent.guardian_name,
                format_date(consent.withdrawn_on),
                consent.notes,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (GUARDIAN, NOTES):
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
        self._selection_changed()

    def reset_form(self, *, guardian_consents: bool = False, today: date | None = None) -> None:
        """Empty the new-consent form; for a child, a parent or guardian signs."""
        self.form.clear_errors()
        # Back to the defaults too: what was chosen for the last consent (or the last
        # patient) must not be recorded again for this one unnoticed.
        defaults = ConsentDetails()
        self.modality.set_choice(defaults.modality)
        self.method.set_choice(defaults.method)
        # The clinic's date when the record view knows it, else this machine's.
        self.given_on.set_date(today or date.today())
        self.consenter.setCurrentIndex(
            self.consenter.findData("guardian" if guardian_consents else "patient")
        )
        self.guardian_name.clear()
        self.notes.clear()
        self._blank = self.form.snapshot()

    def is_dirty(self) -> bool:
        """Something was typed or chosen in the form and not recorded yet."""
        return self.form.snapshot() != self._blank

    def details(self) -> ConsentDetails:
        return ConsentDetails(
            modality=self.modality.currentData(),
            given_on=self.given_on.date(),
            method=self.method.currentData(),
            consenter=self.consenter.currentData(),
            guardian_name=self.guardian_name.text(),
            notes=self.notes.text(),
        )

    def input_problems(self) -> dict[str, str]:
        return self.form.date_problems()

    def show_errors(self, problems: dict[str, str]) -> None:
        self.form.show_errors(problems)

    def selected_consent(self) -> ConsentRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self._consents[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        consent = self.selected_consent()
        self.withdraw_button.setEnabled(consent is not None and consent.withdrawn_on is None)

    def _withdraw(self) -> None:
        consent = self.selected_consent()
        if consent is not None:
            self.withdraw_requested.emit(consent.id)
