"""What a consent is: the kinds of treatment consented to, how and by whom, and a consent
as recorded. Plain data (no database), so the safety rules can read consents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

MODALITIES = {
    "acupuncture": "Acupuncture",
    "electroacupuncture": "Electroacupuncture",
    "moxibustion": "Moxibustion",
    "cupping": "Cupping",
    "gua_sha": "Gua sha",
    "tui_na": "Tui na",
}
METHODS = {"written": "Written", "verbal": "Verbal"}
# Who gave consent. "Signed by" is kept for a practitioner signing a note.
CONSENTERS = {"patient": "Patient", "guardian": "Parent or guardian"}
# Under this age a parent or guardian consents (clinical.md section 4).
GUARDIAN_UNDER_AGE = 16


@dataclass(frozen=True)
class ConsentRecord:
    id: int
    modality: str
    given_on: date
    method: str
    consenter: str
    guardian_name: str
    notes: str
    withdrawn_on: date | None
    recorded_at: datetime
    recorded_by: str
    version_id: int

    @property
    def label(self) -> str:
        return MODALITIES.get(self.modality, self.modality)

    def active_on(self, day: date) -> bool:
        """Given on or before ``day`` and not withdrawn by then."""
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


def missing_consents(
    consents: list[ConsentRecord], today: date, needed: tuple[str, ...] = ("acupuncture",)
) -> list[str]:
    """Modalities in ``needed`` with no consent in force today."""
    active = {c.modality for c in consents if c.active_on(today)}
    return [m for m in needed if m not in active]
