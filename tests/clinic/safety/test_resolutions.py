"""Answering findings, and whether the note may be signed."""

from __future__ import annotations

from datetime import date

import pytest

from wristcare.clinic.history import HealthHistoryDetails as History
from wristcare.clinic.safety import (
    Finding,
    FindingResolution,
    RedFlagSigns,
    Referral,
    check_treatment,
    screen_red_flags,
    unresolved_blockers,
    unresolved_findings,
    validate_resolution,
)

from .conftest import context, point

TODAY = date(2025, 6, 15)


def _pacemaker_with_channel() -> list[Finding]:
    history = History(implanted_device=True, implanted_device_detail="Pacemaker")
    return check_treatment(context(history, points=(point("PC7"),), channels=(("PC7", "TE5"),)))


def _pregnant_li4() -> list[Finding]:
    return check_treatment(context(History(pregnant=True), points=(point("LI4"),)))


def _thenar_wasting() -> list[Finding]:
    return screen_red_flags(RedFlagSigns(thenar_wasting=True))


def _referral(**changes: object) -> Referral:
    values: dict[str, object] = {
        "recipient": "Dr A. Okafor, Riverside Surgery",
        "reason": "Thenar wasting on examination",
        "referred_on": TODAY,
    }
    values.update(changes)
    return Referral(**values)  # type: ignore[arg-type]


def test_an_unanswered_stop_blocks_signing() -> None:
    findings = _pacemaker_with_channel()
    (blocker,) = unresolved_blockers(findings, [])
    assert blocker.finding.code == "DEVICE-EA"
    assert "override reason" in blocker.problem


def test_a_stop_overridden_with_a_reason_no_longer_blocks() -> None:
    answer = FindingResolution("DEVICE-EA", "overridden", "Cardiologist confirmed: device removed")
    assert unresolved_blockers(_pacemaker_with_channel(), [answer]) == []


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_an_empty_override_reason_is_refused(reason: str) -> None:
    answer = FindingResolution("DEVICE-EA", "overridden", reason)
    (blocker,) = unresolved_blockers(_pacemaker_with_channel(), [answer])
    assert blocker.problem == "Give the reason to override"
    assert validate_resolution(answer) == {"text": "Give the reason to override"}


def test_proceeding_past_a_stop_is_not_an_override() -> None:
    answer = FindingResolution("DEVICE-EA", "proceeded", "Patient insists")
    (blocker,) = unresolved_blockers(_pacemaker_with_channel(), [answer])
    assert "does not answer a stop" in blocker.problem


def test_a_change_of_treatment_that_leaves_the_stop_standing_still_blocks() -> None:
    answer = FindingResolution("DEVICE-EA", "changed_treatment", "Lowered the current")
    (blocker,) = unresolved_blockers(_pacemaker_with_channel(), [answer])
    assert "still applies" in blocker.problem
    # Once the channel is removed the stop no longer fires, and the change is the record.
    history = History(implanted_device=True)
    assert check_treatment(context(history, points=(point("PC7"),))) == []


def test_a_caution_needs_a_reason_to_proceed_but_does_not_block_signing() -> None:
    findings = _pregnant_li4()
    assert unresolved_blockers(findings, []) == []
    (waiting,) = unresolved_findings(findings, [])
    assert waiting.finding.code == "PREG-AVOID"
    assert waiting.problem == "needs a reason to proceed"
    empty = FindingResolution("PREG-AVOID", "proceeded", " ")
    assert unresolved_findings(findings, [empty])[0].problem == "Give the reason to proceed"
    answered = FindingResolution("PREG-AVOID", "proceeded", "Labour induction agreed with midwife")
    assert unresolved_findings(findings, [answered]) == []


def test_an_unacknowledged_red_flag_blocks_signing() -> None:
    (blocker,) = unresolved_blockers(_thenar_wasting(), [])
    assert blocker.finding.code == "RF-THENAR-WASTING"
    assert "referral" in blocker.problem


def test_a_referral_with_recipient_reason_and_date_resolves_a_red_flag() -> None:
    answer = FindingResolution("RF-THENAR-WASTING", "referred", referral=_referral())
    assert unresolved_blockers(_thenar_wasting(), [answer]) == []


@pytest.mark.parametrize(
    ("referral", "field"),
    [
        (None, "referral"),
        (_referral(recipient=" "), "recipient"),
        (_referral(reason=""), "reason"),
        (_referral(referred_on=None), "referred_on"),
    ],
)
def test_an_incomplete_referral_is_refused(referral: Referral | None, field: str) -> None:
    answer = FindingResolution("RF-THENAR-WASTING", "referred", referral=referral)
    assert field in validate_resolution(answer)
    assert len(unresolved_blockers(_thenar_wasting(), [answer])) == 1


def test_a_referral_cannot_be_dated_in_the_future() -> None:
    answer = FindingResolution(
        "RF-THENAR-WASTING", "referred", referral=_referral(referred_on=date(2025, 6, 16))
    )
    assert "referred_on" in validate_resolution(answer, today=TODAY)
    assert validate_resolution(answer) == {}


def test_a_documented_reason_not_to_refer_resolves_a_red_flag() -> None:
    reason = "Seen by hand surgeon last week; under their care"
    answer = FindingResolution("RF-THENAR-WASTING", "not_referred", reason)
    assert unresolved_blockers(_thenar_wasting(), [answer]) == []
    empty = FindingResolution("RF-THENAR-WASTING", "not_referred", "")
    (blocker,) = unresolved_blockers(_thenar_wasting(), [empty])
    assert blocker.problem == "Give the reason not to refer"


def test_notes_need_no_answer() -> None:
    findings = check_treatment(context(points=(point("LU9"),)))
    assert [f.level for f in findings] == ["info"]
    assert unresolved_findings(findings, []) == []


def test_the_latest_answer_counts() -> None:
    good = FindingResolution("DEVICE-EA", "overridden", "Device explanted in May")
    bad = FindingResolution("DEVICE-EA", "overridden", "")
    assert unresolved_blockers(_pacemaker_with_channel(), [bad, good]) == []
    assert len(unresolved_blockers(_pacemaker_with_channel(), [good, bad])) == 1


def test_stops_and_red_flags_block_together_until_each_is_answered() -> None:
    findings = _pacemaker_with_channel() + _thenar_wasting() + _pregnant_li4()
    assert {b.finding.code for b in unresolved_blockers(findings, [])} == {
        "DEVICE-EA",
        "RF-THENAR-WASTING",
    }
    answers = [
        FindingResolution("DEVICE-EA", "overridden", "Device explanted in May"),
        FindingResolution("RF-THENAR-WASTING", "referred", referral=_referral()),
    ]
    assert unresolved_blockers(findings, answers) == []


def test_an_unknown_kind_is_refused() -> None:
    answer = FindingResolution("DEVICE-EA", "ignored", "because")  # type: ignore[arg-type]
    assert validate_resolution(answer) == {"kind": "Choose how the finding was dealt with"}
