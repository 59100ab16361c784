"""Care-plan documents for the tests and benchmarks: a realistic plan and a long one."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

from wristcare.clinic.homecare_library import HomeCareLibraryItem, homecare_item
from wristcare.db.vocab import Side
from wristcare.export.care_plan_document import (
    CarePlanDocument,
    ClinicLetterhead,
    HomeCareDose,
    HomeCareEntry,
    PlannedPoint,
    SchedulePhase,
    SupplementNote,
)

ISSUED_ON = date(2026, 11, 25)
ISSUED_AT = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)
PATIENT = "Margaret O’Brien-Łukasik"


def logo_png() -> bytes:
    """A small clinic logo, drawn here (a blue square with a white bar)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 120), "#1c3d5a")
    ImageDraw.Draw(image).rectangle((30, 50, 130, 70), fill="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def letterhead(logo: bool = True) -> ClinicLetterhead:
    return ClinicLetterhead(
        clinic_name="Riverside Acupuncture Clinic",
        address="12 Mill Lane\nTotnes TQ9 5AB",
        phone="01803 555 0142",
        email="hello@riverside-acupuncture.example",
        practitioner_name="Dr Wei Chen Lic.Ac.",
        registration="BAcC 012345",
        logo=logo_png() if logo else None,
    )


def entry(item: HomeCareLibraryItem, **dose: int) -> HomeCareEntry:
    """A library item as a plan entry: the library's low dose unless told otherwise."""
    values = {
        "hold_seconds": item.hold_seconds.low if item.hold_seconds else None,
        "repetitions": item.repetitions.low if item.repetitions else None,
        "times_a_day": item.times_a_day.low if item.times_a_day else None,
        "weeks": item.weeks.high if item.weeks else 6,
        "days_a_week": 7,
    }
    values.update(dose)
    return HomeCareEntry(
        key=item.key,
        title=item.title,
        steps=item.steps,
        dose=HomeCareDose(each_side=item.each_side, **values),  # type: ignore[arg-type]
        cautions=item.stop_rules,
        illustration=item.illustration,
    )


POINTS = (
    PlannedPoint("PC7", "Daling", "大陵", "right"),
    PlannedPoint("PC6", "Neiguan", "內關 / 内关", "right"),
    PlannedPoint("TE5", "Waiguan", "外關 / 外关", "right"),
    PlannedPoint("LI4", "Hegu", "合谷", Side.BILATERAL),
)
FIVE_ITEMS = (
    "night_splint",
    "tendon_gliding",
    "median_nerve_gliding",
    "wrist_flexor_stretch",
    "activity_ergonomics",
)


def realistic_plan(**changes: object) -> CarePlanDocument:
    """A 70-year-old with carpal tunnel syndrome: five home-care items, four points."""
    document = CarePlanDocument(
        letterhead=letterhead(),
        patient_name=PATIENT,
        issued_on=ISSUED_ON,
        issued_at=ISSUED_AT,
        problem=(
            "Numbness and tingling in your right thumb, index and middle fingers, worse at "
            "night and when you knit. This is the pattern of carpal tunnel syndrome."
        ),
        goals=(
            "Night waking from numbness: 3 out of 10 or less by 15 January 2027.",
            "Knitting for 20 minutes without tingling by the end of the plan.",
        ),
        phases=(
            SchedulePhase(2, 3, "Sessions last about 45 minutes."),
            SchedulePhase(1, 4),
        ),
        review_on=date(2026, 12, 16),
        points=POINTS,
        home_care=tuple(entry(homecare_item(key)) for key in FIVE_ITEMS),
        supplements=(SupplementNote("Ginkgo tablets (your own choice): talk to us first."),),
        anticoagulant_alert=True,
        practitioner_notes=(
            "Keep your hands warm in the morning before you start knitting.\n\n"
            "Bring your splint to your next visit so we can check the fit."
        ),
    )
    return replace(document, **changes)  # type: ignore[arg-type]


LOREM = (
    "Keep a note of when the tingling starts and what you were doing. "
    "Bring it to your next visit. 请带上您的记录。 "
)


def long_plan(**changes: object) -> CarePlanDocument:
    """Fifteen home-care items, 5,000+ characters of notes, eight weeks of tick sheet."""
    keys = [*FIVE_ITEMS, "wrist_extensor_stretch", "self_massage"]
    home_care = []
    for number in range(15):
        item = homecare_item(keys[number % len(keys)])
        home_care.append(replace(entry(item, weeks=8), title=f"{item.title} ({number + 1})"))
    notes = "\n".join(f"{n + 1}. {LOREM}" for n in range(50))
    assert len(notes) >= 5000
    return realistic_plan(home_care=tuple(home_care), practitioner_notes=notes, **changes)
