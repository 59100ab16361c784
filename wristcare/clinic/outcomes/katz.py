"""The Katz hand symptom diagram rating (Katz 1990), per hand.

The published categories, as we implement them:
- classic: symptoms in at least 2 of digits 1-3; digits 4-5, the wrist and the forearm
  (proximal to the wrist) may be involved; palm and dorsum of the hand must be clear;
- probable: as classic, but palm symptoms are allowed unless they are confined to the
  ulnar side of the palm;
- possible: symptoms in only one of digits 1-3; the dorsum may be involved;
- unlikely: no symptoms in digits 1-3.

Our reading, where the wording leaves room:
- Any of numbness, tingling or pain counts as a symptom; a mark rated 0 does not.
- A digit counts whether it is marked on the palm side or the back: the rule names digits,
  not surfaces. "Palm" is the palm regions of the palmar view, "dorsum" the back-of-hand
  region of the dorsal view; the wrist and forearm are allowed on either surface.
- The wording leaves two patterns unrated: at least two of digits 1-3 with symptoms on the
  dorsum, or with palm symptoms only on the ulnar side. Neither meets classic or probable,
  and "possible" is the category whose definition admits dorsal symptoms, so we rate them
  possible: median-nerve digits are involved, the pattern around them is not typical.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from wristcare.clinic.outcomes.hand_map import (
    MEDIAN_DIGITS,
    Hand,
    HandMap,
    Region,
    Surface,
)

KATZ_1990 = "katz_1990"


class KatzRating(StrEnum):
    CLASSIC = "classic"
    PROBABLE = "probable"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


KATZ_NAMES = {
    KatzRating.CLASSIC: "Classic",
    KatzRating.PROBABLE: "Probable",
    KatzRating.POSSIBLE: "Possible",
    KatzRating.UNLIKELY: "Unlikely",
}


@dataclass(frozen=True)
class KatzResult:
    """The rating of one hand with what it rests on, so the view can explain it."""

    hand: Hand
    rating: KatzRating
    median_digits: tuple[Region, ...]
    palm_radial: bool
    palm_ulnar: bool
    dorsum: bool

    @property
    def rule(self) -> str:
        """The rule and version of the rating."""
        return KATZ_1990


def rate_hand(hand_map: HandMap, hand: Hand) -> KatzResult:
    """The Katz rating of one hand of a symptom map."""
    marked = {
        (mark.place.surface, mark.place.region) for mark in hand_map.marks_on(hand) if mark.present
    }
    regions = {region for _, region in marked}
    digits = tuple(digit for digit in MEDIAN_DIGITS if digit in regions)
    palm_radial = (Surface.PALMAR, Region.PALM_RADIAL) in marked
    palm_ulnar = (Surface.PALMAR, Region.PALM_ULNAR) in marked
    dorsum = (Surface.DORSAL, Region.DORSUM) in marked
    palm = palm_radial or palm_ulnar
    if not digits:
        rating = KatzRating.UNLIKELY
    elif len(digits) == 1 or dorsum:
        # One median digit; or several with symptoms on the dorsum (see the module notes).
        rating = KatzRating.POSSIBLE
    elif not palm:
        rating = KatzRating.CLASSIC
    elif palm_radial:
        rating = KatzRating.PROBABLE
    else:  # palm symptoms confined to the ulnar side
        rating = KatzRating.POSSIBLE
    return KatzResult(hand, rating, digits, palm_radial, palm_ulnar, dorsum)


def rate_map(hand_map: HandMap) -> dict[Hand, KatzResult]:
    """The Katz rating of both hands."""
    return {hand: rate_hand(hand_map, hand) for hand in Hand}
