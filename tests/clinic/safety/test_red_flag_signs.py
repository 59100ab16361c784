"""Gathering the red-flag signs from what the note and history record (clinical.md §3)."""

from __future__ import annotations

from datetime import date

import pytest

from wristcare.clinic.history import HealthHistoryDetails as History
from wristcare.clinic.outcomes.not_improving import NotImprovingFinding
from wristcare.clinic.safety import screen_red_flags
from wristcare.clinic.safety.redflags import ASKED_SIGNS, gather_signs
from wristcare.clinic.sessions import FindingDetails, SessionDetails
from wristcare.db.vocab import ExamResult, ExamTest, Severity, Side

STALLED = NotImprovingFinding(date(2025, 3, 1), date(2025, 6, 1), 10, (("nrs_pain", "none"),))


def _codes(details: SessionDetails | None, answers: dict | None = None, **kwargs) -> list[str]:
    recorded = gather_signs(details, answers or {}, **kwargs)
    return [f.code for f in screen_red_flags(recorded.signs, kwargs.get("history"))]


def _exam(test: ExamTest, result: ExamResult, side: Side = Side.RIGHT) -> SessionDetails:
    return SessionDetails(findings=[FindingDetails(test=test, side=side, result=result)])


def test_an_ordinary_note_raises_nothing() -> None:
    details = SessionDetails(side=Side.RIGHT, severity=Severity.MODERATE, digits_right=0b111)
    assert _codes(details) == []
    assert _codes(None) == []


@pytest.mark.parametrize(
    ("test", "code"),
    [
        (ExamTest.THENAR_WASTING, "RF-THENAR-WASTING"),
        (ExamTest.THUMB_ABDUCTION, "RF-THUMB-WEAKNESS"),
    ],
)
def test_positive_thenar_signs_in_the_exam_fire(test: ExamTest, code: str) -> None:
    assert _codes(_exam(test, ExamResult.POSITIVE)) == [code]
    recorded = gather_signs(_exam(test, ExamResult.POSITIVE, Side.LEFT), {})
    assert any(s == "examination, left hand" for s in recorded.sources.values())
    for other in (ExamResult.NEGATIVE, ExamResult.EQUIVOCAL, ExamResult.NOT_DONE, None):
        assert _codes(_exam(test, other)) == []


def test_severe_grade_fires_and_mild_does_not() -> None:
    assert _codes(SessionDetails(severity=Severity.SEVERE)) == ["RF-SEVERE"]
    assert _codes(SessionDetails(severity=Severity.MILD)) == []


@pytest.mark.parametrize(
    ("sign", "code"),
    [
        ("constant_numbness", "RF-CONSTANT-NUMBNESS"),
        ("sudden_progression", "RF-SUDDEN-PROGRESSION"),
        ("injury_or_recent_fracture", "RF-INJURY"),
        ("lump_at_wrist", "RF-WRIST-LUMP"),
        ("after_carpal_tunnel_surgery", "RF-AFTER-SURGERY"),
        ("unclear_diagnosis", "RF-UNCLEAR-DIAGNOSIS"),
    ],
)
def test_each_asked_sign_fires_only_when_answered_yes(sign: str, code: str) -> None:
    assert _codes(SessionDetails(), {sign: True}) == [code]
    assert _codes(SessionDetails(), {sign: False}) == []
    assert _codes(None, {sign: True}) == [code]  # intake


def test_the_history_answers_injury_and_surgery() -> None:
    history = History(conditions="Fracture of the left radius, March 2025")
    assert _codes(SessionDetails(), history=history) == ["RF-INJURY"]
    surgery = History(conditions="Right carpal tunnel release 2019")
    recorded = gather_signs(SessionDetails(), {}, history=surgery)
    assert recorded.signs.after_carpal_tunnel_surgery
    assert recorded.sources["after_carpal_tunnel_surgery"] == "health history"
    assert _codes(SessionDetails(), history=History(conditions="Asthma")) == []


def test_no_improvement_comes_from_the_outcome_rule() -> None:
    details = SessionDetails()
    assert _codes(details, no_improvement=None) == []
    recorded = gather_signs(details, {}, no_improvement=STALLED)
    findings = screen_red_flags(recorded.signs)
    assert [f.code for f in findings] == ["RF-NO-IMPROVEMENT"]
    assert "after 10 weeks" in findings[0].explanation


def test_bilateral_or_glove_and_stocking_is_the_softer_prompt() -> None:
    assert _codes(SessionDetails(side=Side.BILATERAL)) == ["SYSTEMIC-CAUSE"]
    both_hands = SessionDetails(side=Side.RIGHT, digits_left=0b1, digits_right=0b11)
    assert _codes(both_hands) == ["SYSTEMIC-CAUSE"]
    assert _codes(SessionDetails(), {"glove_and_stocking": True}) == ["SYSTEMIC-CAUSE"]
    one_hand = SessionDetails(side=Side.LEFT, digits_left=0b111)
    assert _codes(one_hand) == []
    prompt = screen_red_flags(gather_signs(SessionDetails(side=Side.BILATERAL), {}).signs)[0]
    assert prompt.level == "info"


def test_unknown_answers_are_refused() -> None:
    with pytest.raises(ValueError, match="not an asked"):
        gather_signs(None, {"thenar_wasting": True})
    assert set(ASKED_SIGNS) >= {"constant_numbness", "glove_and_stocking"}
