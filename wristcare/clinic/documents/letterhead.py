"""The letterhead every document prints: the clinic as its settings say today, and the
practitioner the document is from."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.clinic_settings import ClinicSettings
from wristcare.clinic.practitioners import registration_line
from wristcare.db.models import Practitioner


@dataclass(frozen=True)
class LetterheadFacts:
    """The clinic's name (trimmed; empty when the clinic has not set one: each document
    decides what a blank name means), address, contact and logo, and the practitioner's
    name, profession and registration line."""

    clinic_name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes | None = None
    practitioner_name: str = ""
    profession: str = ""
    registration: str = ""


def read_letterhead(
    db: DbSession, settings: ClinicSettings, practitioner_id: int | None, *, name: str = ""
) -> LetterheadFacts:
    """The letterhead from ``settings`` and the practitioner as on record now; ``name``
    (the name a note was signed with, say) is printed instead of the current one when
    given. No practitioner (``None``, or not on record): the clinic alone."""
    clinic = settings.details
    practitioner = None if practitioner_id is None else db.get(Practitioner, practitioner_id)
    if practitioner is None:
        who = name
        profession = registration = ""
    else:
        who = name or practitioner.name
        profession = practitioner.profession
        registration = registration_line(
            practitioner.registration_body, practitioner.registration_number
        )
    return LetterheadFacts(
        clinic_name=clinic.name.strip(),
        address=clinic.address,
        phone=clinic.phone,
        email=clinic.email,
        logo=clinic.logo or None,
        practitioner_name=who,
        profession=profession,
        registration=registration,
    )
