"""The health history as the practitioner fills it in: plain data (no database), so the
safety rules and the banner read it without the history store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from wristcare.clinic.text import cleaned
from wristcare.db.vocab import SAFETY_FLAG_DETAILS


@dataclass
class HealthHistoryDetails:
    """The health history as the practitioner fills it in."""

    conditions: str = ""
    medications: str = ""
    anticoagulant: bool = False
    anticoagulant_drug: str = ""
    bleeding_disorder: bool = False
    allergy_metal: bool = False
    allergy_latex: bool = False
    allergy_adhesive: bool = False
    allergies_other: str = ""
    herbs_supplements: str = ""
    pregnant: bool = False
    pregnancy_due_date: date | None = None
    implanted_device: bool = False
    implanted_device_detail: str = ""
    epilepsy: bool = False
    metal_implant: bool = False
    metal_implant_site: str = ""
    lymphoedema: bool = False
    lymphoedema_limb: str = ""
    diabetes: bool = False
    skin_problem_at_site: bool = False
    skin_problem_detail: str = ""
    needle_anxiety: bool = False
    fainting_history: bool = False
    capacity_concern: bool = False
    capacity_detail: str = ""

    def cleaned(self) -> HealthHistoryDetails:
        """A copy with text trimmed, and details dropped for alerts that are off."""
        trimmed = cleaned(self)
        for flag, detail in _DETAIL_OF.items():
            if not getattr(trimmed, flag):
                setattr(trimmed, detail, None if detail == "pregnancy_due_date" else "")
        return trimmed


# Detail fields that only mean something while their flag is ticked.
_DETAIL_OF = {flag.value: detail for flag, detail in SAFETY_FLAG_DETAILS.items()}


@dataclass(frozen=True)
class HealthHistoryVersion:
    """One dated version of the history."""

    version: int
    recorded_at: datetime
    # The clinic-local date of recorded_at (the clinic's, not the viewing machine's).
    recorded_on: date
    recorded_by: str
    recorded_by_id: int | None
    superseded_at: datetime | None
    reviewed_on: date | None
    details: HealthHistoryDetails

    @property
    def last_checked(self) -> date:
        """When the history was last confirmed with the patient."""
        recorded = self.recorded_on
        return max(recorded, self.reviewed_on) if self.reviewed_on else recorded
