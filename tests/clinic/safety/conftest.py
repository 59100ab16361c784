"""Building treatment contexts for the safety rule tests: pure data, no database."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from wristcare.clinic.consent import MODALITIES
from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.safety import (
    ActiveConsent,
    Finding,
    ProposedTreatment,
    TreatedPoint,
    TreatmentContext,
    check_treatment,
)
from wristcare.clinic.safety.rulebook import RuleBook, parse_rule_book, rules_path

EVERY_CONSENT = tuple(ActiveConsent(m) for m in MODALITIES)


def point(code: str, side: str = "left", **values: Any) -> TreatedPoint:
    """A needled point; left side unless told."""
    return TreatedPoint(code, side, **values)


def context(
    history: HealthHistoryDetails | None = None,
    *,
    points: tuple[TreatedPoint, ...] = (),
    channels: tuple[tuple[str, str], ...] = (),
    modalities: tuple[str, ...] = (),
    supplements: str = "",
    consents: tuple[ActiveConsent, ...] = EVERY_CONSENT,
    age: int | None = 40,
    no_history: bool = False,
) -> TreatmentContext:
    """A consented adult with an empty health history unless told otherwise."""
    return TreatmentContext(
        history=None if no_history else (history or HealthHistoryDetails()),
        consents=consents,
        age_years=age,
        treatment=ProposedTreatment(
            points=points,
            channels=channels,
            modalities=frozenset(modalities),
            supplements=supplements,
        ),
    )


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    """Findings keyed by rule code (each rule fires at most once)."""
    codes = [f.code for f in findings]
    assert len(codes) == len(set(codes)), codes
    return {f.code: f for f in findings}


def fired(ctx: TreatmentContext, **kwargs: Any) -> dict[str, Finding]:
    """The findings of a check, keyed by rule code."""
    return by_code(check_treatment(ctx, **kwargs))


@pytest.fixture
def book_with() -> Callable[..., RuleBook]:
    """A rule book from the shipped file with some parameters changed."""

    def make(**parameters: Any) -> RuleBook:
        with rules_path().open("rb") as handle:
            data = tomllib.load(handle)
        data["parameters"].update(parameters)
        return parse_rule_book(data)

    return make
