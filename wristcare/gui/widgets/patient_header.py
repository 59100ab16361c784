"""The patient header: who this is, at a glance, with the safety banner under it."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from wristcare.clinic.overview import PatientOverview
from wristcare.gui.widgets.alert_banner import AlertBanner
from wristcare.gui.widgets.date_field import format_date
from wristcare.gui.widgets.elided_label import ElidedLabel


class PatientHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = ElidedLabel()
        self.name.setObjectName("patientName")
        self.name.setAccessibleName("Patient")
        self.facts = QLabel()
        self.facts.setObjectName("patientFacts")
        self.facts.setWordWrap(True)
        self.facts.setAccessibleName("Patient details")
        self.banner = AlertBanner()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        layout.addWidget(self.banner)
        self.clear()

    def clear(self) -> None:
        self.name.setText("")
        self.facts.setText("")
        self.banner.set_alerts([])

    def show_new(self) -> None:
        self.name.setText("New patient")
        self.facts.setText("Fill in the details and save to create the record.")
        self.banner.set_alerts([])

    def show_patient(self, overview: PatientOverview) -> None:
        record = overview.record
        details = record.details
        name = details.name
        if details.preferred_name:
            name += f" ({details.preferred_name})"
        if record.archived:
            name += "  — archived"
        self.name.setText(name)
        facts = [record.record_number]
        if details.date_of_birth is not None:
            facts.append(f"born {format_date(details.date_of_birth)}, {overview.age} years")
        if record.last_visit:
            facts.append(f"last visit {format_date(record.last_visit)}")
        if record.next_review:
            facts.append(f"review {format_date(record.next_review)}")
        facts.append(f"keep records until {format_date(record.keep_until)}")
        self.facts.setText("  ·  ".join(facts))
        self.banner.set_alerts(overview.alerts)
