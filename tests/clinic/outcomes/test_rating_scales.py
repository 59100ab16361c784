"""The Global Symptom Score and grip/pinch means."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.rating_scales import (
    GlobalSymptomScore,
    global_symptom_score,
    validate_nrs,
)
from wristcare.clinic.outcomes.strength import MEAN_OF_THREE_TRIALS, mean_of_trials

FIVE = {
    "nrs_pain": 6,
    "nrs_numbness": 7,
    "nrs_tingling": 5,
    "nrs_weakness": 3,
    "nrs_night_waking": 8,
}


def test_global_symptom_score_sums_the_five() -> None:
    score = global_symptom_score(FIVE)
    assert score.total == 29
    assert score.missing == ()
    assert score.label() == "29 of 50"
    assert global_symptom_score(dict.fromkeys(FIVE, 10)).total == 50
    assert global_symptom_score(dict.fromkeys(FIVE, 0)).total == 0


def test_global_symptom_score_needs_all_five() -> None:
    score = global_symptom_score({**FIVE, "nrs_weakness": None, "nrs_night_waking": None})
    assert score.total is None
    assert score.missing == ("nrs_weakness", "nrs_night_waking")
    assert score.label() == (
        "No Global Symptom Score: not rated for weakness or clumsiness, night waking."
    )
    four = {code: value for code, value in FIVE.items() if code != "nrs_pain"}
    assert global_symptom_score(four).missing == ("nrs_pain",)


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True, "4"])
def test_ratings_outside_zero_to_ten_are_refused(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        global_symptom_score({**FIVE, "nrs_tingling": bad})  # type: ignore[dict-item]
    assert list(caught.value.fields) == ["nrs_tingling"]
    with pytest.raises(ValidationError):
        validate_nrs("nrs_pain", bad)


def test_unknown_scales_are_refused() -> None:
    with pytest.raises(ValidationError, match="not part of the Global Symptom Score"):
        global_symptom_score({**FIVE, "bctq_sss": 3})


@given(
    st.lists(st.integers(min_value=0, max_value=10), min_size=5, max_size=5),
    st.sampled_from(sorted(FIVE)),
)
def test_the_total_rises_with_each_rating_and_needs_all_five(values: list[int], code: str) -> None:
    ratings: dict[str, int | None] = dict(zip(FIVE, values, strict=True))
    total = global_symptom_score(ratings).total
    assert total is not None and 0 <= total <= 50
    rating = ratings[code]
    assert rating is not None
    # Worse on one scale and the same on the others: a higher score, never a lower one.
    if rating < 10:
        worse = global_symptom_score({**ratings, code: rating + 1}).total
        assert worse is not None and worse > total
    # Any one scale not rated: no score at all, and the scale named.
    assert global_symptom_score({**ratings, code: None}) == GlobalSymptomScore(None, (code,))


def test_grip_mean_of_three_trials_is_exact() -> None:
    result = mean_of_trials("grip", [301, 295, 310])  # 30.1, 29.5, 31.0 kg
    assert result.mean_tenths == Fraction(906, 3)
    assert result.mean_kg == Decimal("30.20")
    assert result.rule == MEAN_OF_THREE_TRIALS
    # 30.0 + 30.0 + 30.1 = 90.1 / 3 = 30.0333... kg
    assert mean_of_trials("grip", [300, 300, 301]).mean_kg == Decimal("30.03")
    # 0.5 + 0.5 + 0.6 = 1.6 / 3 = 0.5333... kg; 0.5 + 0.6 + 0.6 = 0.5666... -> 0.57
    assert mean_of_trials("pinch_key", [5, 5, 6]).mean_kg == Decimal("0.53")
    assert mean_of_trials("pinch_tip", [5, 6, 6]).mean_kg == Decimal("0.57")


def test_grip_and_pinch_are_validated() -> None:
    with pytest.raises(ValidationError, match="enter 3 trials, not 2"):
        mean_of_trials("grip", [300, 310])
    with pytest.raises(ValidationError) as caught:
        mean_of_trials("pinch_palmar", [50, 501, -1])
    assert set(caught.value.fields) == {"pinch_palmar.2", "pinch_palmar.3"}
    with pytest.raises(ValidationError):
        mean_of_trials("grip", [300, 30.5, 300])  # type: ignore[list-item]
    with pytest.raises(ValidationError, match="not grip or pinch"):
        mean_of_trials("nrs_pain", [1, 2, 3])
