"""One firing and one silent case for every treatment rule in the rules file: a rule added
to resources/safety/rules.toml without both fails here. The detailed cases per rule are in
test_treatment_rules.py; these pairs differ in one fact only, so each shows what fires it."""

from __future__ import annotations

from datetime import date

import pytest

from wristcare.clinic.history import HealthHistoryDetails as History
from wristcare.clinic.safety import ActiveConsent, TreatmentContext, list_rules

from .conftest import context, fired, point

PREGNANT = History(pregnant=True, pregnancy_due_date=date(2025, 9, 1))
WARFARIN = History(anticoagulant=True, anticoagulant_drug="Warfarin")
WRIST = (point("PC7"),)
EA = (("PC7", "TE5"),)

# code -> (a context it fires on, the same but for one fact, where it stays silent)
PAIRS: dict[str, tuple[TreatmentContext, TreatmentContext]] = {
    "CONSENT-MISSING": (
        context(points=WRIST, consents=()),
        context(points=WRIST, consents=(ActiveConsent("acupuncture"),)),
    ),
    "MINOR-NO-GUARDIAN": (
        context(points=WRIST, age=12, consents=(ActiveConsent("acupuncture"),)),
        context(points=WRIST, age=12, consents=(ActiveConsent("acupuncture", True),)),
    ),
    "DEVICE-EA": (
        context(History(implanted_device=True), points=WRIST, channels=EA),
        context(History(implanted_device=True), points=WRIST),
    ),
    "LYMPH-LIMB": (
        context(History(lymphoedema=True, lymphoedema_limb="left_arm"), points=WRIST),
        context(History(lymphoedema=True, lymphoedema_limb="right_arm"), points=WRIST),
    ),
    "HISTORY-MISSING": (
        context(points=WRIST, no_history=True),
        context(points=WRIST),
    ),
    "PREG-AVOID": (
        context(PREGNANT, points=(point("LI4"),)),
        context(points=(point("LI4"),)),
    ),
    "PREG-CAUTION": (
        context(PREGNANT, points=(point("LR3"),)),
        context(PREGNANT, points=WRIST),
    ),
    "PREG-EA": (
        context(PREGNANT, points=WRIST, channels=EA),
        context(points=WRIST, channels=EA),
    ),
    "EPILEPSY-EA": (
        context(History(epilepsy=True), points=WRIST, channels=EA),
        context(History(epilepsy=True), points=WRIST),
    ),
    "BLEED-NEEDLE": (
        context(WARFARIN, points=(point("PC7", gauge=25),)),
        context(WARFARIN, points=(point("PC7", gauge=20),)),
    ),
    "HERB-BLEED": (
        context(WARFARIN, points=WRIST, supplements="ginkgo"),
        context(points=WRIST, supplements="ginkgo"),
    ),
    "DIABETES-DISTAL": (
        context(History(diabetes=True), points=WRIST),
        context(History(diabetes=True), points=(point("LI11"),)),
    ),
    "THORAX-DEPTH": (
        context(points=(point("GB21", depth=200, angle="perpendicular"),)),
        context(points=(point("GB21", depth=50, angle="perpendicular"),)),
    ),
    "SITE-SKIN": (
        context(
            History(skin_problem_at_site=True, skin_problem_detail="Eczema, left wrist"),
            points=WRIST,
        ),
        context(
            History(skin_problem_at_site=True, skin_problem_detail="Eczema, left knee"),
            points=WRIST,
        ),
    ),  # fmt: skip
    "SITE-METAL": (
        context(History(metal_implant=True, metal_implant_site="Left wrist plate"), points=WRIST),
        context(History(metal_implant=True, metal_implant_site="Right hip"), points=WRIST),
    ),  # fmt: skip
    "RADIAL-ARTERY": (
        context(points=(point("LU9"),)),
        context(points=(point("LU7"),)),
    ),
}


def test_every_treatment_rule_has_a_pair() -> None:
    assert set(PAIRS) == {r.code for r in list_rules() if r.kind == "treatment"}


@pytest.mark.parametrize("code", list(PAIRS))
def test_fires_and_stays_silent(code: str) -> None:
    firing, silent = PAIRS[code]
    assert code in fired(firing)
    assert code not in fired(silent)
