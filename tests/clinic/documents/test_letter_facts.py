"""The referral letter's facts read from the record, rendered by export/ and read back."""

from __future__ import annotations

import io

import pypdf

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.referrals import referral_letter_facts
from wristcare.db.engine import Database
from wristcare.export.referral_letter import referral_letter_pdf

from .referral_samples import referred_patient

NO_CLAIMS = ("cure", "effective", "improved by acupuncture", "guarantee", "proven", "heal")


def _text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_the_letter_says_who_what_and_why(database: Database, ctx: ClinicContext) -> None:
    patient = referred_patient(database, ctx)
    facts = referral_letter_facts(database, ctx, patient.id)
    assert facts.written_on == ctx.today() and facts.letterhead.practitioner_name == ctx.actor.name
    reader, text = _text(referral_letter_pdf(facts))
    flat = " ".join(text.split())
    assert "Dear Dr Amir Shah," in flat
    assert "Riverside Surgery" in flat
    assert "Margaret O'Neill" in flat and "born 3 February 1956" in flat
    assert patient.record_number in flat
    assert "Thenar wasting. Thenar wasting recorded" in flat
    assert "Thenar wasting, right hand: positive" in flat
    assert "Reason for referral: Thenar wasting on the right" in flat
    assert "3 sessions between" in flat and "acupuncture at PC7, PC6, LI4" in flat
    assert "Pain: 6/10" in flat and "(down 1; 3 ratings)" in flat
    assert "Numbness: 7/10" in flat and "(unchanged; 3 ratings)" in flat
    assert "Yours sincerely," in flat and ctx.actor.name in flat
    assert "Page 1 of" in flat
    for claim in NO_CLAIMS:
        assert claim not in flat.lower()
    info = reader.metadata
    assert info.title == f"Referral letter for {facts.patient_name}"
    assert info.author == ctx.actor.name
    assert info.subject == "Referral to Dr Amir Shah"
    assert info.creator.startswith("WristCare")
    assert referral_letter_pdf(facts) == referral_letter_pdf(facts)  # reproducible
