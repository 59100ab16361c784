"""The rules file: complete, consistent, and naming only points that exist."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any

import pytest

from wristcare.clinic.safety import list_rules, rule_book
from wristcare.clinic.safety.body import limb_of
from wristcare.clinic.safety.checks import CHECKS
from wristcare.clinic.safety.redflags import RedFlagSigns
from wristcare.clinic.safety.rulebook import (
    LEVELS,
    RuleDataError,
    expand_points,
    load_rule_book,
    parse_rule_book,
    rules_path,
)
from wristcare.config import resources_dir


def _codes(name: str) -> set[str]:
    with (resources_dir() / "reference" / name).open(encoding="utf-8") as handle:
        return {row["code"] for row in csv.DictReader(handle) if row["code"]}


CLASSICAL = _codes("acupoints.csv")
KNOWN_POINTS = CLASSICAL | _codes("extra_acupoints.csv")


def _raw() -> dict[str, Any]:
    with rules_path().open("rb") as handle:
        return tomllib.load(handle)


def test_every_rule_has_code_level_title_and_source() -> None:
    for entry in _raw()["rules"] + _raw()["red_flags"]:
        assert entry["code"].strip()
        assert entry["level"] in LEVELS
        assert entry["title"].strip()
        assert "clinical.md" in entry["source"]


def test_rule_codes_are_unique() -> None:
    codes = [e["code"] for e in _raw()["rules"] + _raw()["red_flags"]]
    assert len(codes) == len(set(codes))
    data = _raw()
    data["rules"].append(dict(data["rules"][0]))
    with pytest.raises(RuleDataError, match="used twice"):
        parse_rule_book(data)


def test_every_point_named_exists_in_the_reference_data() -> None:
    book = rule_book()
    named = set()
    for rule in book.rules:
        named |= book.points_of(rule)
    for region in book.regions.values():
        named |= region.points
    assert named - KNOWN_POINTS == set()
    assert len(named) > 300


def test_every_classical_point_has_a_limb() -> None:
    book = rule_book()
    assert sorted(c for c in CLASSICAL if limb_of(book, c) is None) == []


@pytest.mark.parametrize(
    ("code", "limb"),
    [
        ("LU9", "arm"), ("LI4", "arm"), ("HT7", "arm"), ("SI3", "arm"), ("PC6", "arm"),
        ("TE5", "arm"), ("LI15", "arm"), ("LU1", "trunk"), ("LI20", "head"), ("PC1", "trunk"),
        ("TE17", "head"), ("ST36", "leg"), ("SP6", "leg"), ("BL40", "leg"), ("BL23", "trunk"),
        ("GB21", "trunk"), ("CV4", "trunk"), ("GV20", "head"), ("EX-UE9", "arm"),
        ("EX-LE10", "leg"), ("EX-UE8", "arm"),
    ],
)  # fmt: skip
def test_limb_of_a_point(code: str, limb: str) -> None:
    assert limb_of(rule_book(), code) == limb


def test_each_treatment_rule_has_its_check_and_each_red_flag_reads_real_signs() -> None:
    book = rule_book()
    treatment = {r.code for r in book.rules if r.kind == "treatment"}
    assert treatment == set(CHECKS)
    # The screen reads each sign as a yes/no attribute of the signs (getattr): a name
    # that is not one would raise there, or be a number read as a yes.
    nothing_recorded = RedFlagSigns()
    for rule in book.rules:
        if rule.kind == "red_flag":
            assert rule.signs
            for name in rule.signs:
                assert isinstance(getattr(nothing_recorded, name, None), bool), rule.code


def test_stops_and_red_flags_cannot_be_marked_switchable() -> None:
    for rule in rule_book().rules:
        if rule.level in ("stop", "refer"):
            assert not rule.may_disable
    data = _raw()
    stop = next(e for e in data["rules"] if e["level"] == "stop")
    stop["may_disable"] = True
    with pytest.raises(RuleDataError, match="cannot be switched off"):
        parse_rule_book(data)


def test_the_rules_the_issue_asks_for_are_there() -> None:
    codes = {r.code for r in list_rules()}
    assert {
        "PREG-AVOID", "PREG-CAUTION", "DEVICE-EA", "EPILEPSY-EA", "LYMPH-LIMB", "BLEED-NEEDLE",
        "DIABETES-DISTAL", "RADIAL-ARTERY", "THORAX-DEPTH", "HERB-BLEED", "CONSENT-MISSING",
        "MINOR-NO-GUARDIAN", "SITE-SKIN", "SITE-METAL",
    } <= codes  # fmt: skip
    assert {
        "RF-THENAR-WASTING", "RF-THUMB-WEAKNESS", "RF-CONSTANT-NUMBNESS",
        "RF-SUDDEN-PROGRESSION", "RF-INJURY", "RF-WRIST-LUMP", "RF-AFTER-SURGERY", "RF-SEVERE",
        "RF-UNCLEAR-DIAGNOSIS", "RF-NO-IMPROVEMENT", "SYSTEMIC-CAUSE",
    } <= codes  # fmt: skip


def test_list_rules_gives_what_the_safety_page_shows() -> None:
    rules = list_rules()
    assert [r.level for r in rules if r.kind == "treatment"][:4] == ["stop"] * 4
    device = next(r for r in rules if r.code == "DEVICE-EA")
    assert device.level == "stop"
    assert device.title == "Electroacupuncture with an implanted electrical device"
    assert "clinical.md §4" in device.source


def test_pregnancy_points_as_the_clinic_reads_them() -> None:
    book = rule_book()
    rule = book.rule("PREG-AVOID")
    assert rule.points_text == "LI4, SP6, BL60, BL67, BL31–BL34"
    assert book.points_of(rule) == {"LI4", "SP6", "BL60", "BL67", "BL31", "BL32", "BL33", "BL34"}
    cautious = book.points_of(book.rule("PREG-CAUTION"))
    assert {"GB21", "LR3", "CV4", "KI14", "ST25", "SP15", "BL23", "GV4", "EX-CA1"} <= cautious
    assert "PC6" not in cautious


def test_thoracic_points_include_those_clinical_md_names() -> None:
    book = rule_book()
    assert {"GB21", "BL11", "LU1", "BL13", "BL43", "ST16"} <= book.points_of(
        book.rule("THORAX-DEPTH")
    )


def test_thresholds_are_read_in_recording_units() -> None:
    p = rule_book().parameters
    assert (p.bleeding_max_gauge, p.deep_needling, p.thoracic_max_depth) == (20, 150, 100)
    assert p.no_improvement_weeks == 8


def test_point_ranges_run_up_one_meridian() -> None:
    assert expand_points("BL31-BL34") == ["BL31", "BL32", "BL33", "BL34"]
    assert expand_points("EX-UE9") == ["EX-UE9"]
    for bad in ("BL31-KI34", "BL34-BL31"):
        with pytest.raises(RuleDataError, match="one meridian"):
            expand_points(bad)


def test_unknown_region_level_placeholder_or_missing_source_is_refused() -> None:
    for change, message in (
        ({"regions": ["elbows"]}, "unknown regions"),
        ({"level": "warning"}, "level must be"),
        ({"source": ""}, "'source' must be"),
        ({"explanation": "No consent for {modality}."}, "unknown value {modality}"),
        ({"guidance": "Record consent {"}, "unbalanced braces"),
        ({"banner": "avoid {limb}"}, "unknown value {limb}"),
    ):
        data = _raw()
        data["rules"][0].update(change)
        with pytest.raises(RuleDataError, match=message):
            parse_rule_book(data)


def test_a_broken_rules_file_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "rules.toml"
    broken.write_text("[[rules]\ncode = ", encoding="utf-8")
    with pytest.raises(RuleDataError, match="not valid TOML"):
        load_rule_book(broken)
    with pytest.raises(RuleDataError, match="Cannot read"):
        load_rule_book(tmp_path / "missing.toml")
