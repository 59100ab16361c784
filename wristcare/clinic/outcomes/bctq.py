"""Boston Carpal Tunnel Questionnaire (Levine 1993): item topics and the scoring rules.

Only the item *topics* ship, as short labels: the published wording is copyrighted and
the clinic pastes the wording it is licensed to use (clinical.md section 1).

Each item is answered 1-5 (1 = none, 5 = most severe / cannot do) or left unanswered.
The published score is the mean of the answered items (1.00-5.00, higher is worse); some
papers report sums instead (SSS 11-55, FSS 8-40), so a sum is offered too, always labelled.

Minimum answered items. Levine's paper scores the mean of the answered items and sets no
minimum. Mean-scored questionnaires commonly score a scale only when at least half the
items are answered, and the DASH family allows at most a tenth missing. We default to at
most a quarter missing: at least 8 of the 11 symptom items and 6 of the 8 function items,
so a score always rests on most of its scale. The clinic can change it (``BctqMinimum``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.arithmetic import round_half_up
from wristcare.setting import problems, setting

BCTQ_MEAN_V1 = "bctq_mean_v1"
BCTQ_SUM_V1 = "bctq_sum_v1"

LOWEST_ANSWER = 1
HIGHEST_ANSWER = 5


class BctqScale(StrEnum):
    """The two scales; the values are the instrument codes of the outcome table."""

    SYMPTOMS = "bctq_sss"
    FUNCTION = "bctq_fss"


SCALE_NAMES = {
    BctqScale.SYMPTOMS: "Symptom Severity Scale",
    BctqScale.FUNCTION: "Functional Status Scale",
}

# Short topic labels of our own (not the questionnaire's wording), in item order.
ITEM_TOPICS: dict[BctqScale, tuple[str, ...]] = {
    BctqScale.SYMPTOMS: (
        "Night pain severity",
        "Night waking from pain",
        "Daytime pain",
        "Daytime pain frequency",
        "Daytime pain duration",
        "Numbness",
        "Weakness",
        "Tingling",
        "Night numbness or tingling severity",
        "Night waking from numbness or tingling",
        "Grasping small objects",
    ),
    BctqScale.FUNCTION: (
        "Writing",
        "Buttoning clothes",
        "Holding a book while reading",
        "Gripping a telephone handle",
        "Opening jars",
        "Household chores",
        "Carrying a grocery bag",
        "Bathing and dressing",
    ),
}


_MINIMUM_MESSAGE = "The minimum must be a whole number from {low} to {high}."


@dataclass(frozen=True)
class BctqMinimum:
    """The fewest answered items a scale needs before it is scored (a clinic setting)."""

    symptoms: int = setting(
        8,
        low=1,
        high=len(ITEM_TOPICS[BctqScale.SYMPTOMS]),
        label="BCTQ symptom &items needed to score",
        help="A Symptom Severity Scale with fewer answered items is not scored.",
        message=_MINIMUM_MESSAGE,
    )
    function: int = setting(
        6,
        low=1,
        high=len(ITEM_TOPICS[BctqScale.FUNCTION]),
        label="BCTQ function ite&ms needed to score",
        help="A Functional Status Scale with fewer answered items is not scored.",
        message=_MINIMUM_MESSAGE,
    )

    def __post_init__(self) -> None:
        found = problems(self)
        if found:
            raise ValidationError(found)

    def for_scale(self, scale: BctqScale) -> int:
        """The minimum for one scale."""
        return self.symptoms if scale is BctqScale.SYMPTOMS else self.function


@dataclass(frozen=True)
class BctqScore:
    """One scale scored: the mean (the published score), how many items it rests on,
    and the sum when every item was answered. ``mean`` is None, with the reason, when
    too few items were answered."""

    scale: BctqScale
    answers: tuple[int | None, ...]
    answered: int
    item_count: int
    mean: Decimal | None
    total: int | None
    reason: str = ""

    @property
    def rule(self) -> str:
        """The scoring rule of ``mean``."""
        return BCTQ_MEAN_V1

    def sum_label(self) -> str:
        """The summed score, labelled as a sum so it is never read as a mean."""
        if self.total is None:
            return "Sum not given: every item must be answered"
        low, high = self.item_count * LOWEST_ANSWER, self.item_count * HIGHEST_ANSWER
        return f"Sum {self.total} (of {low}-{high})"


def validate_answers(scale: BctqScale, answers: Sequence[int | None]) -> tuple[int | None, ...]:
    """The answers as a tuple, checked: one per item, each 1-5 or None (unanswered).

    Raises ``ValidationError`` with one entry per wrong item, keyed ``"<scale>.<n>"``
    (items counted from 1).
    """
    topics = ITEM_TOPICS[scale]
    if len(answers) != len(topics):
        raise ValidationError(
            {str(scale): f"The {SCALE_NAMES[scale]} has {len(topics)} items, not {len(answers)}."}
        )
    problems: dict[str, str] = {}
    for number, (topic, answer) in enumerate(zip(topics, answers, strict=True), start=1):
        if answer is None:
            continue
        if (
            isinstance(answer, bool)
            or not isinstance(answer, int)
            or not LOWEST_ANSWER <= answer <= HIGHEST_ANSWER
        ):
            problems[f"{scale}.{number}"] = (
                f"{topic}: the answer must be a whole number from {LOWEST_ANSWER} "
                f"to {HIGHEST_ANSWER}, or left unanswered."
            )
    if problems:
        raise ValidationError(problems)
    return tuple(answers)


def score_scale(
    scale: BctqScale, answers: Sequence[int | None], minimum: BctqMinimum | None = None
) -> BctqScore:
    """Score one scale by the published rule: the mean of the answered items, rounded
    half up to 2 decimals (rule ``bctq_mean_v1``). Below the minimum no mean is given;
    the sum (``bctq_sum_v1``) is given only when every item is answered, since a sum
    over fewer items would read as milder symptoms."""
    minimum = minimum or BctqMinimum()
    checked = validate_answers(scale, answers)
    given = [answer for answer in checked if answer is not None]
    needed = minimum.for_scale(scale)
    count = len(checked)
    total = sum(given) if len(given) == count else None
    if len(given) < needed:
        reason = f"Not scored: {len(given)} of {count} items answered, at least {needed} needed."
        return BctqScore(scale, checked, len(given), count, None, total, reason)
    mean = round_half_up(Fraction(sum(given), len(given)))
    return BctqScore(scale, checked, len(given), count, mean, total)


@dataclass(frozen=True)
class BctqResult:
    """Both scales of one sitting."""

    symptoms: BctqScore
    function: BctqScore


def score_bctq(
    symptoms: Sequence[int | None],
    function: Sequence[int | None],
    minimum: BctqMinimum | None = None,
) -> BctqResult:
    """Score both scales of one sitting; a wrong answer on either raises one
    ``ValidationError`` naming every wrong item."""
    problems: dict[str, str] = {}
    scored: dict[BctqScale, BctqScore] = {}
    for scale, answers in ((BctqScale.SYMPTOMS, symptoms), (BctqScale.FUNCTION, function)):
        try:
            scored[scale] = score_scale(scale, answers, minimum)
        except ValidationError as error:
            problems.update(error.fields)
    if problems:
        raise ValidationError(problems)
    return BctqResult(scored[BctqScale.SYMPTOMS], scored[BctqScale.FUNCTION])


def answers_to_plain(score: BctqScore) -> dict[str, object]:
    """The item answers as JSON-ready data for storage with the score."""
    return {"items": list(score.answers)}
