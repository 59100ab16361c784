"""The settings kept in the clinic settings' ``extra`` as JSON: every codec round-trips,
unknown keys are left alone, and a database written before the settings were declared
with wristcare.setting reads exactly as it did."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wristcare.clinic.clinic_settings import (
    ClinicSettings,
    ClinicSettingsDetails,
    get_clinic_settings,
    update_clinic_settings,
    validate_clinic_settings,
)
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.bctq import BctqMinimum, BctqScale
from wristcare.clinic.outcomes.bctq_entry import BCTQ_ITEMS, WORDING_LIMIT, BctqItem
from wristcare.clinic.outcomes.settings import (
    EXTRA_KEY,
    OutcomeSettings,
    outcome_settings_from_json,
)
from wristcare.clinic.outcomes.thresholds import NrsRule, OutcomeThresholds
from wristcare.clinic.retention import RetentionPolicy
from wristcare.clinic.rule_switches import RULES_OFF, RULES_OFF_KEY, rules_off, rules_off_of
from wristcare.clinic.safety import list_rules
from wristcare.clinic.safety.rulebook import ALWAYS_ON_LEVELS
from wristcare.db.engine import Database
from wristcare.setting import declaration, declared, problems

ITEMS = [item for items in BCTQ_ITEMS.values() for item in items]
SWITCHABLE = sorted(
    rule.code for rule in list_rules() if rule.may_disable and rule.level not in ALWAYS_ON_LEVELS
)
ALWAYS_ON = sorted(rule.code for rule in list_rules() if rule.level in ALWAYS_ON_LEVELS)


def _whole(owner: type, name: str) -> st.SearchStrategy[int]:
    spec = declaration(owner, name)
    return st.integers(spec.low, spec.high)


def _mean_change(name: str) -> st.SearchStrategy[Decimal]:
    spec = declaration(OutcomeThresholds, name)
    return st.decimals(
        min_value=spec.above, max_value=spec.high, allow_nan=False, allow_infinity=False
    ).filter(lambda value: value > spec.above)


thresholds = st.builds(
    OutcomeThresholds,
    nrs_points=_whole(OutcomeThresholds, "nrs_points"),
    nrs_percent=_whole(OutcomeThresholds, "nrs_percent"),
    nrs_rule=st.sampled_from(NrsRule),
    bctq_sss=_mean_change("bctq_sss"),
    bctq_fss=_mean_change("bctq_fss"),
    not_improving_weeks=_whole(OutcomeThresholds, "not_improving_weeks"),
)
minimums = st.builds(
    BctqMinimum,
    symptoms=_whole(BctqMinimum, "symptoms"),
    function=_whole(BctqMinimum, "function"),
)
wordings = st.dictionaries(
    st.sampled_from(ITEMS),
    st.text(min_size=1, max_size=WORDING_LIMIT).map(str.strip).filter(bool),
    max_size=4,
)
outcome_settings = st.builds(OutcomeSettings, thresholds, minimums, wordings)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
# Keys a later WristCare (or another tool) may keep beside ours.
unknown_keys = st.dictionaries(
    st.text(max_size=12).filter(lambda key: key not in ("outcomes", RULES_OFF_KEY)),
    json_values,
    max_size=4,
)


def _through_json(data: Any) -> Any:
    # As the JSON column stores it: text, read back.
    return json.loads(json.dumps(data))


@settings(database=None)
@given(thresholds)
def test_thresholds_round_trip(value: OutcomeThresholds) -> None:
    assert OutcomeThresholds.from_json(_through_json(value.to_json())) == value


@settings(database=None)
@given(outcome_settings)
def test_outcome_settings_round_trip(value: OutcomeSettings) -> None:
    assert outcome_settings_from_json(_through_json(value.to_json())) == value


@settings(database=None)
@given(st.sets(st.sampled_from(SWITCHABLE)))
def test_switched_off_rules_round_trip(codes: set[str]) -> None:
    extra = _through_json({RULES_OFF_KEY: RULES_OFF.encode(frozenset(codes))})
    assert rules_off_of(ClinicSettings(ClinicSettingsDetails(extra=extra), "", 1, False)) == codes


@settings(database=None)
@given(
    outcome_settings,
    st.sets(st.sampled_from(SWITCHABLE)),
    st.lists(st.sampled_from(ALWAYS_ON) | st.text(max_size=10) | st.integers(), max_size=3),
    unknown_keys,
)
def test_unknown_keys_and_codes_are_ignored(
    outcome: OutcomeSettings, codes: set[str], junk: list[Any], others: dict[str, Any]
) -> None:
    stored = [*RULES_OFF.encode(frozenset(codes)), *junk]  # type: ignore[misc]
    extra = _through_json({**others, "outcomes": outcome.to_json(), RULES_OFF_KEY: stored})
    details = ClinicSettingsDetails(extra=extra)
    clinic = ClinicSettings(details, "", 1, False)
    assert clinic.outcomes == outcome
    # Codes that are not switchable cautions (stops, typos, numbers) are not switched off.
    assert rules_off_of(clinic) == codes
    assert validate_clinic_settings(details) == {}
    assert {**extra, EXTRA_KEY: outcome.to_json()} == extra


@settings(database=None)
@given(unknown_keys)
def test_settings_kept_nowhere_take_their_defaults(others: dict[str, Any]) -> None:
    clinic = ClinicSettings(ClinicSettingsDetails(extra=_through_json(others)), "", 1, False)
    assert clinic.outcomes == OutcomeSettings()
    assert rules_off_of(clinic) == frozenset()


@pytest.mark.parametrize(
    ("owner", "expected"),
    [
        (OutcomeThresholds, {"nrs_points": (1, 10), "nrs_percent": (1, 100),
                             "not_improving_weeks": (1, 104)}),
        (BctqMinimum, {"symptoms": (1, 11), "function": (1, 8)}),
        (RetentionPolicy, {"adult_years": (1, 100), "child_until_age": (18, 100)}),
    ],
)  # fmt: skip
def test_the_declared_ranges(owner: type, expected: dict[str, tuple[int, int]]) -> None:
    ranges = {name: (spec.low, spec.high) for name, spec in declared(owner).items()
              if spec.low is not None}  # fmt: skip
    assert ranges == expected
    assert problems(owner()) == {}


def test_retention_defaults_are_declared_once() -> None:
    assert RetentionPolicy() == RetentionPolicy(adult_years=8, child_until_age=25)
    details = ClinicSettingsDetails()
    assert (details.retention_adult_years, details.retention_child_until_age) == (8, 25)
    assert validate_clinic_settings(replace(details, retention_adult_years=0)) == {
        "retention_adult_years": "Years to keep adult records: a whole number from 1 to 100"
    }
    assert validate_clinic_settings(replace(details, retention_child_until_age=True)) == {
        "retention_child_until_age": (
            "Age to keep children's records until: a whole number from 18 to 100"
        )
    }


def test_threshold_messages_are_worded_as_before() -> None:
    with pytest.raises(ValidationError) as caught:
        OutcomeThresholds.from_json({"nrs_rule": "sometimes", "bctq_sss": 1.05, "x": 1})
    assert caught.value.fields == {"x": "Unknown threshold 'x'."}
    with pytest.raises(ValidationError) as caught:
        OutcomeThresholds.from_json({"nrs_rule": "sometimes", "bctq_sss": 1.05})
    assert caught.value.fields == {
        "nrs_rule": "The NRS rule must be either, points, percent or both.",
        "bctq_sss": 'Write the BCTQ threshold as a number, e.g. "1.05".',
    }
    with pytest.raises(ValidationError) as caught:
        OutcomeThresholds.from_json(
            {"nrs_points": 0, "nrs_percent": True, "bctq_fss": "NaN", "not_improving_weeks": 105}
        )
    assert caught.value.fields == {
        "nrs_points": "The NRS threshold must be 1 to 10 points.",
        "nrs_percent": "The NRS threshold must be 1 to 100 percent.",
        "bctq_fss": "The BCTQ threshold must be a number above 0 and at most 4.",
        "not_improving_weeks": "The review period must be 1 to 104 weeks.",
    }
    with pytest.raises(ValidationError) as caught:
        BctqMinimum(symptoms=0, function=9)
    assert caught.value.fields == {
        "symptoms": "The minimum must be a whole number from 1 to 11.",
        "function": "The minimum must be a whole number from 1 to 8.",
    }


# The ``extra`` JSON exactly as WristCare wrote it before the settings were declared
# (main at d1af9f1), with a key of some later feature beside it.
OLD_EXTRA = {
    "outcomes": {
        "thresholds": {
            "nrs_points": 3,
            "nrs_percent": 40,
            "nrs_rule": "both",
            "bctq_sss": "1.45",
            "bctq_fss": "0.9",
            "not_improving_weeks": 12,
        },
        "bctq_minimum": {"symptoms": 9, "function": 7},
        "bctq_wording": {"bctq_fss.3": "Holding a book (clinic wording)"},
    },
    "safety_rules_off": ["DIABETES-DISTAL"],
    "handout_defaults": {"paper": "A5"},
}
OLD_OUTCOMES = OutcomeSettings(
    OutcomeThresholds(3, 40, NrsRule.BOTH, Decimal("1.45"), Decimal("0.9"), 12),
    BctqMinimum(9, 7),
    {BctqItem(BctqScale.FUNCTION, 3): "Holding a book (clinic wording)"},
)


def _write_old_row(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE clinic_settings SET name = ?, retention_adult_years = ?, "
            "retention_child_until_age = ?, extra = ?",
            ("Wrist Clinic", 10, 26, json.dumps(OLD_EXTRA)),
        )


def test_a_database_written_before_reads_the_same(database: Database) -> None:
    _write_old_row(database)
    clinic = get_clinic_settings(database)
    assert clinic.details.name == "Wrist Clinic"
    assert clinic.retention == RetentionPolicy(adult_years=10, child_until_age=26)
    assert clinic.outcomes == OLD_OUTCOMES
    assert rules_off(database) == {"DIABETES-DISTAL"}
    assert clinic.details.extra == OLD_EXTRA
    # Written back unchanged, in the same shape: nothing to migrate.
    assert OLD_OUTCOMES.to_json() == OLD_EXTRA["outcomes"]
    assert RULES_OFF.encode(frozenset({"DIABETES-DISTAL"})) == OLD_EXTRA["safety_rules_off"]


def test_saving_over_an_old_database_keeps_the_keys_it_does_not_know(
    database: Database, ctx: ClinicContext
) -> None:
    _write_old_row(database)
    clinic = get_clinic_settings(database)
    wanted = replace(OLD_OUTCOMES, bctq_minimum=BctqMinimum(10, 8))
    extra = {**clinic.details.extra, EXTRA_KEY: wanted.to_json()}
    update_clinic_settings(
        database, ctx, replace(clinic.details, extra=extra), expected_version=clinic.version_id
    )
    saved = get_clinic_settings(database)
    assert saved.outcomes == wanted
    assert saved.details.extra["handout_defaults"] == {"paper": "A5"}
    assert saved.details.extra["safety_rules_off"] == ["DIABETES-DISTAL"]
