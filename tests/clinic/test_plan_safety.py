"""The safety rules read against a plan: its points, electroacupuncture pairs and
supplements, as pure functions of the patient's facts and the plan as written."""

from __future__ import annotations

from datetime import date

from wristcare.clinic.history import HealthHistoryDetails
from wristcare.clinic.plans import PlanDetails, PlanPointDetails
from wristcare.clinic.plans.safety import plan_findings, plan_treatment
from wristcare.clinic.safety import ActiveConsent
from wristcare.clinic.sessions.safety import SafetyFacts
from wristcare.db.vocab import Side

CONSENTED = (ActiveConsent("acupuncture"), ActiveConsent("electroacupuncture"))


def _facts(**history: object) -> SafetyFacts:
    return SafetyFacts(HealthHistoryDetails(**history), CONSENTED, 40)  # type: ignore[arg-type]


def _plan(*points: PlanPointDetails, supplements: str = "") -> PlanDetails:
    return PlanDetails(problem="Carpal tunnel", points=list(points), supplements=supplements)


def _codes(facts: SafetyFacts, plan: PlanDetails) -> list[str]:
    return [finding.code for finding in plan_findings(facts, plan)]


LI4 = PlanPointDetails("LI4", Side.RIGHT)


def test_a_pregnancy_point_in_the_plan_fires_only_in_pregnancy() -> None:
    pregnant = _facts(pregnant=True, pregnancy_due_date=date(2025, 12, 1))
    assert "PREG-AVOID" in _codes(pregnant, _plan(LI4))
    assert _codes(_facts(), _plan(LI4)) == []


def test_an_electro_pair_in_the_plan_stops_for_an_implanted_device() -> None:
    device = _facts(implanted_device=True, implanted_device_detail="Pacemaker")
    paired = _plan(
        PlanPointDetails("PC7", Side.RIGHT, electro_pair=1),
        PlanPointDetails("PC6", Side.RIGHT, electro_pair=0),
    )
    findings = plan_findings(device, paired)
    assert [(f.code, f.level) for f in findings][0] == ("DEVICE-EA", "stop")
    unpaired = _plan(PlanPointDetails("PC7", Side.RIGHT), PlanPointDetails("PC6", Side.RIGHT))
    assert "DEVICE-EA" not in _codes(device, unpaired)


def test_a_pair_written_both_ways_is_one_channel() -> None:
    paired = _plan(
        PlanPointDetails("PC7", Side.RIGHT, electro_pair=1),
        PlanPointDetails("PC6", Side.RIGHT, electro_pair=0),
    )
    assert plan_treatment(paired).channels == (("PC7", "PC6"),)


def test_herbs_in_the_plan_with_an_anticoagulant_say_where_they_are() -> None:
    warfarin = _facts(anticoagulant=True, anticoagulant_drug="Warfarin")
    plan = _plan(supplements="Ginkgo biloba 120 mg daily")
    herb = next(f for f in plan_findings(warfarin, plan) if f.code == "HERB-BLEED")
    assert "supplements" in herb.explanation
    assert "HERB-BLEED" not in _codes(_facts(), plan)
    assert "HERB-BLEED" not in _codes(warfarin, _plan(supplements="Vitamin D"))


def test_a_point_the_library_does_not_know_is_left_to_the_plan_checks() -> None:
    assert plan_treatment(_plan(PlanPointDetails("XX99", Side.LEFT))).points == ()


def test_a_switched_off_caution_does_not_fire_on_a_plan() -> None:
    diabetic = _facts(diabetes=True)
    plan = _plan(PlanPointDetails("PC7", Side.RIGHT))
    assert "DIABETES-DISTAL" in _codes(diabetic, plan)
    off = SafetyFacts(diabetic.history, CONSENTED, 40, frozenset({"DIABETES-DISTAL"}))
    assert "DIABETES-DISTAL" not in _codes(off, plan)
