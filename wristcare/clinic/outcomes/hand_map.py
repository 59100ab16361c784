"""The hand symptom map: where on which hand the patient feels numbness, tingling or
pain, and how strongly (0-10). Stored as plain JSON-ready data (the item answers of a
``katz`` outcome row) and rated by the Katz rule (``katz.py``).

Regions per hand and surface:
- palmar: digits 1-5, palm radial (thumb side), palm ulnar (little-finger side), wrist,
  forearm;
- dorsal: digits 1-5, dorsum (back of the hand), wrist, forearm.
Digits are not split into segments: the Katz rule speaks of digits, and whole digits are
big enough to hit with a mouse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from wristcare.clinic.errors import ValidationError

PLAIN_FORM_VERSION = 1


class Hand(StrEnum):
    LEFT = "left"
    RIGHT = "right"


class Surface(StrEnum):
    PALMAR = "palmar"
    DORSAL = "dorsal"


class Region(StrEnum):
    DIGIT_1 = "digit_1"
    DIGIT_2 = "digit_2"
    DIGIT_3 = "digit_3"
    DIGIT_4 = "digit_4"
    DIGIT_5 = "digit_5"
    PALM_RADIAL = "palm_radial"
    PALM_ULNAR = "palm_ulnar"
    DORSUM = "dorsum"
    WRIST = "wrist"
    FOREARM = "forearm"


class Symptom(StrEnum):
    NUMBNESS = "numbness"
    TINGLING = "tingling"
    PAIN = "pain"


DIGITS = (Region.DIGIT_1, Region.DIGIT_2, Region.DIGIT_3, Region.DIGIT_4, Region.DIGIT_5)
MEDIAN_DIGITS = (Region.DIGIT_1, Region.DIGIT_2, Region.DIGIT_3)

REGIONS_OF: dict[Surface, tuple[Region, ...]] = {
    Surface.PALMAR: (*DIGITS, Region.PALM_RADIAL, Region.PALM_ULNAR, Region.WRIST, Region.FOREARM),
    Surface.DORSAL: (*DIGITS, Region.DORSUM, Region.WRIST, Region.FOREARM),
}

REGION_NAMES = {
    Region.DIGIT_1: "Thumb",
    Region.DIGIT_2: "Index finger",
    Region.DIGIT_3: "Middle finger",
    Region.DIGIT_4: "Ring finger",
    Region.DIGIT_5: "Little finger",
    Region.PALM_RADIAL: "Palm, thumb side",
    Region.PALM_ULNAR: "Palm, little-finger side",
    Region.DORSUM: "Back of the hand",
    Region.WRIST: "Wrist",
    Region.FOREARM: "Forearm",
}
SURFACE_NAMES = {Surface.PALMAR: "palm side", Surface.DORSAL: "back"}
HAND_NAMES = {Hand.LEFT: "Left hand", Hand.RIGHT: "Right hand"}
SYMPTOM_NAMES = {Symptom.NUMBNESS: "Numbness", Symptom.TINGLING: "Tingling", Symptom.PAIN: "Pain"}
# One letter each, for a mark's label ("N6") and the key below the map.
SYMPTOM_LETTERS = {Symptom.NUMBNESS: "N", Symptom.TINGLING: "T", Symptom.PAIN: "P"}
# The colours the screen and the PDF draw the map in (hex RGB): each symptom's marks, the
# skin and the skin's lines.
SYMPTOM_COLOURS = {
    Symptom.NUMBNESS: "#2f6db5",
    Symptom.TINGLING: "#d97f00",
    Symptom.PAIN: "#c62828",
}
SKIN_COLOUR = "#f6e2d3"
SKIN_LINE_COLOUR = "#c9a792"


def region_label(hand: Hand, surface: Surface, region: Region) -> str:
    """A region named as a practitioner says it, e.g. "Left hand, palm side: Thumb"."""
    return f"{HAND_NAMES[hand]}, {SURFACE_NAMES[surface]}: {REGION_NAMES[region]}"


@dataclass(frozen=True)
class Place:
    """One region on one surface of one hand."""

    hand: Hand
    surface: Surface
    region: Region

    def __post_init__(self) -> None:
        # Plain strings (from storage or a caller) become the vocabulary; others fail.
        object.__setattr__(self, "hand", Hand(self.hand))
        object.__setattr__(self, "surface", Surface(self.surface))
        object.__setattr__(self, "region", Region(self.region))


@dataclass(frozen=True)
class Mark:
    """A symptom marked on a region. ``intensity`` is 0-10, or None when marked but not
    rated; a mark rated 0 is kept as entered but is not a symptom (``present``)."""

    place: Place
    symptom: Symptom
    intensity: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "symptom", Symptom(self.symptom))

    @property
    def present(self) -> bool:
        """True unless the mark was rated 0 (none)."""
        return self.intensity != 0


@dataclass(frozen=True)
class HandMap:
    """Every mark of one sitting, at most one per place and symptom, in a fixed order so
    equal maps compare and store equal."""

    marks: tuple[Mark, ...] = ()

    def marks_on(self, hand: Hand) -> tuple[Mark, ...]:
        """The marks of one hand."""
        return tuple(mark for mark in self.marks if mark.place.hand is hand)

    def marks_at(self, place: Place) -> tuple[Mark, ...]:
        """The marks of one region."""
        return tuple(mark for mark in self.marks if mark.place == place)

    def mark(self, place: Place, symptom: Symptom) -> Mark | None:
        """The mark of one symptom at one place, if any."""
        for mark in self.marks:
            if mark.place == place and mark.symptom is symptom:
                return mark
        return None

    def with_mark(self, mark: Mark) -> HandMap:
        """A copy with ``mark`` set (replacing the same place and symptom)."""
        kept = [m for m in self.marks if (m.place, m.symptom) != (mark.place, mark.symptom)]
        return build_map([*kept, mark])

    def without(self, place: Place, symptom: Symptom | None = None) -> HandMap:
        """A copy with one symptom (or every symptom) cleared from a place."""
        return HandMap(
            tuple(
                m
                for m in self.marks
                if not (m.place == place and (symptom is None or m.symptom is symptom))
            )
        )


def _order(mark: Mark) -> tuple[int, int, int, int]:
    place = mark.place
    return (
        list(Hand).index(place.hand),
        list(Surface).index(place.surface),
        list(Region).index(place.region),
        list(Symptom).index(mark.symptom),
    )


def _mark_problem(mark: Mark) -> str | None:
    place = mark.place
    if place.region not in REGIONS_OF[place.surface]:
        return (
            f"{REGION_NAMES[place.region]} is not on the {SURFACE_NAMES[place.surface]} "
            "of the hand."
        )
    value = mark.intensity
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        return "The intensity must be a whole number from 0 to 10."
    if value is not None and not 0 <= value <= 10:
        return "The intensity must be a whole number from 0 to 10."
    return None


def build_map(marks: Iterable[Mark]) -> HandMap:
    """A validated map: each region on its surface, intensities 0-10 or unrated, no
    symptom marked twice at one place. Problems raise ``ValidationError``."""
    problems: dict[str, str] = {}
    seen: set[tuple[Place, Symptom]] = set()
    checked: list[Mark] = []
    for mark in marks:
        place = mark.place
        key = f"{place.hand}.{place.surface}.{place.region}.{mark.symptom}"
        problem = _mark_problem(mark)
        if problem is None and (place, mark.symptom) in seen:
            problem = f"{SYMPTOM_NAMES[mark.symptom]} is marked twice here."
        if problem is not None:
            problems[key] = f"{region_label(place.hand, place.surface, place.region)}: {problem}"
            continue
        seen.add((place, mark.symptom))
        checked.append(mark)
    if problems:
        raise ValidationError(problems)
    return HandMap(tuple(sorted(checked, key=_order)))


def to_plain(hand_map: HandMap) -> dict[str, object]:
    """The map as JSON-ready data (strings and integers only)."""
    return {
        "version": PLAIN_FORM_VERSION,
        "marks": [
            {
                "hand": str(mark.place.hand),
                "surface": str(mark.place.surface),
                "region": str(mark.place.region),
                "symptom": str(mark.symptom),
                "intensity": mark.intensity,
            }
            for mark in hand_map.marks
        ],
    }


def from_plain(plain: Mapping[str, object]) -> HandMap:
    """A map read back from its plain form, validated like fresh input."""
    if plain.get("version") != PLAIN_FORM_VERSION:
        raise ValidationError(
            {"hand_map": "The symptom map is in a form this version cannot read."}
        )
    rows = plain.get("marks")
    if not isinstance(rows, list):
        raise ValidationError({"hand_map": "The symptom map has no list of marks."})
    marks = []
    for number, row in enumerate(rows, start=1):
        try:
            if not isinstance(row, Mapping):
                raise TypeError
            place = Place(Hand(row["hand"]), Surface(row["surface"]), Region(row["region"]))
            marks.append(Mark(place, Symptom(row["symptom"]), row.get("intensity")))
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                {"hand_map": f"Mark {number} of the symptom map cannot be read."}
            ) from None
    return build_map(marks)
