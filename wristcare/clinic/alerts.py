"""Safety alerts shown on the patient header (clinical.md section 4). Pure functions.

The advice, point lists and herb names come from the safety rules data
(resources/safety/rules.toml), the same the rule engine in clinic/safety checks against.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from wristcare.clinic.consent_terms import (
    GUARDIAN_UNDER_AGE,
    MODALITIES,
    ConsentRecord,
    missing_consents,
)
from wristcare.clinic.history_details import HealthHistoryDetails, HealthHistoryVersion
from wristcare.clinic.labels import LIMBS
from wristcare.clinic.retention import age_on
from wristcare.clinic.safety.herbs import herbs_in_history
from wristcare.clinic.safety.rulebook import RuleBook, rule_book, threshold_values
from wristcare.db.vocab import FindingLevel, SafetyFlag

# A history older than this should be checked with the patient again.
REVIEW_AFTER_DAYS = 365


@dataclass(frozen=True)
class Alert:
    """One thing the practitioner must see before needling."""

    key: str
    level: FindingLevel
    title: str
    advice: str

    @property
    def text(self) -> str:
        return f"{self.title}: {self.advice}" if self.advice else self.title


@dataclass(frozen=True)
class FlagAlert:
    """How the banner shows one ticked health-history flag.

    With ``rules``, the alert takes its advice and level from those safety rules, so the
    banner and the rule engine say the same; without, ``level`` and ``advice`` are its own.
    """

    key: str
    title: Callable[[HealthHistoryDetails], str]
    rules: tuple[str, ...] = ()
    level: FindingLevel = FindingLevel.CAUTION
    advice: Callable[[HealthHistoryDetails], str] = lambda h: ""


def _due(h: HealthHistoryDetails) -> str:
    return f" (due {h.pregnancy_due_date:%d %b %Y})" if h.pregnancy_due_date else ""


def _limb(h: HealthHistoryDetails) -> str:
    return LIMBS.get(h.lymphoedema_limb, h.lymphoedema_limb).lower() or "limb not recorded"


_FAINT = FlagAlert(
    "faint",
    lambda h: "Has fainted before" if h.fainting_history else "Needle anxiety",
    advice=lambda h: "treat lying down; watch for fainting",
)

# The banner's alert for each flag, in the order the banner lists them (within a level).
# Needle anxiety and a history of fainting share one alert.
FLAG_ALERTS: dict[SafetyFlag, FlagAlert] = {
    SafetyFlag.IMPLANTED_DEVICE: FlagAlert(
        "implanted_device",
        lambda h: f"Device: {h.implanted_device_detail or 'implanted device'}",
        ("DEVICE-EA",),
    ),
    SafetyFlag.LYMPHOEDEMA: FlagAlert(
        "lymphoedema", lambda h: f"Lymphoedema, {_limb(h)}", ("LYMPH-LIMB",)
    ),
    SafetyFlag.PREGNANT: FlagAlert(
        "pregnancy", lambda h: f"Pregnant{_due(h)}", ("PREG-AVOID", "PREG-EA")
    ),
    SafetyFlag.ANTICOAGULANT: FlagAlert(
        "anticoagulant",
        lambda h: f"On {h.anticoagulant_drug or 'anticoagulant'}",
        ("BLEED-NEEDLE",),
    ),
    SafetyFlag.BLEEDING_DISORDER: FlagAlert(
        "bleeding_disorder", lambda h: "Bleeding disorder", ("BLEED-NEEDLE",)
    ),
    SafetyFlag.EPILEPSY: FlagAlert("epilepsy", lambda h: "Epilepsy", ("EPILEPSY-EA",)),
    SafetyFlag.METAL_IMPLANT: FlagAlert(
        "metal_implant",
        lambda h: f"Metal implant: {h.metal_implant_site or 'site not recorded'}",
        ("SITE-METAL",),
    ),
    SafetyFlag.SKIN_PROBLEM_AT_SITE: FlagAlert(
        "skin",
        lambda h: f"Skin: {h.skin_problem_detail or 'skin problem at treatment site'}",
        ("SITE-SKIN",),
    ),
    SafetyFlag.DIABETES: FlagAlert("diabetes", lambda h: "Diabetes", ("DIABETES-DISTAL",)),
    SafetyFlag.NEEDLE_ANXIETY: _FAINT,
    SafetyFlag.FAINTING_HISTORY: _FAINT,
    SafetyFlag.CAPACITY_CONCERN: FlagAlert(
        "capacity", lambda h: "Capacity to consent in doubt", advice=lambda h: h.capacity_detail
    ),
}
# The safety rules each flag stands for on the banner.
FLAG_RULES: dict[SafetyFlag, tuple[str, ...]] = {
    flag: alert.rules for flag, alert in FLAG_ALERTS.items() if alert.rules
}
# Bleeding-risk herbs matter only with these flags; their alert follows these flags'.
_BLEEDING_FLAGS = (SafetyFlag.ANTICOAGULANT, SafetyFlag.BLEEDING_DISORDER)


def _advice(book: RuleBook, code: str) -> str:
    """The banner advice of a safety rule, with its own point list and thresholds, so the
    banner and the rule engine say the same."""
    rule = book.rule(code)
    return rule.banner.format(points=rule.points_text, **threshold_values(book))


def _rule_alert(book: RuleBook, key: str, title: str, codes: tuple[str, ...]) -> Alert:
    """An alert worded, and as serious, as the safety rules it stands for."""
    level = min((book.rule(c).level for c in codes), key=lambda level: level.rank)
    return Alert(key, level, title, "; ".join(_advice(book, c) for c in codes))


def _herb_alert(book: RuleBook, h: HealthHistoryDetails) -> Alert | None:
    found = herbs_in_history(book, h)
    risky = list(dict.fromkeys(herb for herbs in found.values() for herb in herbs))
    if not risky:
        return None
    return _rule_alert(book, "herb_bleeding", f"Takes {', '.join(risky)}", ("HERB-BLEED",))


def _flag_alert(book: RuleBook, alert: FlagAlert, h: HealthHistoryDetails) -> Alert:
    if alert.rules:
        return _rule_alert(book, alert.key, alert.title(h), alert.rules)
    return Alert(alert.key, alert.level, alert.title(h), alert.advice(h))


def _allergy_alert(h: HealthHistoryDetails) -> Alert | None:
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
    if not allergies:
        return None
    return Alert("allergy", FindingLevel.CAUTION, f"Allergy: {', '.join(allergies)}", "")


def _history_alerts(h: HealthHistoryDetails) -> list[Alert]:
    book = rule_book()
    alerts: list[Alert] = []
    shown: set[str] = set()
    for flag, alert in FLAG_ALERTS.items():
        if getattr(h, flag) and alert.key not in shown:
            shown.add(alert.key)
            alerts.append(_flag_alert(book, alert, h))
        if flag is _BLEEDING_FLAGS[-1] and any(getattr(h, f) for f in _BLEEDING_FLAGS):
            herbs = _herb_alert(book, h)
            if herbs is not None:
                alerts.append(herbs)
    allergy = _allergy_alert(h)
    if allergy is not None:
        alerts.append(allergy)
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
        alerts.append(Alert("no_history", FindingLevel.CAUTION, "No health history recorded", ""))
    else:
        alerts += _history_alerts(history.details)
        age_days = (today - history.last_checked).days
        if age_days > REVIEW_AFTER_DAYS:
            alerts.append(
                Alert(
                    "history_stale",
                    FindingLevel.INFO,
                    f"Health history last checked {history.last_checked:%d %b %Y}",
                    "review with the patient",
                )
            )
    for modality in missing_consents(consents, today):
        alerts.append(
            Alert(
                f"consent_{modality}",
                FindingLevel.CAUTION,
                f"No consent for {MODALITIES[modality].lower()}",
                "",
            )
        )
    if date_of_birth is not None and age_on(date_of_birth, today) < GUARDIAN_UNDER_AGE:
        alerts.append(Alert("minor", FindingLevel.INFO, "Under 16", "parent or guardian consents"))
    return sorted(alerts, key=lambda a: a.level.rank)
