"""Every measure (instrument) once: its names, unit, range, axis tick, decimals and which
way is better. The note, the progress view, the reports, the goal editor and the
take-home chart all take their words and ranges from this table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from wristcare.db.vocab import SYMPTOM_SCALES, GoalDirection, Instrument


@dataclass(frozen=True)
class MeasureInfo:
    """How a measure is shown: its name, unit, range (``high`` None: open-ended, from
    the data), the step between axis ticks and which way is better."""

    code: str
    name: str
    unit: str
    low: Decimal
    high: Decimal | None
    tick: Decimal
    better: GoalDirection
    places: int  # decimals shown (grip: 2, as the mean of three trials is kept)


@dataclass(frozen=True)
class Measure:
    """One instrument as people read it.

    ``label`` names it on screen and in reports, ``short`` in a sentence about one trial
    ("Grip: …"), ``choice`` in the goal editor's pick list, ``take_home`` on the patient's
    chart (only the ratings a patient gives). ``better`` is None for a category (Katz).
    """

    instrument: Instrument
    label: str
    choice: str
    unit: str = ""
    low: Decimal = Decimal(0)
    high: Decimal | None = None
    tick: Decimal = Decimal(1)
    places: int = 0
    better: GoalDirection | None = None
    short: str = ""
    take_home: str = ""

    @property
    def info(self) -> MeasureInfo:
        """The measure as the progress view and the report chart it (numeric ones only)."""
        if self.better is None:
            raise ValueError(f"{self.instrument} is not charted")
        return MeasureInfo(str(self.instrument), self.label, self.unit, self.low, self.high,
                           self.tick, self.better, self.places)  # fmt: skip


def _rating(instrument: Instrument, label: str, take_home: str) -> Measure:
    return Measure(instrument, label, f"{label} (0-10)", "0-10", Decimal(0), Decimal(10),
                   Decimal(2), 0, GoalDirection.DECREASE, label, take_home)  # fmt: skip


def _bctq(instrument: Instrument, label: str) -> Measure:
    return Measure(instrument, label, f"{label} (1-5)", "mean 1-5", Decimal(1), Decimal(5),
                   Decimal("0.5"), 2, GoalDirection.DECREASE, label)  # fmt: skip


def _strength(instrument: Instrument, label: str, short: str, tick: int) -> Measure:
    return Measure(instrument, label, f"{short} strength (kg)", "kg", Decimal(0), None,
                   Decimal(tick), 2, GoalDirection.INCREASE, short)  # fmt: skip


# In Instrument order, which is the order the pick lists offer them.
MEASURES: dict[Instrument, Measure] = {
    m.instrument: m
    for m in (
        _rating(Instrument.NRS_PAIN, "Pain", "Your pain scores at each visit"),
        _rating(Instrument.NRS_NUMBNESS, "Numbness", "Your numbness scores at each visit"),
        _rating(Instrument.NRS_TINGLING, "Tingling", "Your tingling scores at each visit"),
        _rating(Instrument.NRS_WEAKNESS, "Weakness or clumsiness",
                "Your weakness or clumsiness scores at each visit"),
        _rating(Instrument.NRS_NIGHT_WAKING, "Night waking",
                "How much your symptoms woke you at night, at each visit"),
        _bctq(Instrument.BCTQ_SSS, "BCTQ symptom severity"),
        _bctq(Instrument.BCTQ_FSS, "BCTQ functional status"),
        Measure(Instrument.KATZ, "Katz hand diagram", "Katz hand diagram"),
        _strength(Instrument.GRIP, "Grip strength", "Grip", 10),
        _strength(Instrument.PINCH_TIP, "Tip pinch", "Tip pinch", 2),
        _strength(Instrument.PINCH_KEY, "Key pinch", "Key pinch", 2),
        _strength(Instrument.PINCH_PALMAR, "Palmar pinch", "Palmar pinch", 2),
        Measure(Instrument.QUICKDASH_EXTERNAL, "QuickDASH (external score)", "QuickDASH (0-100)",
                "0-100", Decimal(0), Decimal(100), Decimal(20), 0, GoalDirection.DECREASE,
                "QuickDASH"),
    )
}  # fmt: skip

# The tables below are keyed by Instrument; typed by str, the type of the codes they are
# looked up with (an Instrument is a str, and equal to its code).

# The 0-10 ratings of a session, by instrument, in the order the note asks them.
RATING_LABELS: dict[str, str] = {i: MEASURES[i].label for i in SYMPTOM_SCALES}
STRENGTH_TESTS = (
    Instrument.GRIP,
    Instrument.PINCH_TIP,
    Instrument.PINCH_KEY,
    Instrument.PINCH_PALMAR,
)
# Instrument -> the direction of improvement. Katz is a category, not a number.
BETTER_WHEN: dict[str, GoalDirection] = {
    i: m.better for i, m in MEASURES.items() if m.better is not None
}
