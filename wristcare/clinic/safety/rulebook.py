"""The safety rules as data: resources/safety/rules.toml, read and checked once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from string import Formatter
from types import MappingProxyType
from typing import Any, Literal

from wristcare.clinic.labels import FINDING_LEVELS as LEVELS
from wristcare.config import resources_dir
from wristcare.db.vocab import FindingLevel
from wristcare.errors import WristCareError

# Levels a clinic may never switch off.
ALWAYS_ON_LEVELS = frozenset({FindingLevel.STOP, FindingLevel.REFER})


class BodyPart(StrEnum):
    """The part of the body a region of the rules file lies in."""

    ARM = "arm"
    LEG = "leg"
    TRUNK = "trunk"
    HEAD = "head"


# The values the rules fill their wording with; anything else in braces is a typo.
TEMPLATE_FIELDS = frozenset(
    {
        "points", "max_gauge", "max_depth", "modalities", "age", "device", "electroacupuncture",
        "limb", "due", "bleeding", "problems", "herbs", "where", "detail", "how", "weeks",
        "pattern", "recorded",
    }
)  # fmt: skip
BANNER_FIELDS = frozenset({"points", "max_gauge", "max_depth"})

_RANGE = re.compile(r"^([A-Z]+)(\d+)-([A-Z]+)(\d+)$")


class RuleDataError(WristCareError):
    """The rules file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Region:
    """A part of the body: the points in it and the words a practitioner uses for it."""

    name: str
    limb: BodyPart
    words: tuple[str, ...]
    points: frozenset[str]


@dataclass(frozen=True)
class Herb:
    """A herb that may add bleeding risk, with the names it goes by."""

    name: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One rule as the clinic reviews it."""

    code: str
    kind: Literal["treatment", "red_flag"]
    level: FindingLevel
    may_disable: bool
    title: str
    explanation: str
    guidance: str
    source: str
    banner: str = ""
    points_as_written: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    signs: tuple[str, ...] = ()

    @property
    def points_text(self) -> str:
        """The rule's own point list as written, ranges with an en dash (BL31–BL34)."""
        return ", ".join(
            p.replace("-", "–") if _RANGE.match(p) else p for p in self.points_as_written
        )


@dataclass(frozen=True)
class Parameters:
    """Thresholds, in the units the treatment is recorded in."""

    bleeding_max_gauge: int  # 1/100 mm
    deep_needling: int  # 1/10 mm
    thoracic_max_depth: int  # 1/10 mm
    thoracic_safe_angles: frozenset[str]
    no_improvement_weeks: int


@dataclass(frozen=True)
class RuleBook:
    """Every rule, region, herb and threshold from the rules file."""

    rules: tuple[Rule, ...]
    regions: Mapping[str, Region]
    herbs: tuple[Herb, ...]
    parameters: Parameters

    def rule(self, code: str) -> Rule:
        """The rule with this code; KeyError if there is none."""
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def points_of(self, rule: Rule) -> frozenset[str]:
        """Every point code a rule names, its ranges and regions expanded."""
        points = {code for written in rule.points_as_written for code in expand_points(written)}
        for name in rule.regions:
            points |= self.regions[name].points
        return frozenset(points)


def mm(value: int, per_mm: int) -> str:
    """A gauge (per_mm=100) or depth (per_mm=10) as millimetres: ``0.25 mm``, ``12 mm``."""
    return f"{value / per_mm:.2f} mm" if per_mm == 100 else f"{value / per_mm:g} mm"


def threshold_values(book: RuleBook) -> dict[str, str]:
    """The thresholds as the templates quote them."""
    p = book.parameters
    return {"max_gauge": mm(p.bleeding_max_gauge, 100), "max_depth": mm(p.thoracic_max_depth, 10)}


def expand_points(written: str) -> list[str]:
    """``BL31-BL34`` -> BL31, BL32, BL33, BL34; a single code as it is."""
    match = _RANGE.match(written)
    if not match:
        return [written]
    first_meridian, first, last_meridian, last = match.groups()
    if first_meridian != last_meridian or int(first) > int(last):
        raise RuleDataError(f"Point range {written!r} must run up one meridian")
    return [f"{first_meridian}{n}" for n in range(int(first), int(last) + 1)]


def _text(entry: Mapping[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise RuleDataError(f"{where}: {key!r} must be a non-empty text")
    return value


def _strings(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleDataError(f"{where}: {key!r} must be a list of texts")
    return tuple(value)


def _regions(data: Mapping[str, Any]) -> dict[str, Region]:
    raw = data.get("regions", {})
    regions: dict[str, Region] = {}
    for name, entry in raw.items():
        where = f"region {name}"
        limb = _text(entry, "limb", where)
        if limb not in set(BodyPart):
            raise RuleDataError(f"{where}: limb must be one of {', '.join(BodyPart)}")
        points = {c for w in _strings(entry, "points", where) for c in expand_points(w)}
        for included in _strings(entry, "includes", where):
            if included not in raw or raw[included].get("includes"):
                raise RuleDataError(f"{where}: includes {included!r}, not a region with points")
            points |= {c for w in raw[included].get("points", []) for c in expand_points(w)}
        if not points:
            raise RuleDataError(f"{where} has no points")
        words = tuple(w.casefold() for w in _strings(entry, "words", where))
        regions[name] = Region(name, BodyPart(limb), words, frozenset(points))
    return regions


def _check_template(text: str, allowed: frozenset[str], where: str) -> None:
    try:
        names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise RuleDataError(f"{where}: unbalanced braces in {text!r}") from error
    unknown = sorted(names - allowed)
    if unknown:
        raise RuleDataError(f"{where}: unknown value {{{unknown[0]}}} in {text!r}")


def _rule(
    entry: Mapping[str, Any], kind: Literal["treatment", "red_flag"], defaults: Mapping[str, Any]
) -> Rule:
    where = f"rule {entry.get('code', '?')}"
    level = _text(entry, "level", where)
    if level not in set(FindingLevel):
        raise RuleDataError(f"{where}: level must be one of {', '.join(LEVELS)}")
    may_disable = entry.get("may_disable", False)
    if not isinstance(may_disable, bool):
        raise RuleDataError(f"{where}: may_disable must be true or false")
    if may_disable and level in ALWAYS_ON_LEVELS:
        raise RuleDataError(f"{where}: a {level} rule cannot be switched off by a clinic")
    rule = Rule(
        code=_text(entry, "code", where),
        kind=kind,
        level=FindingLevel(level),
        may_disable=may_disable,
        title=_text(entry, "title", where),
        explanation=_text(entry, "explanation", where),
        guidance=_text(entry, "guidance", where, defaults.get("guidance")),
        source=_text(entry, "source", where),
        banner=_text(entry, "banner", where, ""),
        points_as_written=_strings(entry, "points", where),
        regions=_strings(entry, "regions", where),
        signs=_strings(entry, "signs", where),
    )
    for template in (rule.explanation, rule.guidance):
        _check_template(template, TEMPLATE_FIELDS, where)
    _check_template(rule.banner, BANNER_FIELDS, f"{where} banner")
    return rule


def _parameters(data: Mapping[str, Any]) -> Parameters:
    raw = data.get("parameters", {})
    try:
        return Parameters(
            bleeding_max_gauge=round(float(raw["bleeding_max_gauge_mm"]) * 100),
            deep_needling=round(float(raw["deep_needling_mm"]) * 10),
            thoracic_max_depth=round(float(raw["thoracic_max_depth_mm"]) * 10),
            thoracic_safe_angles=frozenset(raw["thoracic_safe_angles"]),
            no_improvement_weeks=int(raw["no_improvement_weeks"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RuleDataError(f"parameters: missing or not a number: {error}") from error


def parse_rule_book(data: Mapping[str, Any]) -> RuleBook:
    """A rule book from the parsed TOML; RuleDataError says what is inconsistent."""
    regions = _regions(data)
    defaults = data.get("red_flag_defaults", {})
    rules = [_rule(e, "treatment", {}) for e in data.get("rules", [])]
    rules += [_rule(e, "red_flag", defaults) for e in data.get("red_flags", [])]
    codes = [r.code for r in rules]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise RuleDataError(f"Rule codes used twice: {', '.join(duplicates)}")
    for rule in rules:
        unknown = [name for name in rule.regions if name not in regions]
        if unknown:
            raise RuleDataError(f"rule {rule.code}: unknown regions {', '.join(unknown)}")
        for written in rule.points_as_written:
            expand_points(written)
    herbs = tuple(
        Herb(_text(h, "name", "herb"), _strings(h, "names", f"herb {h.get('name')}"))
        for h in data.get("herbs", [])
    )
    return RuleBook(tuple(rules), MappingProxyType(regions), herbs, _parameters(data))


def load_rule_book(path: Path) -> RuleBook:
    """Read and check a rules file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise RuleDataError(f"Cannot read the safety rules at {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise RuleDataError(f"The safety rules at {path} are not valid TOML: {error}") from error
    return parse_rule_book(data)


def rules_path() -> Path:
    """Where the shipped rules file is."""
    return resources_dir() / "safety" / "rules.toml"


@cache
def rule_book() -> RuleBook:
    """The shipped rules, read on first use."""
    return load_rule_book(rules_path())
