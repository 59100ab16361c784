"""The validation kit on its own: no database, no form, only the checks and their words."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.validation import Problems, is_date
from wristcare.db.vocab import Side

TODAY = date(2025, 6, 15)


def test_the_first_problem_of_a_field_is_kept_and_the_field_is_not_checked_again() -> None:
    problems = Problems()
    assert not problems.text("name", "nul\x00", "Name", 200)
    assert not problems.required("name", "", "Name is required")
    assert not problems.check("name", True, "never said")
    assert problems.fields == {"name": "Name contains a character that cannot be stored"}
    assert "name" in problems and problems.has("phone", "name") and not problems.has("phone")


def test_problems_keep_the_order_in_which_fields_were_found_wrong() -> None:
    problems = Problems()
    problems.add("b", "second field")
    problems.add("a", "first field")
    problems.add("b", "later words for b")
    assert list(problems.fields.items()) == [("b", "second field"), ("a", "first field")]


def test_raise_if_any_raises_the_validation_error_the_forms_read() -> None:
    problems = Problems()
    problems.raise_if_any()  # nothing wrong: nothing raised
    problems.add("taken_on", "The date taken cannot be in the future.")
    with pytest.raises(ValidationError) as caught:
        problems.raise_if_any()
    assert caught.value.fields == {"taken_on": "The date taken cannot be in the future."}
    assert str(caught.value) == "Please correct: The date taken cannot be in the future."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "Note must be text"),
        (42, "Note must be text"),
        ("a\ud800", "Note contains a character that cannot be stored"),
        ("x" * 1_001, "Note is too long (1,001 characters; at most 1,000)"),
    ],
)
def test_text_that_cannot_be_stored(value: object, message: str) -> None:
    problems = Problems()
    assert not problems.text("note", value, "Note", 1_000)
    assert problems.fields == {"note": message}


@pytest.mark.parametrize("value", ["", "x" * 1_000, "陈小明 🤚\nline two", "\x1f\t"])
def test_text_that_can_be_stored_passes(value: str) -> None:
    problems = Problems()
    assert problems.text("note", value, "Note", 1_000)
    assert not problems


@pytest.mark.parametrize("value", [None, "", "  \n ", [], ()])
def test_required_finds_nothing_given(value: object) -> None:
    problems = Problems()
    assert not problems.required("name", value, "Name is required")
    assert problems.fields == {"name": "Name is required"}


@pytest.mark.parametrize("value", ["a", 0, False, ["step"], Side.LEFT, TODAY])
def test_required_takes_anything_given(value: object) -> None:
    problems = Problems()
    assert problems.required("name", value, "Name is required")
    assert not problems


def test_lines_of_text() -> None:
    problems = Problems()
    assert problems.lines("steps", ["one", "two"], "Steps", most=2, limit=5)
    assert not problems.lines("many", ["a", "b", "c"], "Steps", most=2, limit=5)
    assert not problems.lines("long", ["ok", "too long"], "Steps", most=2, limit=5)
    assert not problems.lines("mixed", ["ok", 3], "Steps", most=2, limit=5)
    assert not problems.lines("text", "one line", "Steps", most=2, limit=5)
    assert problems.fields == {
        "many": "Steps: at most 2 lines",
        "long": "Steps is too long (8 characters; at most 5)",
        "mixed": "Steps must be lines of text",
        "text": "Steps must be lines of text",
    }


def test_whole_numbers() -> None:
    problems = Problems()
    assert problems.whole("sets", 3, 1, 10, "Sets")
    assert not problems.whole("unset", None, 1, 10, "Sets")  # optional: nothing to say
    assert not problems.whole("yes", True, 1, 10, "Sets")  # a tick box is not a count
    assert not problems.whole("half", Decimal("2.5"), 1, 10, "Sets")
    assert not problems.whole("zero", 0, 1, 10, "Sets")
    assert not problems.whole("dose", 11, 1, 10, "Sets", message="Sets must be 1 to 10")
    assert problems.fields == {
        "yes": "Sets must be a whole number",
        "half": "Sets must be a whole number",
        "zero": "Sets must be between 1 and 10",
        "dose": "Sets must be 1 to 10",
    }


def test_decimals() -> None:
    problems = Problems()
    assert problems.decimal("a", Decimal("9999.99"), "Target")
    assert problems.decimal("b", -3, "Target")
    assert not problems.decimal("none", None, "Target")
    assert not problems.decimal("float", 2.5, "Target")  # a float is never exact
    assert not problems.decimal("bool", True, "Target")
    assert not problems.decimal("big", Decimal("10000"), "Target")
    assert not problems.decimal("nan", Decimal("NaN"), "Target")
    assert not problems.decimal("places", Decimal("1.005"), "Target")
    assert problems.fields == {
        "float": "Target must be a number",
        "bool": "Target must be a number",
        "big": "Target must be a number below 10,000",
        "nan": "Target must be a number below 10,000",
        "places": "Target: two decimal places at most",
    }


def test_count_names_the_limit_and_what_was_given() -> None:
    problems = Problems()
    assert problems.count("goals", [1, 2], 2, "At most {most} goals ({given} given)")
    assert not problems.count("phases", [1, 2, 3], 2, "At most {most} phases ({given} given)")
    assert problems.fields == {"phases": "At most 2 phases (3 given)"}


def test_vocab_takes_a_member_or_its_value_and_refuses_anything_else() -> None:
    problems = Problems()
    assert problems.vocab("a", Side.LEFT, Side, "Side")
    assert problems.vocab("b", "right", Side, "Side")
    assert not problems.vocab("c", None, Side, "Side")  # not chosen: nothing to say
    assert not problems.vocab("d", "sideways", Side, "Side")
    assert not problems.vocab("e", ["left"], Side, "Side")  # unhashable: wrong, not a crash
    assert problems.fields == {
        "d": "Side: choose one of the listed values",
        "e": "Side: choose one of the listed values",
    }


def test_choice_of_codes() -> None:
    sexes = {"": "Not recorded", "female": "Female"}
    problems = Problems()
    assert problems.choice("a", "", sexes, "Choose a sex from the list")
    assert not problems.choice("b", None, sexes, "Choose a sex from the list")
    assert not problems.choice("c", {"x": 1}, sexes, "Choose a sex from the list")
    assert problems.choice("d", "left", Side, "Choose a side")  # an enum's values
    assert not problems.choice("e", "sideways", Side, "Choose a side")
    assert list(problems.fields) == ["b", "c", "e"]


def test_dates_with_today_passed_in() -> None:
    problems = Problems()
    assert problems.date("a", TODAY, "Date")
    assert not problems.date("b", None, "Date")
    assert not problems.date("c", datetime(2025, 6, 15, 9, 0), "Date")
    assert not problems.date("d", "2025-06-15", "Date")
    assert problems.not_after("e", TODAY, TODAY, "in the future")
    assert not problems.not_after("f", date(2025, 6, 16), TODAY, "in the future")
    assert problems.not_before("g", date(1900, 1, 1), date(1900, 1, 1), "too early")
    assert not problems.not_before("h", date(1899, 12, 31), date(1900, 1, 1), "too early")
    assert not problems.not_before("i", TODAY, None, "no bound: not checked")
    assert not problems.not_after("c", date(2030, 1, 1), TODAY, "already wrong")
    assert problems.fields == {
        "c": "Date must be a date",
        "d": "Date must be a date",
        "f": "in the future",
        "h": "too early",
    }


def test_the_order_of_the_date_checks_is_the_order_they_are_called_in() -> None:
    start = date(2025, 9, 1)  # a plan starting after today
    late_and_early = date(2025, 7, 1)
    first = Problems()
    first.not_after("x", late_and_early, TODAY, "in the future")
    first.not_before("x", late_and_early, start, "before the start")
    second = Problems()
    second.not_before("x", late_and_early, start, "before the start")
    second.not_after("x", late_and_early, TODAY, "in the future")
    assert (first.fields["x"], second.fields["x"]) == ("in the future", "before the start")


def test_is_date_is_a_calendar_date_only() -> None:
    assert is_date(TODAY)
    assert not is_date(datetime(2025, 6, 15))
    assert not is_date("2025-06-15")
