"""What the red-flag use cases hand back: frozen, plain data (never ORM objects)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.outcomes.not_improving import NotImprovingFinding
from wristcare.db.vocab import ReferralDecision

DECISION_LABELS = {
    ReferralDecision.REFERRED: "Referred",
    ReferralDecision.NOT_REFERRED: "Not referred",
}


@dataclass(frozen=True)
class StoredScreen:
    """The asked signs as answered. ``version`` 0: nothing stored for this session (or
    intake) yet; ``answers`` then carry the patient's latest earlier answers."""

    session_id: int | None
    answers: Mapping[str, bool]
    version: int
    screened_at: datetime | None
    practitioner_name: str


@dataclass(frozen=True)
class ReferralView:
    id: int
    recipient: str
    reason: str
    referred_on: date
    practitioner_name: str
    version: int


@dataclass(frozen=True)
class DecisionView:
    """One answer to one or more red flags."""

    id: int
    patient_id: int
    session_id: int | None
    codes: tuple[str, ...]
    findings: str
    decision: ReferralDecision
    reason: str
    decided_on: date
    practitioner_id: int
    practitioner_name: str
    referral: ReferralView | None
    version: int

    @property
    def titles(self) -> str:
        """The red flags answered, by title, as they were shown."""
        return ", ".join(line.split(":", 1)[0] for line in self.findings.splitlines() if line)

    @property
    def summary(self) -> str:
        """The answer in one line, as the panel and the record show it."""
        if self.referral is not None:
            r = self.referral
            return f"Referred to {r.recipient} on {r.referred_on:%d %b %Y} ({r.practitioner_name})"
        return (
            f"Not referred on {self.decided_on:%d %b %Y} ({self.practitioner_name}): {self.reason}"
        )


@dataclass(frozen=True)
class ScreenContext:
    """What the screen reads from the record besides the note being typed."""

    patient_id: int
    session_id: int | None
    today: date
    history: HealthHistoryDetails | None
    no_improvement: NotImprovingFinding | None
    screen: StoredScreen
    decisions: tuple[DecisionView, ...]
    family_doctor: str
    record_number: str
