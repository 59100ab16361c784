"""Safety alerts shown on the patient header (clinical.md section 4). Pure functions."""

from __future__ import annotations

import re
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
from wristcare.clinic.text import fold

Level = Literal["stop", "caution", "info"]

# Herbs and supplements that may raise bleeding risk with anticoagulants.
BLEEDING_HERBS = (
    "ginkgo",
    "dong quai",
    "dang gui",
    "danshen",
    "dan shen",
    "garlic",
    "ginseng",
    "ginger",
)
PREGNANCY_POINTS = "LI4, SP6, BL60, BL67, BL31–BL34"
# A history older than this should be checked with the patient again.
REVIEW_AFTER_DAYS = 365


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


def _history_alerts(h: HealthHistoryDetails) -> list[Alert]:
    alerts: list[Alert] = []
    if h.implanted_device:
        what = h.implanted_device_detail or "implanted device"
        alerts.append(Alert("implanted_device", "stop", f"Device: {what}", "no electroacupuncture"))
    if h.lymphoedema:
        limb = LIMBS.get(h.lymphoedema_limb, h.lymphoedema_limb).lower() or "limb not recorded"
        alerts.append(
            Alert("lymphoedema", "stop", f"Lymphoedema, {limb}", "do not needle that limb")
        )
    if h.pregnant:
        due = f" (due {h.pregnancy_due_date:%d %b %Y})" if h.pregnancy_due_date else ""
        alerts.append(
            Alert(
                "pregnancy", "caution", f"Pregnant{due}", f"avoid {PREGNANCY_POINTS}; no strong EA"
            )
        )
    if h.anticoagulant:
        drug = h.anticoagulant_drug or "anticoagulant"
        alerts.append(
            Alert("anticoagulant", "caution", f"On {drug}", "superficial needling, fine needles")
        )
    if h.bleeding_disorder:
        alerts.append(
            Alert("bleeding_disorder", "caution", "Bleeding disorder", "superficial, fine needles")
        )
    if h.anticoagulant or h.bleeding_disorder:
        # "Dong-quai", "DAN SHEN", "Ginkgo\nbiloba": compare folded words.
        herbs = " ".join(re.split(r"[\W_]+", fold(h.herbs_supplements)))
        risky = [herb for herb in BLEEDING_HERBS if herb in herbs]
        if risky:
            alerts.append(
                Alert(
                    "herb_bleeding", "caution", f"Takes {', '.join(risky)}", "may add bleeding risk"
                )
            )
    if h.epilepsy:
        alerts.append(Alert("epilepsy", "caution", "Epilepsy", "caution with electroacupuncture"))
    if h.metal_implant:
        site = h.metal_implant_site or "site not recorded"
        alerts.append(
            Alert("metal_implant", "caution", f"Metal implant: {site}", "caution at site")
        )
    if h.skin_problem_at_site:
        what = h.skin_problem_detail or "skin problem at treatment site"
        alerts.append(Alert("skin", "caution", f"Skin: {what}", "do not needle the area"))
    if h.diabetes:
        alerts.append(Alert("diabetes", "caution", "Diabetes", "caution with peripheral needling"))
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
