"""The home-care library shipped with WristCare: splint, advice, exercises and self-massage.

The items are data in ``resources/homecare/items.toml`` with one SVG illustration each.
They are read and checked here, so a damaged or hand-edited file is refused with a message
that names the item and the field, never half-loaded.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from wristcare.config import resources_dir
from wristcare.errors import WristCareError

HomeCareKind = Literal[
    "exercise", "splint", "ergonomic", "self-massage", "supplement", "heat", "other"
]
KINDS: tuple[HomeCareKind, ...] = (
    "exercise", "splint", "ergonomic", "self-massage", "supplement", "heat", "other"
)  # fmt: skip
# Where a library item comes from: shipped in resources/, or the clinic's own (database).
SHIPPED = "shipped"
CLINIC = "clinic"
LIBRARY_FILE = "items.toml"
# Keys are kept in plans for good: plain, lower-case and stable.
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

_RANGE_FIELDS = ("hold_seconds", "repetitions", "times_a_day", "weeks")
_KNOWN_FIELDS = {
    "key",
    "kind",
    "title",
    "summary",
    "steps",
    "stop_rules",
    "illustration",
    "each_side",
    *_RANGE_FIELDS,
}
# Sensible upper limits: a typo such as 300 repetitions is refused, not printed.
_RANGE_LIMITS = {"hold_seconds": 300, "repetitions": 50, "times_a_day": 12, "weeks": 52}


class HomeCareLibraryError(WristCareError):
    """The shipped home-care library is missing or damaged."""


@dataclass(frozen=True, slots=True)
class DoseRange:
    """A dose as the library gives it: ``low`` to ``high`` (equal for a fixed dose)."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low} to {self.high}"


@dataclass(frozen=True, slots=True)
class HomeCareLibraryItem:
    """One library item, checked: every text present, every dose a sensible range."""

    key: str
    kind: HomeCareKind
    title: str
    summary: str
    steps: tuple[str, ...]
    stop_rules: tuple[str, ...]
    illustration: str
    hold_seconds: DoseRange | None = None
    repetitions: DoseRange | None = None
    times_a_day: DoseRange | None = None
    weeks: DoseRange | None = None
    each_side: bool = False
    source: str = SHIPPED
    version: int | None = None  # the clinic's own items: what an edit must start from
    caution: str = ""  # printed with the item (the clinic's own items)
    overrides_shipped: bool = False  # a clinic item saved under a shipped item's key


def homecare_dir() -> Path:
    """The folder holding the library file and its illustrations.

    The one place that knows where the home-care resources live.
    """
    return resources_dir() / "homecare"


def illustration_path(name: str) -> Path:
    """The path of an illustration file named in the library (``tendon_gliding.svg``)."""
    if Path(name).name != name or not name.endswith(".svg"):
        raise HomeCareLibraryError(f"Illustration {name!r} is not an SVG file name")
    return homecare_dir() / name


def load_homecare_library(path: Path | None = None) -> tuple[HomeCareLibraryItem, ...]:
    """Read and check the home-care library (the shipped one unless ``path`` is given).

    Raises HomeCareLibraryError naming the item and field at fault.
    """
    path = path or homecare_dir() / LIBRARY_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise HomeCareLibraryError(f"Cannot read the home-care library {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise HomeCareLibraryError(f"The home-care library {path} is damaged: {error}") from None
    entries = raw.get("item")
    if not isinstance(entries, list) or not entries:
        raise HomeCareLibraryError(f"The home-care library {path} lists no items")
    items = tuple(_item(entry, position) for position, entry in enumerate(entries, 1))
    seen: set[str] = set()
    for item in items:
        if item.key in seen:
            raise HomeCareLibraryError(f"Home-care item key {item.key!r} is used twice")
        seen.add(item.key)
        if not (path.parent / item.illustration).is_file():
            raise HomeCareLibraryError(
                f"Home-care item {item.key!r}: illustration {item.illustration} is missing"
            )
    return items


@cache
def homecare_library() -> tuple[HomeCareLibraryItem, ...]:
    """The shipped library, read once."""
    return load_homecare_library()


def homecare_item(key: str) -> HomeCareLibraryItem:
    """The shipped library item with this key; HomeCareLibraryError if there is none."""
    for item in homecare_library():
        if item.key == key:
            return item
    raise HomeCareLibraryError(f"There is no home-care item {key!r} in the library")


def _item(entry: object, position: int) -> HomeCareLibraryItem:
    if not isinstance(entry, Mapping):
        raise HomeCareLibraryError(f"Home-care item {position} is not a table")
    name = entry.get("key") if isinstance(entry.get("key"), str) else f"number {position}"

    def fail(field: str, problem: str) -> HomeCareLibraryError:
        return HomeCareLibraryError(f"Home-care item {name!r}, {field}: {problem}")

    unknown = sorted(set(entry) - _KNOWN_FIELDS)
    if unknown:
        raise fail(unknown[0], "not a known field")

    def text(field: str) -> str:
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip():
            raise fail(field, "missing or empty")
        return value.strip()

    def lines(field: str) -> tuple[str, ...]:
        value = entry.get(field)
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            raise fail(field, "must be a list of one or more sentences")
        if not all(isinstance(line, str) and line.strip() for line in value):
            raise fail(field, "has an empty or non-text line")
        return tuple(line.strip() for line in value)

    def dose(field: str) -> DoseRange | None:
        value = entry.get(field)
        if value is None:
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(type(number) is int for number in value)
        ):
            raise fail(field, "must be [low, high], two whole numbers")
        low, high = value
        if not 1 <= low <= high <= _RANGE_LIMITS[field]:
            raise fail(field, f"must be 1 to {_RANGE_LIMITS[field]}, low first")
        return DoseRange(low, high)

    if not _KEY.match(text("key")):
        raise fail("key", "use lower-case letters, digits and _ only")
    kind = text("kind")
    if kind not in KINDS:
        raise fail("kind", f"must be one of {', '.join(KINDS)}")
    each_side = entry.get("each_side", False)
    if not isinstance(each_side, bool):
        raise fail("each_side", "must be true or false")
    illustration = text("illustration")
    try:
        illustration_path(illustration)
    except HomeCareLibraryError as error:
        raise fail("illustration", error.message) from None
    item = HomeCareLibraryItem(
        key=text("key"),
        kind=kind,
        title=text("title"),
        summary=text("summary"),
        steps=lines("steps"),
        stop_rules=lines("stop_rules"),
        illustration=illustration,
        hold_seconds=dose("hold_seconds"),
        repetitions=dose("repetitions"),
        times_a_day=dose("times_a_day"),
        weeks=dose("weeks"),
        each_side=each_side,
    )
    if item.kind == "exercise" and (item.hold_seconds is None or item.repetitions is None):
        raise fail("hold_seconds", "an exercise needs a hold time and repetitions")
    return item
