"""The letterhead of every document, from the clinic's letterhead facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wristcare.export.care_plan_document import ClinicLetterhead

if TYPE_CHECKING:
    from wristcare.clinic.documents.letterhead import LetterheadFacts

# What a document addressed to a clinician prints when the clinic has not set its name.
UNNAMED_CLINIC = "Acupuncture clinic"


def clinic_letterhead(facts: LetterheadFacts, *, unnamed: str = UNNAMED_CLINIC) -> ClinicLetterhead:
    """The letterhead to print; a clinic with no name is printed as ``unnamed`` (the
    take-home care plan passes "" and so is refused until the clinic is named)."""
    return ClinicLetterhead(
        clinic_name=facts.clinic_name or unnamed,
        address=facts.address,
        phone=facts.phone,
        email=facts.email,
        practitioner_name=facts.practitioner_name,
        registration=facts.registration,
        logo=facts.logo,
    )
