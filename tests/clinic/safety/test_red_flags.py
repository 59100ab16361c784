"""The red-flag screen and the softer systemic-cause prompt (clinical.md section 3)."""

from __future__ import annotations

import pytest

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history import HealthHistoryDetails as History
from wristcare.clinic.safety import RedFlagSigns, screen_red_flags, unresolved_blockers


def _codes(signs: RedFlagSigns, history: History | None = None) -> list[str]:
    return [f.code for f in screen_red_flags(signs, history)]


def test_nothing_recorded_raises_no_flag() -> None:
    assert screen_red_flags(RedFlagSigns()) == []
    assert screen_red_flags(RedFlagSigns(severity="moderate")) == []


@pytest.mark.parametrize(
    ("sign", "code"),
    [
        ("thenar_wasting", "RF-THENAR-WASTING"),
        ("weak_thumb_abduction", "RF-THUMB-WEAKNESS"),
        ("constant_numbness", "RF-CONSTANT-NUMBNESS"),
        ("sudden_progression", "RF-SUDDEN-PROGRESSION"),
        ("injury_or_recent_fracture", "RF-INJURY"),
        ("lump_at_wrist", "RF-WRIST-LUMP"),
        ("after_carpal_tunnel_surgery", "RF-AFTER-SURGERY"),
        ("unclear_diagnosis", "RF-UNCLEAR-DIAGNOSIS"),
        ("no_improvement", "RF-NO-IMPROVEMENT"),
    ],
)
def test_each_red_flag_asks_for_a_referral(sign: str, code: str) -> None:
    findings = screen_red_flags(RedFlagSigns(**{sign: True}))
    assert [f.code for f in findings] == [code]
    finding = findings[0]
    assert finding.level == "refer"
    assert finding.fields == (sign,)
    assert "clinical.md" in finding.source and "§3" in finding.source
    assert "Refer to the patient's doctor" in finding.guidance


def test_severe_grade_is_a_red_flag() -> None:
    assert _codes(RedFlagSigns(severity="severe")) == ["RF-SEVERE"]
    with pytest.raises(ValidationError) as error:
        screen_red_flags(RedFlagSigns(severity="awful"))
    assert error.value.fields == {"severity": "Choose mild, moderate or severe"}


def test_no_improvement_names_the_weeks() -> None:
    default = screen_red_flags(RedFlagSigns(no_improvement=True))[0]
    assert "after 8 weeks" in default.explanation
    twelve = screen_red_flags(RedFlagSigns(no_improvement=True, weeks_of_care=12))[0]
    assert "after 12 weeks" in twelve.explanation


def test_several_flags_fire_together_with_the_prompt_last() -> None:
    signs = RedFlagSigns(thenar_wasting=True, constant_numbness=True, bilateral=True)
    assert _codes(signs) == ["RF-THENAR-WASTING", "RF-CONSTANT-NUMBNESS", "SYSTEMIC-CAUSE"]


@pytest.mark.parametrize(
    ("signs", "pattern"),
    [
        (RedFlagSigns(bilateral=True), "Bilateral symptoms:"),
        (RedFlagSigns(glove_and_stocking=True), "Glove-and-stocking pattern:"),
        (
            RedFlagSigns(bilateral=True, glove_and_stocking=True),
            "Bilateral symptoms in a glove-and-stocking pattern:",
        ),
    ],
)
def test_bilateral_or_glove_and_stocking_is_a_softer_prompt(
    signs: RedFlagSigns, pattern: str
) -> None:
    (finding,) = screen_red_flags(signs)
    assert finding.code == "SYSTEMIC-CAUSE"
    assert finding.level == "info"
    assert finding.explanation.startswith(pattern)
    for cause in ("diabetes", "hypothyroidism", "pregnancy", "rheumatoid arthritis"):
        assert cause in finding.explanation
    assert unresolved_blockers([finding], []) == []


def test_the_prompt_names_causes_already_on_record() -> None:
    history = History(diabetes=True, conditions="Underactive thyroid since 2019")
    (finding,) = screen_red_flags(RedFlagSigns(bilateral=True), history)
    assert finding.explanation.endswith("(on record: diabetes, hypothyroidism).")
    (plain,) = screen_red_flags(RedFlagSigns(bilateral=True), History())
    assert "on record" not in plain.explanation


def test_one_sided_symptoms_give_no_prompt() -> None:
    assert "SYSTEMIC-CAUSE" not in _codes(RedFlagSigns(constant_numbness=True))
