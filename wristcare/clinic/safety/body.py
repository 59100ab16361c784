"""Where a point is: its regions and limb, and whether it lies at a site typed as free text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from wristcare.clinic.safety.rulebook import BodyPart, RuleBook
from wristcare.clinic.text import fold
from wristcare.db.vocab import Side

# Extra points carry their region in the code: EX-UE9, M-LE8.
_EXTRA_LIMB = re.compile(r"^(?:EX|M|N)-(UE|LE)\d", re.IGNORECASE)
_SIDE_WORDS = {
    "left": Side.LEFT,
    "lt": Side.LEFT,
    "l": Side.LEFT,
    "right": Side.RIGHT,
    "rt": Side.RIGHT,
    "r": Side.RIGHT,
    "both": Side.BILATERAL,
    "bilateral": Side.BILATERAL,
    "bilaterally": Side.BILATERAL,
}


def regions_of(book: RuleBook, code: str) -> frozenset[str]:
    """The names of every region a point is in."""
    return frozenset(r.name for r in book.regions.values() if code in r.points)


def limb_of(book: RuleBook, code: str) -> BodyPart | None:
    """The part of the body a point is on (arm, leg, trunk, head); None if it is not placed."""
    for region in book.regions.values():
        if code in region.points:
            return region.limb
    extra = _EXTRA_LIMB.match(code)
    if extra:
        return BodyPart.ARM if extra.group(1).upper() == "UE" else BodyPart.LEG
    return None


@dataclass(frozen=True)
class SiteMatch:
    """What a free-text site names: the regions, and a side if only one is named."""

    regions: frozenset[str]
    words: tuple[str, ...]
    side: Side | None  # left or right; None when both or neither is named

    @property
    def placed(self) -> bool:
        """Whether the text names any region WristCare knows."""
        return bool(self.regions)

    def describe(self) -> str:
        """``the wrist, left side``: what was read from the text, for a finding."""
        where = ", ".join(self.words)
        return f"the {where}, {self.side} side" if self.side else f"the {where}"


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\W_]+", fold(text)) if t]


def _word_matches(token: str, word: str) -> bool:
    # Plurals: "fingers", "ribs", "knees" name the same region.
    return token in (word, f"{word}s", f"{word}es")


def _phrase_spans(tokens: list[str], phrase: str) -> list[tuple[int, int]]:
    words = phrase.split()
    spans = []
    for start in range(len(tokens) - len(words) + 1):
        if all(_word_matches(tokens[start + i], w) for i, w in enumerate(words)):
            spans.append((start, start + len(words)))
    return spans


def read_site(book: RuleBook, text: str) -> SiteMatch:
    """The regions and side a site such as ``Left wrist plate`` names.

    Each region's words are matched as whole words (plurals too); a longer phrase wins
    over a shorter one inside it, so ``upper arm`` is not the whole arm and ``shoulder
    blade`` is not the shoulder joint. One side named (left/right, lt/rt, L/R) limits the
    match to that side; both sides, or none, match either.
    """
    tokens = _tokens(text)
    matches: list[tuple[int, int, str, str]] = []
    for region in book.regions.values():
        for phrase in region.words:
            for start, end in _phrase_spans(tokens, phrase):
                matches.append((start, end, region.name, phrase))
    kept = [
        m
        for m in matches
        if not any(o[0] <= m[0] and m[1] <= o[1] and o[1] - o[0] > m[1] - m[0] for o in matches)
    ]
    sides = {_SIDE_WORDS[t] for t in tokens if t in _SIDE_WORDS}
    side = sides.pop() if len(sides) == 1 and Side.BILATERAL not in sides else None
    words = tuple(dict.fromkeys(m[3] for m in sorted(kept)))
    return SiteMatch(frozenset(m[2] for m in kept), words, side)


def point_at_site(book: RuleBook, code: str, side: str, site: SiteMatch) -> bool:
    """Whether a needled point lies in a region the site names, on the side it names.

    A point needled on both sides, on the midline or with no side yet counts as on
    either side.
    """
    if not site.regions & regions_of(book, code):
        return False
    return site.side is None or side not in (Side.LEFT, Side.RIGHT) or side == site.side
