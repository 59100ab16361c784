"""The plan's safety check: what the planned points, electroacupuncture pairs and
supplements meet in the patient's health history and consents, shown as the plan is
written, so the protocol can be changed before the first session. Nothing is answered
here: the session note asks for the reasons when the points are needled."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from wristcare.clinic.plans.details import PlanDetails
from wristcare.clinic.plans.safety import plan_findings
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.sessions.safety import SafetyFacts
from wristcare.errors import WristCareError
from wristcare.gui.sessions.safety_panel import FindingRow, read_only_row

WAITING = "Reading the health history and consents…"
QUIET = "Nothing in the health history or consents concerns this protocol."
AHEAD = "The session note will ask for a reason for each stop and caution when needled."


class PlanSafety(QWidget):
    """The findings for the plan as written now, stops first, read-only."""

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Safety check of the plan")
        self.summary = QLabel(WAITING)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QVBoxLayout()
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(self.list)
        self.facts: SafetyFacts | None = None
        self.findings: list[Finding] = []
        self.rows: list[FindingRow] = []

    def set_facts(self, facts: SafetyFacts, details: PlanDetails) -> None:
        """The patient's facts, read once off the GUI thread; then check ``details``."""
        self.facts = facts
        self.check(details)

    def show_unavailable(self, message: str) -> None:
        self.summary.setText(f"The safety check could not run ({message}).")

    def check(self, details: PlanDetails) -> None:
        """Run the rules on the plan as written (pure and fast; on each edit)."""
        if self.facts is None:
            return
        try:
            findings = plan_findings(self.facts, details)
        except WristCareError as error:
            self.show_unavailable(str(error))
            return
        if findings != self.findings or not self.rows and self.summary.text() == WAITING:
            self._rebuild(findings)
        self.findings = findings

    def _rebuild(self, findings: list[Finding]) -> None:
        for row in self.rows:
            self.list.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = [read_only_row(finding) for finding in findings]
        for row in self.rows:
            self.list.addWidget(row)
        if not findings:
            self.summary.setText(QUIET)
        else:
            stops = sum(f.level == "stop" for f in findings)
            cautions = sum(f.level == "caution" for f in findings)
            parts = [f"{stops} stop" + ("s" if stops != 1 else "")] if stops else []
            parts += [f"{cautions} caution" + ("s" if cautions != 1 else "")] if cautions else []
            counted = ", ".join(parts) or f"{len(findings)} note" + ("s" * (len(findings) != 1))
            self.summary.setText(f"{counted}. {AHEAD}")
