"""One BCTQ sitting as the entry form gives it: the date taken and every item answer,
scored by the published rule. Also the items themselves, so a clinic's licensed wording
can be attached to each one (clinical.md section 1: only topics ship)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.bctq import (
    ITEM_TOPICS,
    BctqMinimum,
    BctqResult,
    BctqScale,
    score_bctq,
    validate_answers,
)
from wristcare.clinic.validation import Problems

# Longest wording a clinic may paste for one item: a questionnaire item with its
# instructions fits comfortably; a pasted page does not.
WORDING_LIMIT = 400


@dataclass(frozen=True)
class BctqItem:
    """One questionnaire item: its scale and its number on that scale (from 1)."""

    scale: BctqScale
    number: int

    @property
    def key(self) -> str:
        """The item as text, e.g. ``"bctq_sss.3"`` (the key of the clinic's wording)."""
        return f"{self.scale}.{self.number}"

    @property
    def topic(self) -> str:
        """The short topic label that ships with WristCare."""
        return ITEM_TOPICS[self.scale][self.number - 1]

    @classmethod
    def from_key(cls, key: str) -> BctqItem:
        """The item a key such as ``"bctq_fss.8"`` names; unknown keys raise ``ValueError``."""
        scale_code, _, number = str(key).partition(".")
        scale = BctqScale(scale_code)
        if not number.isdigit() or not 1 <= int(number) <= len(ITEM_TOPICS[scale]):
            raise ValueError(f"{key!r} is not a BCTQ item")
        return cls(scale, int(number))


BCTQ_ITEMS: dict[BctqScale, tuple[BctqItem, ...]] = {
    scale: tuple(BctqItem(scale, n) for n in range(1, len(topics) + 1))
    for scale, topics in ITEM_TOPICS.items()
}


def validate_wording(wording: Mapping[str, str]) -> dict[BctqItem, str]:
    """A clinic's item wording (item key -> text) checked: known items, text not empty
    and at most ``WORDING_LIMIT`` characters. Items left out keep their topic label."""
    problems = Problems()
    checked: dict[BctqItem, str] = {}
    for key, text in wording.items():
        try:
            item = BctqItem.from_key(key)
        except ValueError:
            problems.add(str(key), f"{key!r} is not a BCTQ item.")
            continue
        words = text.strip() if isinstance(text, str) else ""
        problems.required(item.key, words, f"{item.topic}: the wording is empty.")
        problems.check(
            item.key,
            len(words) <= WORDING_LIMIT,
            f"{item.topic}: the wording is longer than {WORDING_LIMIT} characters.",
        )
        if item.key not in problems:
            checked[item] = words
    problems.raise_if_any()
    return checked


def validate_taken_on(taken_on: date, today: date) -> date:
    """The date a questionnaire was taken, checked: not after ``today``."""
    problems = Problems()
    problems.date("taken_on", taken_on, "The date taken")
    problems.not_after("taken_on", taken_on, today, "The date taken cannot be in the future.")
    problems.raise_if_any()
    return taken_on


@dataclass(frozen=True)
class BctqSitting:
    """One sitting of the questionnaire: the date taken, the answers of both scales
    (1-5 or None per item) and the minimum it is scored with."""

    taken_on: date
    symptoms: tuple[int | None, ...]
    function: tuple[int | None, ...]
    minimum: BctqMinimum = field(default_factory=BctqMinimum)

    def __post_init__(self) -> None:
        problems: dict[str, str] = {}
        for scale, answers in (
            (BctqScale.SYMPTOMS, self.symptoms),
            (BctqScale.FUNCTION, self.function),
        ):
            try:
                validate_answers(scale, answers)
            except ValidationError as error:
                problems.update(error.fields)
        if problems:
            raise ValidationError(problems)

    @property
    def result(self) -> BctqResult:
        """Both scales scored by the published rule (mean of the answered items)."""
        return score_bctq(self.symptoms, self.function, self.minimum)

    def answer(self, item: BctqItem) -> int | None:
        """The answer to one item, None when not answered."""
        answers = self.symptoms if item.scale is BctqScale.SYMPTOMS else self.function
        return answers[item.number - 1]
