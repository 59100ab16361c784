"""BCTQ scoring against hand-computed cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.bctq import (
    BCTQ_MEAN_V1,
    ITEM_TOPICS,
    BctqMinimum,
    BctqScale,
    answers_to_plain,
    score_bctq,
    score_scale,
    validate_answers,
)

SSS = BctqScale.SYMPTOMS
FSS = BctqScale.FUNCTION


def test_item_topics_are_short_labels_of_the_right_count() -> None:
    assert len(ITEM_TOPICS[SSS]) == 11
    assert len(ITEM_TOPICS[FSS]) == 8
    for topic in (*ITEM_TOPICS[SSS], *ITEM_TOPICS[FSS]):
        # Labels, not the questionnaire's wording: no questions, a few words each.
        assert "?" not in topic
        assert len(topic.split()) <= 6


def test_all_answered_symptom_scale() -> None:
    # 3+4+2+2+3+4+3+4+3+2+3 = 33; 33 / 11 = 3.00
    score = score_scale(SSS, [3, 4, 2, 2, 3, 4, 3, 4, 3, 2, 3])
    assert score.mean == Decimal("3.00")
    assert score.answered == 11
    assert score.total == 33
    assert score.rule == BCTQ_MEAN_V1
    assert (score.answered, score.item_count) == (11, 11)
    assert score.sum_label() == "Sum 33 (of 11-55)"


def test_mean_is_rounded_half_up_to_two_decimals() -> None:
    # 27 / 11 = 2.4545... -> 2.45
    assert score_scale(SSS, [3, 3, 3, 2, 2, 2, 3, 3, 2, 2, 2]).mean == Decimal("2.45")
    # 17 / 8 = 2.125 -> 2.13 (half up, not to even)
    assert score_scale(FSS, [2, 2, 2, 2, 2, 2, 2, 3]).mean == Decimal("2.13")
    # 13 / 6 = 2.1666... -> 2.17
    assert score_scale(FSS, [2, 2, 2, 2, 2, 3, None, None]).mean == Decimal("2.17")


def test_missing_items_are_left_out_of_the_mean_and_the_sum_is_withheld() -> None:
    # Two unanswered: 4+4+3+3+3+4+4+4+3 = 32; 32 / 9 = 3.555... -> 3.56
    score = score_scale(SSS, [4, None, 4, 3, 3, 3, None, 4, 4, 4, 3])
    assert score.answered == 9
    assert score.mean == Decimal("3.56")
    assert score.total is None
    assert score.sum_label().startswith("Sum not given")
    assert (score.answered, score.item_count) == (9, 11)


def test_below_the_minimum_no_score_with_the_reason() -> None:
    # 7 of 11 answered; the default minimum is 8.
    score = score_scale(SSS, [2, 2, 2, 2, 2, 2, 2, None, None, None, None])
    assert score.mean is None
    assert score.answered == 7
    assert score.reason == "Not scored: 7 of 11 items answered, at least 8 needed."
    # Exactly at the minimum: scored.
    assert score_scale(SSS, [2, 2, 2, 2, 2, 2, 2, 5, None, None, None]).mean == Decimal("2.38")
    assert score_scale(FSS, [1, 1, 1, 1, 1, None, None, None]).mean is None
    assert score_scale(FSS, [1, 1, 1, 1, 1, 2, None, None]).mean == Decimal("1.17")


def test_the_minimum_is_configurable() -> None:
    answers = [2, 2, 2, 2, 2, 2, 2, None, None, None, None]
    assert score_scale(SSS, answers, BctqMinimum(symptoms=7)).mean == Decimal("2.00")
    assert score_scale(SSS, answers, BctqMinimum(symptoms=11)).mean is None
    with pytest.raises(ValidationError) as caught:
        BctqMinimum(symptoms=12, function=0)
    assert set(caught.value.fields) == {"symptoms", "function"}


def test_extremes() -> None:
    assert score_scale(SSS, [1] * 11).mean == Decimal("1.00")
    assert score_scale(FSS, [5] * 8).mean == Decimal("5.00")
    assert score_scale(FSS, [5] * 8).sum_label() == "Sum 40 (of 8-40)"


@pytest.mark.parametrize("bad", [0, 6, -1, True, 2.5, "3"])
def test_answers_outside_one_to_five_are_refused(bad: object) -> None:
    answers: list[object] = [3] * 11
    answers[4] = bad
    with pytest.raises(ValidationError) as caught:
        score_scale(SSS, answers)  # type: ignore[arg-type]
    assert list(caught.value.fields) == ["bctq_sss.5"]
    assert "Daytime pain duration" in caught.value.fields["bctq_sss.5"]


def test_wrong_item_count_is_refused() -> None:
    with pytest.raises(ValidationError, match="has 8 items, not 9"):
        score_scale(FSS, [1] * 9)


def test_both_scales_report_every_problem_at_once() -> None:
    with pytest.raises(ValidationError) as caught:
        score_bctq([9] + [1] * 10, [1] * 7 + [0])
    assert set(caught.value.fields) == {"bctq_sss.1", "bctq_fss.8"}
    result = score_bctq([2] * 11, [3] * 8)
    assert (result.symptoms.mean, result.function.mean) == (Decimal("2.00"), Decimal("3.00"))


def test_answers_round_trip_through_the_plain_form() -> None:
    score = score_scale(SSS, [4, None, 4, 3, 3, 3, None, 4, 4, 4, 3])
    plain = answers_to_plain(score)
    assert plain == {"items": [4, None, 4, 3, 3, 3, None, 4, 4, 4, 3]}
    assert validate_answers(SSS, plain["items"]) == score.answers  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        validate_answers(SSS, [7] * 11)


answer = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


@given(st.lists(answer, min_size=11, max_size=11))
def test_a_mean_stays_within_one_to_five_and_rests_on_enough_items(
    answers: list[int | None],
) -> None:
    score = score_scale(SSS, answers)
    given_ = [a for a in answers if a is not None]
    assert score.answered == len(given_)
    if len(given_) < 8:
        assert score.mean is None
    else:
        assert score.mean is not None
        assert Decimal(1) <= score.mean <= Decimal(5)
        assert score.mean.as_tuple().exponent == -2
        # Within half a hundredth of the exact mean.
        assert abs(score.mean * len(given_) - sum(given_)) <= Decimal("0.005") * len(given_)
