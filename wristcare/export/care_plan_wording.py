"""The fixed wording of the take-home care plan, in plain language for the patient.

The safety text comes from clinical.md: section 3 (when to see a doctor, NHS wording and
the red flags) and section 4 (the herb–drug bleeding caution). Nothing here promises a
result: the Cochrane evidence is low certainty, so the handout describes the plan and
when to get help (clinical.md section 5).
"""

from __future__ import annotations

from datetime import date

from wristcare.export.care_plan_document import HomeCareDose, SchedulePhase

DOCUMENT_SUBJECT = "Take-home care plan"

SEE_DOCTOR_HEADING = "When to contact us or see your doctor"
# NHS patient wording (clinical.md section 3).
SEE_DOCTOR_INTRO = (
    "See your doctor if your symptoms get worse, do not go away, or home treatment does not help."
)
RED_FLAGS_LEAD = "See your doctor soon, without waiting for your next visit here, if:"
RED_FLAGS = (
    "your symptoms started after a fall or an injury to your wrist or hand",
    "you find a new lump at your wrist",
    "your fingers are numb all the time, or your thumb feels weak",
    "the muscle at the base of your thumb looks thinner or flatter",
    "your symptoms get worse quickly or suddenly",
    "your symptoms came back after carpal tunnel surgery",
    "you are no better after 8 to 12 weeks of this plan",
)
SOFTER_PROMPT = (
    "Tell your doctor too if both hands are affected, or if your feet tingle or feel numb. "
    "Your doctor may want to check for other causes, such as diabetes or an underactive "
    "thyroid."
)
CONTACT_US_LEAD = "Contact us if:"
CONTACT_US = (
    "an exercise or the splint brings on pain, numbness or tingling",
    "you have bruising, bleeding or soreness after a treatment that worries you",
    "you have questions about this plan",
)

# clinical.md section 4: herb–drug cautions with anticoagulants.
BLEEDING_CAUTION = (
    "Bleeding caution: ginkgo, dong quai, dan shen, garlic, ginseng and ginger can make "
    "bleeding more likely if you take a blood thinner (for example warfarin, apixaban or "
    "aspirin). Ask your doctor or pharmacist before you take any supplement or herb."
)

POINTS_INTRO = (
    "These are the acupuncture points planned for your treatment. We may change them as "
    "we go, and we will tell you when we do."
)
TICK_SHEET_INTRO = "Put a tick in the box on each day you do your home care."

PROGRESS_HEADING = "Your progress so far"
# Describes the scores only: they go up and down, and nothing here says where they will go.
PROGRESS_NOTE = (
    "These are the scores you gave us at your visits. Scores often go up and down from one "
    "visit to the next; we will look at them with you at your review."
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TIMES = {1: "once", 2: "twice"}


def long_date(day: date) -> str:
    """``25 November 2026``: no locale, no day/month order to misread."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """``25 Nov``, for the tick sheet."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]}"


def weekday_short(day: date) -> str:
    """``Mon``: no locale, so the handout is the same on every machine."""
    return _WEEKDAYS[day.weekday()]


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``."""
    return _TIMES.get(count, f"{count} times")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def describe_phase(phase: SchedulePhase) -> str:
    """``Twice a week for 3 weeks (6 sessions)``, then the practitioner's note."""
    text = (
        f"{times(phase.sessions_per_week).capitalize()} a week for "
        f"{_plural(phase.weeks, 'week')} ({_plural(phase.sessions, 'session')})"
    )
    return f"{text}. {phase.note.strip()}" if phase.note.strip() else f"{text}."


def describe_dose(dose: HomeCareDose) -> list[str]:
    """The dose as short sentences, in the order the patient does it."""
    sentences = []
    if dose.hold_seconds:
        sentences.append(f"Hold each position for {_plural(dose.hold_seconds, 'second')}.")
    if dose.repetitions:
        each = " on each side" if dose.each_side else ""
        sentences.append(f"Do it {times(dose.repetitions)}{each}.")
    elif dose.each_side:
        sentences.append("Do both sides.")
    if dose.sets:
        sentences.append(f"That is one set. Do {_plural(dose.sets, 'set')}.")
    how_often = []
    if dose.times_a_day:
        how_often.append(f"{times(dose.times_a_day)} a day")
    if dose.days_a_week:
        how_often.append(
            "every day" if dose.days_a_week == 7 else f"{dose.days_a_week} days a week"
        )
    if how_often:
        sentences.append(f"Do this {', '.join(how_often)}.")
    if dose.weeks:
        sentences.append(f"Keep going for {_plural(dose.weeks, 'week')}.")
    return sentences
