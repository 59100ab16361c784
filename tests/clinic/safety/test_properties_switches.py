"""Properties of the clinic's switched-off rules: a caution the clinic switched off never
fires, and switching it off takes away that rule's finding and nothing else; a stop (or
any rule the rules file keeps on) can never be switched off, alone or among others.

The treatments are the firing cases of test_every_rule_both_ways.py: one for every
treatment rule in the rules file.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.safety import TreatmentContext, check_treatment, list_rules
from wristcare.clinic.safety.checks import validate_disabled

from .test_every_rule_both_ways import PAIRS

TREATMENT_RULES = [rule for rule in list_rules() if rule.kind == "treatment"]
SWITCHABLE = sorted(rule.code for rule in TREATMENT_RULES if rule.may_disable)
ALWAYS_ON = sorted(rule.code for rule in list_rules() if not rule.may_disable)
FIRING = [firing for firing, _ in PAIRS.values()]


def test_there_are_rules_of_both_kinds() -> None:
    # The properties below would pass vacuously without them.
    assert SWITCHABLE and ALWAYS_ON
    assert any(rule.level == "stop" for rule in list_rules() if rule.code in ALWAYS_ON)


@settings(max_examples=150)
@given(
    ctx=st.sampled_from(FIRING),
    off=st.sets(st.sampled_from(SWITCHABLE)),
)
def test_a_switched_off_caution_never_fires_and_takes_nothing_else_away(
    ctx: TreatmentContext, off: set[str]
) -> None:
    everything = check_treatment(ctx)
    assert everything  # each firing case fires its rule
    left = check_treatment(ctx, disabled=off)
    assert not {finding.code for finding in left} & off
    assert left == [finding for finding in everything if finding.code not in off]


@settings(max_examples=150)
@given(
    ctx=st.sampled_from(FIRING),
    kept_on=st.sampled_from(ALWAYS_ON),
    off=st.sets(st.sampled_from(SWITCHABLE)),
)
def test_a_stop_can_never_be_switched_off(
    ctx: TreatmentContext, kept_on: str, off: set[str]
) -> None:
    with pytest.raises(ValidationError, match=f"{re.escape(kept_on)} .*cannot be switched off"):
        validate_disabled({kept_on, *off})
    with pytest.raises(ValidationError, match="cannot be switched off"):
        check_treatment(ctx, disabled={kept_on, *off})
