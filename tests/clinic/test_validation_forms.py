"""The generic text cleaner, and every form's rules on generated input: text is trimmed and
never lost, and validation answers with messages by field, never with a crash."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wristcare.clinic.consent import ConsentDetails, validate_consent
from wristcare.clinic.history import HealthHistoryDetails, validate_history
from wristcare.clinic.patients import PatientDetails, validate_patient
from wristcare.clinic.plans.details import PlanDetails
from wristcare.clinic.plans.library import HomeCareItemDetails, validate_homecare_item
from wristcare.clinic.plans.validation import validate_new_plan, validate_plan
from wristcare.clinic.practitioners import PractitionerDetails, validate_practitioner
from wristcare.clinic.sessions.details import SafetyAnswer, SessionDetails
from wristcare.clinic.sessions.validation import validate_for_signing, validate_session
from wristcare.clinic.text import Verbatim, clean, cleaned
from wristcare.db.vocab import FindingLevel, FindingResolutionKind

TODAY = date(2025, 6, 15)


@dataclass
class _Row:
    text: str = ""
    code: str | None = None
    lines: list[str] = field(default_factory=list)
    as_shown: Verbatim = ""
    count: int = 0


@dataclass
class _Form:
    title: str = ""
    rows: list[_Row] = field(default_factory=list)
    first: _Row = field(default_factory=_Row)


def test_cleaned_reads_the_type_hints() -> None:
    form = _Form(
        title="  Wrist \r\n",
        rows=[_Row(" a ", " KEY ", ["  one", "   ", "two\r"], "  as shown\n", 3)],
        first=_Row(text="\tb\t"),
    )
    trimmed = cleaned(form)
    assert trimmed == _Form(
        title="Wrist",
        rows=[_Row("a", " KEY ", ["one", "two"], "  as shown\n", 3)],
        first=_Row(text="b"),
    )
    assert form.title == "  Wrist \r\n" and form.rows[0].text == " a "  # a copy: untouched


def test_cleaned_leaves_a_value_of_the_wrong_type_for_validation_to_name() -> None:
    form = _Form(title=7, rows="not a list")  # type: ignore[arg-type]  # wrong on purpose
    assert cleaned(form) == form


def test_a_safety_answer_keeps_the_wording_it_was_given_with() -> None:
    # The finding as it was shown is snapshotted with the answer: only the reason is typed.
    answer = SafetyAnswer("NEEDLE-1", FindingLevel.CAUTION, " Title ", "Shown as is.\n",
                          " Source ", FindingResolutionKind.PROCEEDED, "  because  ")  # fmt: skip
    note = cleaned(SessionDetails(complaint=" Numb thumb ", safety=[answer]))
    kept = note.safety[0]
    assert note.complaint == "Numb thumb" and kept.reason == "because"
    assert (kept.code, kept.title, kept.explanation, kept.source) == (
        "NEEDLE-1", " Title ", "Shown as is.\n", " Source "
    )  # fmt: skip


_TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["陈小明", "🤚🏽 wrist", " \u200b ", "x\r\ny\r", "nul\x00", "a\ud800"]),
)


@given(_TEXT)
def test_clean_is_idempotent_and_keeps_every_character_but_surrounding_space(
    text: str,
) -> None:
    once = clean(text)
    assert clean(once) == once
    assert [ch for ch in once if not ch.isspace()] == [ch for ch in text if not ch.isspace()]


@given(
    st.builds(_Form, title=_TEXT, rows=st.lists(st.builds(_Row, text=_TEXT, lines=st.lists(_TEXT))))
)
def test_cleaned_is_idempotent(form: _Form) -> None:
    once = cleaned(form)
    assert cleaned(once) == once


@pytest.mark.parametrize("words", ["陈小明", "Zoë 🤚🏽", "José Ñúñez", "محمد"])
def test_names_in_any_script_survive_cleaning(words: str) -> None:
    assert cleaned(PatientDetails(name=f"  {words}\r\n")).name == words


# --- every form's rules on generated input --------------------------------------------


def _for(hint: Any) -> st.SearchStrategy[Any]:
    """Values of a type hint, including the wrong ones a form's rules must catch: text
    that cannot be stored, numbers out of range, a code no pick list has."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return _for(args[0])
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_for(arg) for arg in args if arg is not type(None)] + [st.none()])
    if hint is str:
        return st.one_of(_TEXT, st.sampled_from(["a" * 201, "b" * 2_001, "c" * 20_001]))
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.integers(-5, 2_100)
    if hint is Decimal:
        return st.decimals(-20_000, 20_000, places=3, allow_nan=True)
    if hint is date:
        return st.dates(date(1880, 1, 1), date(2040, 12, 31))
    if hint is datetime:
        moments = st.datetimes(datetime(2024, 1, 1), datetime(2026, 1, 1))
        return st.one_of(moments, st.datetimes(datetime(2024, 1, 1), datetime(2026, 1, 1),
                                               timezones=st.just(UTC)))  # fmt: skip
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.one_of(st.sampled_from(list(hint)), st.just("not-a-code"))
    if origin is list:
        return st.lists(_for(args[0]), max_size=3)
    if origin is tuple:
        return st.tuples(*(_for(arg) for arg in args))
    if origin is dict:
        return st.dictionaries(_for(args[0]), st.integers(-2, 12), max_size=3)
    if dataclasses.is_dataclass(hint):
        return _form(hint)  # type: ignore[arg-type]  # a class here, not an instance
    raise AssertionError(f"no strategy for {hint}")


def _form(cls: type) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return st.builds(cls, **{f.name: _for(hints[f.name]) for f in dataclasses.fields(cls)})


FORMS: dict[str, tuple[type, Callable[[Any], dict[str, str]]]] = {
    "patient": (PatientDetails, lambda d: validate_patient(d, TODAY)),
    "history": (HealthHistoryDetails, lambda d: validate_history(d, TODAY)),
    "consent": (ConsentDetails, lambda d: validate_consent(d, date(2000, 2, 29), TODAY)),
    "practitioner": (PractitionerDetails, validate_practitioner),
    "homecare item": (HomeCareItemDetails, validate_homecare_item),
    "plan": (PlanDetails, lambda d: validate_plan(d, TODAY) | validate_new_plan(d, TODAY)),
    "note": (
        SessionDetails,
        lambda d: validate_session(d, TODAY) | validate_for_signing(cleaned(d)),
    ),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_form_is_answered_with_messages_by_field_never_a_crash(name: str) -> None:
    details_type, validate = FORMS[name]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_form(details_type))
    def check(details: Any) -> None:
        for form in (details, cleaned(details)):
            problems = validate(form)
            assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in problems.items())

    check()
