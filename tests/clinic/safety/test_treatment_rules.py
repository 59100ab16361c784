"""Each treatment rule: when it fires, and when it stays silent. Pure data, no database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from wristcare.clinic.consent import ConsentRecord
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history import LIMBS
from wristcare.clinic.history import HealthHistoryDetails as History
from wristcare.clinic.safety import (
    ActiveConsent,
    TreatedPoint,
    TreatmentContext,
    check_treatment,
    consents_in_force,
    validate_disabled,
)
from wristcare.clinic.safety.rulebook import RuleBook

from .conftest import context, fired, point

PREGNANT = History(pregnant=True, pregnancy_due_date=date(2025, 9, 1))
WARFARIN = History(anticoagulant=True, anticoagulant_drug="Warfarin")
CARPAL_TUNNEL = (point("PC7"), point("PC6", depth=120, gauge=20, angle="perpendicular"))


def test_a_consented_healthy_adult_having_the_usual_points_hears_nothing() -> None:
    assert check_treatment(context(points=CARPAL_TUNNEL, channels=(("PC7", "TE5"),))) == []


# Consent and age -----------------------------------------------------------------------


def test_no_consent_stops_before_the_first_needle() -> None:
    found = fired(context(points=CARPAL_TUNNEL, consents=()))
    assert found["CONSENT-MISSING"].level == "stop"
    assert found["CONSENT-MISSING"].explanation == "No consent in force for acupuncture."


def test_electroacupuncture_needs_its_own_consent() -> None:
    ctx = context(
        points=CARPAL_TUNNEL, channels=(("PC7", "TE5"),), consents=(ActiveConsent("acupuncture"),)
    )
    finding = fired(ctx)["CONSENT-MISSING"]
    assert "electroacupuncture" in finding.explanation
    assert "acupuncture and" not in finding.explanation


def test_a_modality_without_needles_needs_consent_too() -> None:
    ctx = context(modalities=("cupping",), consents=(ActiveConsent("acupuncture"),))
    assert "cupping" in fired(ctx)["CONSENT-MISSING"].explanation


def test_consent_in_force_is_silent() -> None:
    ctx = context(points=CARPAL_TUNNEL, consents=(ActiveConsent("acupuncture"),))
    assert "CONSENT-MISSING" not in fired(ctx)


def test_a_withdrawn_consent_is_not_in_force() -> None:
    record = ConsentRecord(
        id=1, modality="acupuncture", given_on=date(2025, 1, 1), method="written",
        consenter="patient", guardian_name="", notes="", withdrawn_on=date(2025, 6, 1),
        recorded_at=datetime(2025, 1, 1, tzinfo=UTC), recorded_by="Dr Test", version_id=1,
    )  # fmt: skip
    assert consents_in_force([record], date(2025, 5, 31)) == (ActiveConsent("acupuncture"),)
    consents = consents_in_force([record], date(2025, 6, 15))
    assert "CONSENT-MISSING" in fired(context(points=CARPAL_TUNNEL, consents=consents))


def test_under_16_without_a_guardian_stops() -> None:
    ctx = context(points=CARPAL_TUNNEL, consents=(ActiveConsent("acupuncture"),), age=15)
    finding = fired(ctx)["MINOR-NO-GUARDIAN"]
    assert finding.level == "stop"
    assert "15 years old" in finding.explanation


@pytest.mark.parametrize(("age", "guardian"), [(15, True), (16, False), (None, False), (40, False)])
def test_guardian_consent_or_age_16_is_silent(age: int | None, guardian: bool) -> None:
    consents = (ActiveConsent("acupuncture", guardian_present=guardian),)
    assert "MINOR-NO-GUARDIAN" not in fired(
        context(points=CARPAL_TUNNEL, consents=consents, age=age)
    )


def test_a_minor_with_no_consent_at_all_gets_the_consent_stop() -> None:
    found = fired(context(points=CARPAL_TUNNEL, consents=(), age=12))
    assert "CONSENT-MISSING" in found
    assert "MINOR-NO-GUARDIAN" not in found


def test_no_health_history_is_a_caution_when_treating() -> None:
    assert fired(context(points=CARPAL_TUNNEL, no_history=True))["HISTORY-MISSING"].level == (
        "caution"
    )
    assert check_treatment(context(no_history=True)) == []


# Electroacupuncture --------------------------------------------------------------------

DEVICE = History(implanted_device=True, implanted_device_detail="Pacemaker")


def test_a_pacemaker_and_electroacupuncture_is_a_stop() -> None:
    finding = fired(context(DEVICE, points=CARPAL_TUNNEL, channels=(("PC7", "SJ5"),)))["DEVICE-EA"]
    assert finding.level == "stop"
    assert "Pacemaker" in finding.explanation
    assert "PC7–TE5" in finding.explanation
    assert finding.points == ("PC7", "TE5")


def test_electroacupuncture_chosen_before_its_channels_already_stops() -> None:
    finding = fired(context(DEVICE, modalities=("electroacupuncture",)))["DEVICE-EA"]
    assert finding.explanation == "Implanted device: Pacemaker; electroacupuncture planned."


def test_a_device_detail_with_its_own_brackets_reads_cleanly() -> None:
    dual = History(implanted_device=True, implanted_device_detail="Pacemaker (dual chamber)")
    finding = fired(context(dual, modalities=("electroacupuncture",)))["DEVICE-EA"]
    assert finding.explanation.startswith("Implanted device: Pacemaker (dual chamber);")


def test_electroacupuncture_consent_alone_does_not_cover_the_needles() -> None:
    ctx = context(channels=(("PC7", "TE5"),), consents=(ActiveConsent("electroacupuncture"),))
    assert fired(ctx)["CONSENT-MISSING"].explanation == "No consent in force for acupuncture."


def test_a_pacemaker_without_electroacupuncture_or_electroacupuncture_alone_is_silent() -> None:
    assert "DEVICE-EA" not in fired(context(DEVICE, points=CARPAL_TUNNEL))
    assert "DEVICE-EA" not in fired(context(points=CARPAL_TUNNEL, channels=(("PC7", "TE5"),)))


def test_epilepsy_and_electroacupuncture_is_a_caution() -> None:
    epilepsy = History(epilepsy=True)
    finding = fired(context(epilepsy, channels=(("SI4", "LI5"),)))["EPILEPSY-EA"]
    assert finding.level == "caution"
    assert "SI4–LI5" in finding.explanation
    assert "EPILEPSY-EA" not in fired(context(epilepsy, points=CARPAL_TUNNEL))


def test_pregnancy_and_electroacupuncture_is_a_caution() -> None:
    finding = fired(context(PREGNANT, channels=(("PC7", "TE5"),)))["PREG-EA"]
    assert finding.level == "caution"
    assert "due 01 Sep 2025" in finding.explanation
    assert "PREG-EA" not in fired(context(channels=(("PC7", "TE5"),)))


# Lymphoedema ---------------------------------------------------------------------------


def _lymphoedema(limb: str) -> History:
    return History(lymphoedema=True, lymphoedema_limb=limb)


@pytest.mark.parametrize(
    ("limb", "needled"),
    [
        ("left_arm", point("LI4", "left")),
        ("left_arm", point("LI4", "bilateral")),
        ("left_arm", point("LI15", "left")),
        ("left_arm", point("EX-UE9", "left")),
        ("left_arm", point("PC6", "")),
        ("right_arm", point("HT7", "right")),
        ("both_arms", point("TE5", "right")),
        ("left_leg", point("SP6", "left")),
        ("right_leg", point("GB34", "right")),
    ],
)
def test_needling_the_limb_with_lymphoedema_stops(limb: str, needled: TreatedPoint) -> None:
    finding = fired(context(_lymphoedema(limb), points=(needled,)))["LYMPH-LIMB"]
    assert finding.level == "stop"
    assert needled.code in finding.explanation
    assert LIMBS[limb].lower() in finding.explanation


@pytest.mark.parametrize(
    ("limb", "needled"),
    [
        ("left_arm", point("LI4", "right")),
        ("left_arm", point("ST36", "left")),
        ("left_arm", point("GB21", "left")),
        ("left_arm", point("GV20", "midline")),
        ("right_leg", point("SP6", "left")),
        ("both_arms", point("LR3", "bilateral")),
        ("other", point("LI4", "left")),
    ],
)
def test_needling_another_limb_is_silent(limb: str, needled: TreatedPoint) -> None:
    assert "LYMPH-LIMB" not in fired(context(_lymphoedema(limb), points=(needled,)))


# Pregnancy -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["LI4", "SP6", "BL60", "BL67", "BL31", "BL32", "BL33", "BL34"])
def test_points_avoided_in_pregnancy(code: str) -> None:
    finding = fired(context(PREGNANT, points=(point(code),)))["PREG-AVOID"]
    assert finding.level == "caution"
    assert code in finding.explanation
    assert "reason" in finding.guidance
    assert "PREG-CAUTION" not in fired(context(PREGNANT, points=(point(code),)))


def test_li4_without_pregnancy_is_silent() -> None:
    assert check_treatment(context(points=(point("LI4"), point("SP6")))) == []


@pytest.mark.parametrize(
    "code", ["GB21", "LR3", "CV4", "KI14", "ST25", "SP15", "BL23", "GV4", "EX-CA1"]
)
def test_points_used_with_caution_in_pregnancy(code: str) -> None:
    found = fired(context(PREGNANT, points=(point(code, depth=50),)))
    assert found["PREG-CAUTION"].level == "caution"
    assert code in found["PREG-CAUTION"].points
    assert "PREG-AVOID" not in found


def test_wrist_points_in_pregnancy_are_silent() -> None:
    assert check_treatment(context(PREGNANT, points=CARPAL_TUNNEL)) == []


# Bleeding risk -------------------------------------------------------------------------


def test_a_thick_needle_with_an_anticoagulant_is_a_caution_with_the_guidance() -> None:
    finding = fired(context(WARFARIN, points=(point("PC6", gauge=25, depth=80),)))["BLEED-NEEDLE"]
    assert finding.level == "caution"
    assert finding.explanation == "On Warfarin: PC6 (left) 0.25 mm needle."
    assert "fine needles (0.20 mm)" in finding.guidance


def test_deep_needling_with_a_bleeding_disorder_is_a_caution() -> None:
    history = History(bleeding_disorder=True)
    finding = fired(context(history, points=(point("ST36", gauge=20, depth=250),)))["BLEED-NEEDLE"]
    assert "Bleeding disorder" in finding.explanation
    assert "25 mm deep" in finding.explanation


@pytest.mark.parametrize(
    ("history", "needled"),
    [
        (WARFARIN, point("PC6", gauge=20, depth=150)),
        (WARFARIN, point("PC6")),
        (History(), point("PC6", gauge=30, depth=300)),
    ],
)
def test_fine_shallow_needles_or_no_bleeding_risk_are_silent(
    history: History, needled: TreatedPoint
) -> None:
    assert "BLEED-NEEDLE" not in fired(context(history, points=(needled,)))


def test_deep_is_a_parameter(book_with: Callable[..., RuleBook]) -> None:
    ctx = context(WARFARIN, points=(point("PC6", gauge=16, depth=120),))
    assert "BLEED-NEEDLE" not in fired(ctx)
    book = book_with(deep_needling_mm=10.0)
    assert "BLEED-NEEDLE" in fired(ctx, book=book)


@pytest.mark.parametrize(
    ("written", "herb"),
    [
        ("Ginkgo biloba 120 mg", "ginkgo"),
        ("gingko", "ginkgo"),
        ("銀杏", "ginkgo"),
        ("Dong-quai", "dong quai"),
        ("Dang Gui", "dong quai"),
        ("当归 capsules", "dong quai"),
        ("丹参", "dan shen"),
        ("Danshen tablets", "dan shen"),
        ("DAN SHEN", "dan shen"),
        ("garlic capsules", "garlic"),
        ("Korean ginseng", "ginseng"),
        ("Ren Shen", "ginseng"),
        ("ginger tea", "ginger"),
        ("生姜", "ginger"),
    ],
)
def test_bleeding_herbs_with_an_anticoagulant_in_any_common_spelling(
    written: str, herb: str
) -> None:
    history = History(
        anticoagulant=True, anticoagulant_drug="Apixaban", herbs_supplements=f"Fish oil, {written}"
    )
    finding = fired(context(history))["HERB-BLEED"]
    assert finding.level == "caution"
    assert finding.explanation == f"On Apixaban, and {herb} in the herbs and supplements."


def test_bleeding_herbs_in_the_plan_or_the_medications() -> None:
    history = History(bleeding_disorder=True, medications="Ginkgo")
    finding = fired(context(history, supplements="Turmeric; garlic"))["HERB-BLEED"]
    assert "ginkgo, garlic in the medications and the plan's supplements" in finding.explanation


@pytest.mark.parametrize(
    ("history", "supplements"),
    [
        (History(herbs_supplements="Ginkgo, dan shen"), "garlic"),
        (History(anticoagulant=True, anticoagulant_drug="Warfarin", herbs_supplements="Zinc"), ""),
        (WARFARIN, "Gingerbread, ginkgolide-free vitamins"),
    ],
)
def test_no_bleeding_risk_or_no_such_herb_is_silent(history: History, supplements: str) -> None:
    assert "HERB-BLEED" not in fired(context(history, supplements=supplements))


# Diabetes ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["LI4", "PC7", "KI3", "LR3", "EX-LE10"])
def test_diabetes_and_hand_or_foot_points(code: str) -> None:
    finding = fired(context(History(diabetes=True), points=(point(code),)))["DIABETES-DISTAL"]
    assert finding.level == "caution"
    assert code in finding.explanation


def test_diabetes_and_proximal_points_or_no_diabetes_is_silent() -> None:
    assert "DIABETES-DISTAL" not in fired(
        context(History(diabetes=True), points=(point("ST36"), point("LI11")))
    )
    assert "DIABETES-DISTAL" not in fired(context(points=(point("LI4"),)))


# Points with an anatomical risk --------------------------------------------------------


@pytest.mark.parametrize("code", ["LU8", "LU9"])
def test_radial_artery_note(code: str) -> None:
    finding = fired(context(points=(point(code),)))["RADIAL-ARTERY"]
    assert finding.level == "info"
    assert "radial artery" in finding.explanation


def test_other_wrist_points_have_no_artery_note() -> None:
    assert "RADIAL-ARTERY" not in fired(context(points=(point("LU7"), point("PC7"))))


@pytest.mark.parametrize(
    ("needled", "words"),
    [
        (point("GB21"), "depth not recorded, angle not recorded"),
        (point("GB21", depth=150, angle="perpendicular"), "15 mm deep, perpendicular"),
        (point("BL13", depth=200, angle="oblique"), "20 mm deep, oblique"),
        (point("LU1", depth=120), "12 mm deep, angle not recorded"),
        (point("BL11", "bilateral", depth=None, angle="oblique"), "BL11 (both sides)"),
    ],
)
def test_points_over_the_lung_need_shallow_or_along_the_skin(
    needled: TreatedPoint, words: str
) -> None:
    finding = fired(context(points=(needled,)))["THORAX-DEPTH"]
    assert finding.level == "caution"
    assert words in finding.explanation
    assert "10 mm at most" in finding.guidance


@pytest.mark.parametrize(
    "needled",
    [
        point("GB21", depth=80, angle="perpendicular"),
        point("BL13", depth=100),
        point("BL13", depth=250, angle="transverse"),
        point("PC6", depth=300, angle="perpendicular"),
    ],
)
def test_shallow_or_transverse_or_not_over_the_lung_is_silent(needled: TreatedPoint) -> None:
    assert "THORAX-DEPTH" not in fired(context(points=(needled,)))


# At the site ---------------------------------------------------------------------------


def _skin(detail: str) -> History:
    return History(skin_problem_at_site=True, skin_problem_detail=detail)


def _metal(site: str) -> History:
    return History(metal_implant=True, metal_implant_site=site)


@pytest.mark.parametrize(
    ("history", "needled", "code"),
    [
        (_skin("Eczema on the left hand"), point("LI4", "left"), "SITE-SKIN"),
        (_skin("Broken skin, backs of both hands"), point("LI4", "right"), "SITE-SKIN"),
        (_skin("Varicose veins, right calf"), point("SP6", "right"), "SITE-SKIN"),
        (_skin("Psoriasis"), point("PC6", "left"), "SITE-SKIN"),
        (_metal("Left wrist plate"), point("PC6", "left"), "SITE-METAL"),
        (_metal("Lt distal radius plate"), point("LU7", "left"), "SITE-METAL"),
        (_metal("Right knee replacement"), point("ST35", "right"), "SITE-METAL"),
        (_metal("Pin, right upper arm"), point("LI14", "right"), "SITE-METAL"),
        (_metal("Screws in the L shoulder blade"), point("GB21", "left"), "SITE-METAL"),
        (_metal("Lumbar fusion rods"), point("BL23", "bilateral"), "SITE-METAL"),
    ],
)
def test_a_point_at_the_site_is_a_caution(
    history: History, needled: TreatedPoint, code: str
) -> None:
    finding = fired(context(history, points=(needled,)))[code]
    assert finding.level == "caution"
    assert needled.code in finding.explanation


@pytest.mark.parametrize(
    ("history", "needled"),
    [
        (_skin("Eczema on the left hand"), point("LI4", "right")),
        (_skin("Eczema on the left hand"), point("PC6", "left")),
        (_skin("Eczema, back of the hand"), point("BL23", "midline")),
        (_metal("Left wrist plate"), point("LI4", "left")),
        (_metal("Left wrist plate"), point("PC6", "right")),
        (_metal("Dental implant"), point("PC6", "left")),
        (_metal("Pin, right upper arm"), point("LI4", "right")),
        (_metal("Screws in the L shoulder blade"), point("LI15", "left")),
        (History(), point("LI4", "left")),
    ],
)
def test_a_point_away_from_the_site_is_silent(history: History, needled: TreatedPoint) -> None:
    found = fired(context(history, points=(needled,)))
    assert "SITE-SKIN" not in found and "SITE-METAL" not in found


def test_the_finding_says_how_the_site_was_read() -> None:
    finding = fired(context(_metal("Left wrist plate"), points=(point("PC7", "left"),)))
    assert finding["SITE-METAL"].explanation == (
        "Metal implant (Left wrist plate): PC7 (left) at the wrist, left side, "
        "as read from the site."
    )
    unplaced = fired(context(_skin("Psoriasis"), points=(point("PC7"), point("LI4"))))
    assert "names no part of the body" in unplaced["SITE-SKIN"].explanation
    assert unplaced["SITE-SKIN"].points == ("PC7", "LI4")


# Switching rules off -------------------------------------------------------------------


def test_a_clinic_can_switch_off_a_caution() -> None:
    ctx = context(PREGNANT, points=(point("LI4"), point("LU9")))
    assert {"PREG-AVOID", "RADIAL-ARTERY"} <= set(fired(ctx))
    found = fired(ctx, disabled={"PREG-AVOID", "RADIAL-ARTERY"})
    assert "PREG-AVOID" not in found and "RADIAL-ARTERY" not in found
    assert "DIABETES-DISTAL" not in found


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("DEVICE-EA", "DEVICE-EA is a stop rule and cannot be switched off"),
        ("CONSENT-MISSING", "is a stop rule"),
        ("RF-THENAR-WASTING", "is a refer rule"),
        ("THORAX-DEPTH", "THORAX-DEPTH cannot be switched off"),
        ("NO-SUCH-RULE", "there is no rule NO-SUCH-RULE"),
    ],
)
def test_a_stop_cannot_be_switched_off(code: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_disabled({code})
    assert message in error.value.fields["disabled_rules"]
    ctx = context(DEVICE, channels=(("PC7", "TE5"),))
    with pytest.raises(ValidationError):
        check_treatment(ctx, disabled={"RADIAL-ARTERY", code})


# Reading the treatment -----------------------------------------------------------------


def test_stops_come_first() -> None:
    history = History(implanted_device=True, pregnant=True, diabetes=True)
    findings = check_treatment(context(history, points=(point("LI4"), point("LU9")),
                                       channels=(("LI4", "LU9"),)))  # fmt: skip
    levels = [f.level for f in findings]
    assert levels == ["stop", "caution", "caution", "caution", "info"]


def test_codes_as_practitioners_write_them_are_read() -> None:
    found = fired(
        context(PREGNANT, points=(point("lu-9"), point("Li 4")), channels=(("SJ5", "P7"),))
    )
    assert found["RADIAL-ARTERY"].points == ("LU9",)
    assert found["PREG-AVOID"].points == ("LI4",)
    assert "TE5–PC7" in found["PREG-EA"].explanation


@pytest.mark.parametrize(
    ("ctx", "field"),
    [
        (context(points=(point("XX9"),)), "points[0].code"),
        (context(points=(point("LI4", "up"),)), "points[0].side"),
        (context(points=(point("LI4", angle="sideways"),)), "points[0].angle"),
        (context(points=(point("LI4", gauge=200),)), "points[0].gauge"),
        (context(points=(point("LI4", depth=-1),)), "points[0].depth"),
        (context(channels=(("PC7", "PC99"),)), "channels[0]"),
        (context(modalities=("reiki",)), "modalities"),
    ],
)
def test_a_treatment_the_rules_cannot_read_is_refused_with_a_message(
    ctx: TreatmentContext, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        check_treatment(ctx)
    assert field in error.value.fields
