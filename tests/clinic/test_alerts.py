"""Safety alerts from the health history, consents and age: pure functions, no database."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime

import pytest

from wristcare.clinic import alerts
from wristcare.clinic.alerts import Alert, patient_alerts
from wristcare.clinic.consent_terms import MODALITIES, ConsentRecord
from wristcare.clinic.history import HealthHistoryDetails, HealthHistoryVersion
from wristcare.clinic.safety import (
    ActiveConsent,
    ProposedTreatment,
    TreatedPoint,
    TreatmentContext,
    check_treatment,
    rule_book,
)
from wristcare.clinic.safety.rulebook import parse_rule_book, rules_path

TODAY = date(2025, 6, 15)
ADULT = date(1980, 5, 17)


def _history(recorded: date = TODAY, **flags) -> HealthHistoryVersion:  # type: ignore[no-untyped-def]
    return HealthHistoryVersion(
        version=1,
        recorded_at=datetime(recorded.year, recorded.month, recorded.day, 12, tzinfo=UTC),
        recorded_on=recorded,
        recorded_by="",
        recorded_by_id=None,
        superseded_at=None,
        reviewed_on=None,
        details=HealthHistoryDetails(**flags),
    )


def _consent(modality: str = "acupuncture", **values) -> ConsentRecord:  # type: ignore[no-untyped-def]
    fields = {
        "id": 1,
        "modality": modality,
        "given_on": date(2025, 1, 1),
        "method": "written",
        "consenter": "patient",
        "guardian_name": "",
        "notes": "",
        "withdrawn_on": None,
        "recorded_at": datetime(2025, 1, 1, tzinfo=UTC),
        "recorded_by": "Tess Tester",
        "version_id": 1,
    }
    fields.update(values)
    return ConsentRecord(**fields)


def _alerts(history: HealthHistoryVersion | None, **kwargs) -> list[Alert]:  # type: ignore[no-untyped-def]
    consents = kwargs.pop("consents", [_consent()])
    dob = kwargs.pop("date_of_birth", ADULT)
    return patient_alerts(history, consents, dob, kwargs.pop("today", TODAY))


def _by_key(alerts: list[Alert]) -> dict[str, Alert]:
    return {a.key: a for a in alerts}


def test_nothing_to_say_for_a_healthy_consented_adult() -> None:
    assert _alerts(_history()) == []


@pytest.mark.parametrize(
    ("flags", "key", "level", "words"),
    [
        ({"implanted_device": True, "implanted_device_detail": "Pacemaker"},
         "implanted_device", "stop", "no electroacupuncture"),
        ({"lymphoedema": True, "lymphoedema_limb": "left_arm"},
         "lymphoedema", "stop", "left arm"),
        ({"pregnant": True, "pregnancy_due_date": date(2025, 9, 1)},
         "pregnancy", "caution", "LI4, SP6"),
        ({"anticoagulant": True, "anticoagulant_drug": "Warfarin"},
         "anticoagulant", "caution", "On Warfarin"),
        ({"bleeding_disorder": True}, "bleeding_disorder", "caution", "fine needles"),
        ({"epilepsy": True}, "epilepsy", "caution", "electroacupuncture"),
        ({"metal_implant": True, "metal_implant_site": "Left wrist plate"},
         "metal_implant", "caution", "Left wrist plate"),
        ({"skin_problem_at_site": True}, "skin", "caution", "do not needle"),
        ({"diabetes": True}, "diabetes", "caution", "peripheral"),
        ({"needle_anxiety": True}, "faint", "caution", "lying down"),
        ({"fainting_history": True}, "faint", "caution", "fainted"),
        ({"capacity_concern": True, "capacity_detail": "Early dementia"},
         "capacity", "caution", "Early dementia"),
        ({"allergy_metal": True}, "allergy", "caution", "metal/nickel"),
        ({"allergy_latex": True, "allergy_adhesive": True},
         "allergy", "caution", "latex, adhesive"),
        ({"allergies_other": "Penicillin,\n  chlorhexidine wipes"},
         "allergy", "caution", "Allergy: Penicillin, chlorhexidine wipes"),
        ({"allergy_metal": True, "allergies_other": "Penicillin"},
         "allergy", "caution", "metal/nickel, Penicillin"),
    ],
)  # fmt: skip
def test_each_history_flag_has_its_alert(flags: dict, key: str, level: str, words: str) -> None:
    alerts = _by_key(_alerts(_history(**flags)))
    assert set(alerts) == {key}
    assert alerts[key].level == level
    assert words in alerts[key].text


def test_blank_other_allergies_make_no_alert() -> None:
    assert _alerts(_history(allergies_other="  \n ")) == []


def test_pregnancy_shows_the_due_date() -> None:
    alert = _by_key(_alerts(_history(pregnant=True, pregnancy_due_date=date(2025, 9, 1))))
    assert "due 01 Sep 2025" in alert["pregnancy"].title


def test_stops_come_first() -> None:
    history = _history(diabetes=True, pregnant=True, lymphoedema=True, lymphoedema_limb="right_arm",
                       implanted_device=True, recorded=date(2020, 1, 1))  # fmt: skip
    alerts = _alerts(history, consents=[], date_of_birth=date(2012, 1, 1))
    levels = [a.level for a in alerts]
    assert levels == sorted(levels, key=["stop", "caution", "info"].index)
    assert levels[:2] == ["stop", "stop"]
    assert levels[-1] == "info"


@pytest.mark.parametrize("herbs", ["Ginkgo biloba", "ginkgo", "Fish oil, GINKGO", "dong-quai"])
def test_bleeding_herbs_with_anticoagulant(herbs: str) -> None:
    history = _history(anticoagulant=True, anticoagulant_drug="Warfarin", herbs_supplements=herbs)
    alerts = _by_key(_alerts(history))
    assert alerts["herb_bleeding"].level == "caution"
    assert "bleeding" in alerts["herb_bleeding"].text


def test_bleeding_herbs_alone_or_harmless_herbs_say_nothing() -> None:
    assert "herb_bleeding" not in _by_key(_alerts(_history(herbs_supplements="Ginkgo")))
    history = _history(anticoagulant=True, anticoagulant_drug="Apixaban", herbs_supplements="Zinc")
    assert "herb_bleeding" not in _by_key(_alerts(history))


def test_bleeding_disorder_and_herbs() -> None:
    history = _history(bleeding_disorder=True, herbs_supplements="Garlic capsules, ginseng")
    alert = _by_key(_alerts(history))["herb_bleeding"]
    assert "garlic" in alert.title and "ginseng" in alert.title


def test_no_history() -> None:
    alerts = _alerts(None)
    assert [(a.key, a.level, a.title) for a in alerts] == [
        ("no_history", "caution", "No health history recorded")
    ]


def test_no_consent() -> None:
    alerts = _by_key(_alerts(_history(), consents=[]))
    assert alerts["consent_acupuncture"].level == "caution"
    assert alerts["consent_acupuncture"].title == "No consent for acupuncture"


def test_withdrawn_or_future_consent_counts_as_none() -> None:
    withdrawn = _consent(withdrawn_on=date(2025, 6, 1))
    assert "consent_acupuncture" in _by_key(_alerts(_history(), consents=[withdrawn]))
    later = _consent(given_on=date(2025, 7, 1))
    assert "consent_acupuncture" in _by_key(_alerts(_history(), consents=[later]))
    other = _consent(modality="cupping")
    assert "consent_acupuncture" in _by_key(_alerts(_history(), consents=[other]))


@pytest.mark.parametrize(
    ("dob", "minor"),
    [(date(2010, 6, 16), True), (date(2009, 6, 16), True), (date(2009, 6, 15), False)],
)
def test_under_16_is_flagged(dob: date, minor: bool) -> None:
    alerts = _by_key(_alerts(_history(), date_of_birth=dob))
    assert ("minor" in alerts) is minor
    if minor:
        assert alerts["minor"].level == "info"


def test_unknown_birth_date_is_not_a_minor() -> None:
    assert _alerts(_history(), date_of_birth=None) == []


def test_old_history_asks_for_a_review() -> None:
    alerts = _by_key(_alerts(_history(recorded=date(2024, 6, 1))))
    assert alerts["history_stale"].level == "info"
    assert "01 Jun 2024" in alerts["history_stale"].title
    assert "history_stale" not in _by_key(_alerts(_history(recorded=date(2024, 6, 20))))


def test_a_review_counts_as_checked() -> None:
    old = _history(recorded=date(2023, 1, 1))
    reviewed = HealthHistoryVersion(
        version=old.version,
        recorded_at=old.recorded_at,
        recorded_on=old.recorded_on,
        recorded_by="",
        recorded_by_id=None,
        superseded_at=None,
        reviewed_on=date(2025, 1, 1),
        details=old.details,
    )
    assert "history_stale" not in _by_key(_alerts(reviewed))


# The banner and the safety rules read the same data (resources/safety/rules.toml).


def test_pregnancy_advice_is_the_rule_engines_point_list() -> None:
    alert = _by_key(_alerts(_history(pregnant=True)))["pregnancy"]
    assert alert.advice == "avoid LI4, SP6, BL60, BL67, BL31–BL34; no strong EA"
    assert rule_book().rule("PREG-AVOID").points_text in alert.advice


def test_the_banner_follows_the_rules_data(monkeypatch: pytest.MonkeyPatch) -> None:
    with rules_path().open("rb") as handle:
        data = tomllib.load(handle)
    avoid = next(rule for rule in data["rules"] if rule["code"] == "PREG-AVOID")
    avoid["points"] = ["LI4", "SP6", "GV20-GV22"]
    data["parameters"]["bleeding_max_gauge_mm"] = 0.18
    epilepsy = next(rule for rule in data["rules"] if rule["code"] == "EPILEPSY-EA")
    epilepsy.update(level="stop", may_disable=False, banner="no electroacupuncture at all")
    book = parse_rule_book(data)
    monkeypatch.setattr(alerts, "rule_book", lambda: book)
    history = _history(
        pregnant=True, anticoagulant=True, anticoagulant_drug="Warfarin", epilepsy=True
    )
    found = _by_key(_alerts(history))
    assert found["pregnancy"].advice == "avoid LI4, SP6, GV20–GV22; no strong EA"
    assert "0.18 mm" in found["anticoagulant"].advice
    assert (found["epilepsy"].level, found["epilepsy"].advice) == (
        "stop",
        "no electroacupuncture at all",
    )
    ctx = TreatmentContext(
        history.details,
        tuple(ActiveConsent(m) for m in MODALITIES),
        40,
        ProposedTreatment(points=(TreatedPoint("GV21", "midline"),), channels=(("PC7", "TE5"),)),
    )
    findings = check_treatment(ctx, book=book)
    assert [(f.code, f.level) for f in findings if f.code in ("PREG-AVOID", "EPILEPSY-EA")] == [
        ("EPILEPSY-EA", "stop"),
        ("PREG-AVOID", "caution"),
    ]


@pytest.mark.parametrize(
    "herbs", ["丹参", "Danshen", "dang gui", "當歸 tea", "Ren shen", "gingko", "Siberian ginseng"]
)
def test_banner_and_engine_find_the_same_bleeding_herbs(herbs: str) -> None:
    history = _history(anticoagulant=True, anticoagulant_drug="Warfarin", herbs_supplements=herbs)
    alert = _by_key(_alerts(history))["herb_bleeding"]
    ctx = TreatmentContext(history.details, (), 40, ProposedTreatment())
    finding = next(f for f in check_treatment(ctx) if f.code == "HERB-BLEED")
    assert alert.title.removeprefix("Takes ") in finding.explanation


def test_bleeding_advice_quotes_the_gauge_the_rules_check() -> None:
    alert = _by_key(_alerts(_history(bleeding_disorder=True)))["bleeding_disorder"]
    gauge = rule_book().parameters.bleeding_max_gauge / 100  # in mm, as the rules check it
    assert alert.advice == f"superficial needling, fine needles ({gauge:.2f} mm or finer)"
