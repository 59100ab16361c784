"""Safety alerts shown on the patient header (clinical.md section 4). Pure functions.

The advice, point lists and herb names come from the safety rules data
(resources/safety/rules.toml), the same the rule engine in clinic/safety checks against.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from wristcare.clinic.consent import (
    GUARDIAN_UNDER_AGE,
    MODALITIES,
    ConsentRecord,
    missing_consents,
)
from wristcare.clinic.history import LIMBS, HealthHistoryDetails, HealthHistoryVersion
from wristcare.clinic.retention import age_on
from wristcare.clinic.safety.herbs import herbs_in_history
from wristcare.clinic.safety.rulebook import RuleBook, rule_book, threshold_values
from wristcare.db.vocab import SafetyFlag

Level = Literal["stop", "caution", "info"]

# A history older than this should be checked with the patient again.
REVIEW_AFTER_DAYS = 365


# The safety rules each health-history flag stands for on the banner: its advice and
# level are theirs. Needle anxiety, fainting and capacity have no rule: advice of their own.
FLAG_RULES: dict[SafetyFlag, tuple[str, ...]] = {
    SafetyFlag.IMPLANTED_DEVICE: ("DEVICE-EA",),
    SafetyFlag.LYMPHOEDEMA: ("LYMPH-LIMB",),
    SafetyFlag.PREGNANT: ("PREG-AVOID", "PREG-EA"),
    SafetyFlag.ANTICOAGULANT: ("BLEED-NEEDLE",),
    SafetyFlag.BLEEDING_DISORDER: ("BLEED-NEEDLE",),
    SafetyFlag.EPILEPSY: ("EPILEPSY-EA",),
    SafetyFlag.METAL_IMPLANT: ("SITE-METAL",),
    SafetyFlag.SKIN_PROBLEM_AT_SITE: ("SITE-SKIN",),
    SafetyFlag.DIABETES: ("DIABETES-DISTAL",),
}


@dataclass(frozen=True)
class Alert:
    """One thing the practitioner must see before needling."""

    key: str
    level: Level
    title: str
    advice: str

    @property
    def text(self) -> str:
        return f"{self.title}: {self.advice}" if self.advice else self.title


def _advice(book: RuleBook, code: str) -> str:
    """The banner advice of a safety rule, with its own point list and thresholds, so the
    banner and the rule engine say the same."""
    rule = book.rule(code)
    return rule.banner.format(points=rule.points_text, **threshold_values(book))


def _rule_alert(book: RuleBook, key: str, title: str, flag: SafetyFlag | str) -> Alert:
    """An alert worded, and as serious, as the safety rules its flag stands for (or as
    the one rule named)."""
    codes = FLAG_RULES[flag] if isinstance(flag, SafetyFlag) else (flag,)
    level = min((book.rule(c).level for c in codes), key=["stop", "caution", "info"].index)
    return Alert(key, level, title, "; ".join(_advice(book, c) for c in codes))  # type: ignore[arg-type]


def _history_alerts(h: HealthHistoryDetails) -> list[Alert]:
    book = rule_book()
    alerts: list[Alert] = []
    if h.implanted_device:
        what = h.implanted_device_detail or "implanted device"
        alerts.append(
            _rule_alert(book, "implanted_device", f"Device: {what}", SafetyFlag.IMPLANTED_DEVICE)
        )
    if h.lymphoedema:
        limb = LIMBS.get(h.lymphoedema_limb, h.lymphoedema_limb).lower() or "limb not recorded"
        alerts.append(
            _rule_alert(book, "lymphoedema", f"Lymphoedema, {limb}", SafetyFlag.LYMPHOEDEMA)
        )
    if h.pregnant:
        due = f" (due {h.pregnancy_due_date:%d %b %Y})" if h.pregnancy_due_date else ""
        alerts.append(_rule_alert(book, "pregnancy", f"Pregnant{due}", SafetyFlag.PREGNANT))
    if h.anticoagulant:
        drug = h.anticoagulant_drug or "anticoagulant"
        alerts.append(_rule_alert(book, "anticoagulant", f"On {drug}", SafetyFlag.ANTICOAGULANT))
    if h.bleeding_disorder:
        alerts.append(
            _rule_alert(
                book, "bleeding_disorder", "Bleeding disorder", SafetyFlag.BLEEDING_DISORDER
            )
        )
    if h.anticoagulant or h.bleeding_disorder:
        found = herbs_in_history(book, h)
        risky = list(dict.fromkeys(herb for herbs in found.values() for herb in herbs))
        if risky:
            title = f"Takes {', '.join(risky)}"
            alerts.append(_rule_alert(book, "herb_bleeding", title, "HERB-BLEED"))
    if h.epilepsy:
        alerts.append(_rule_alert(book, "epilepsy", "Epilepsy", SafetyFlag.EPILEPSY))
    if h.metal_implant:
        site = h.metal_implant_site or "site not recorded"
        alerts.append(
            _rule_alert(book, "metal_implant", f"Metal implant: {site}", SafetyFlag.METAL_IMPLANT)
        )
    if h.skin_problem_at_site:
        what = h.skin_problem_detail or "skin problem at treatment site"
        alerts.append(_rule_alert(book, "skin", f"Skin: {what}", SafetyFlag.SKIN_PROBLEM_AT_SITE))
    if h.diabetes:
        alerts.append(_rule_alert(book, "diabetes", "Diabetes", SafetyFlag.DIABETES))
    if h.needle_anxiety or h.fainting_history:
        what = "Has fainted before" if h.fainting_history else "Needle anxiety"
        alerts.append(Alert("faint", "caution", what, "treat lying down; watch for fainting"))
    if h.capacity_concern:
        alerts.append(
            Alert("capacity", "caution", "Capacity to consent in doubt", h.capacity_detail)
        )
    allergies = [
        name
        for flag, name in (
            (h.allergy_metal, "metal/nickel"),
            (h.allergy_latex, "latex"),
            (h.allergy_adhesive, "adhesive"),
        )
        if flag
    ]
    # Free-text allergies ("penicillin, chlorhexidine wipes") matter as much as the boxes;
    # on one line, as the strip shows it.
    other = " ".join(h.allergies_other.split())
    if other:
        allergies.append(other)
    if allergies:
        alerts.append(Alert("allergy", "caution", f"Allergy: {', '.join(allergies)}", ""))
    return alerts


def patient_alerts(
    history: HealthHistoryVersion | None,
    consents: list[ConsentRecord],
    date_of_birth: date | None,
    today: date,
) -> list[Alert]:
    """Every alert for the patient header, hard stops first."""
    alerts: list[Alert] = []
    if history is None:
        alerts.append(Alert("no_history", "caution", "No health history recorded", ""))
    else:
        alerts += _history_alerts(history.details)
        age_days = (today - history.last_checked).days
        if age_days > REVIEW_AFTER_DAYS:
            alerts.append(
                Alert(
                    "history_stale",
                    "info",
                    f"Health history last checked {history.last_checked:%d %b %Y}",
                    "review with the patient",
                )
            )
    for modality in missing_consents(consents, today):
        alerts.append(
            Alert(
                f"consent_{modality}",
                "caution",
                f"No consent for {MODALITIES[modality].lower()}",
                "",
            )
        )
    if date_of_birth is not None and age_on(date_of_birth, today) < GUARDIAN_UNDER_AGE:
        alerts.append(Alert("minor", "info", "Under 16", "parent or guardian consents"))
    order = {"stop": 0, "caution": 1, "info": 2}
    return sorted(alerts, key=lambda a: order[a.level])
