"""The acupoint library: resolving codes as practitioners write them, and browsing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select

from wristcare.clinic.errors import UnknownPointError
from wristcare.clinic.text import fold
from wristcare.db.engine import Database
from wristcare.db.models import Acupoint

# Points per meridian in the WHO standard.
MERIDIAN_SIZES = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip

# Older and regional codes seen in notes and textbooks.
MERIDIAN_ALIASES = {
    "TW": "TE", "SJ": "TE", "TB": "TE", "UB": "BL", "B": "BL", "LV": "LR", "LIV": "LR",
    "DU": "GV", "REN": "CV", "RN": "CV", "P": "PC", "HE": "HT", "H": "HT", "K": "KI",
    "KID": "KI", "SPL": "SP",
}  # fmt: skip

EXTRA_REGIONS = ("HN", "B", "CA", "UE", "LE")

# ASCII only: NFKC (below) has already turned full-width and other digits into 0-9.
_MERIDIAN_CODE = re.compile(r"^([A-Z]+)[\s.\-_]*(\d+)$", re.ASCII)
_EXTRA_CODE = re.compile(r"^(EX|M|N)[\s.\-_]*([A-Z]{1,2})[\s.\-_]*(\d{1,3})([AB]?)$", re.ASCII)
# No meridian has more than 67 points; longer numbers are not worth converting.
_MAX_DIGITS = 3


def _shown(text: str) -> str:
    """What was typed, quoted for a message, and cut short if a whole paste was typed."""
    text = text.strip()
    return repr(text if len(text) <= 24 else text[:24] + "…")


def resolve_point_code(text: str) -> str:
    """The WHO code for a point as written (``lu9``, ``Lu-9``, ``SJ5``, ``Du20``, ``EX-UE9``).

    Full-width letters and digits (a Chinese input method left in full-width mode) are
    read as their ASCII forms. Raises UnknownPointError with a message saying what is
    wrong.
    """
    raw = unicodedata.normalize("NFKC", text).strip().upper()
    if not raw:
        raise UnknownPointError("No point code given")
    extra = _EXTRA_CODE.match(raw)
    if extra:
        prefix, region, number, suffix = extra.groups()
        if prefix == "EX" and region not in EXTRA_REGIONS:
            raise UnknownPointError(
                f"Unknown extra-point region {region!r} in {_shown(text)} "
                f"(regions: {', '.join(EXTRA_REGIONS)})"
            )
        return f"{prefix}-{region}{int(number)}{suffix.lower()}"
    match = _MERIDIAN_CODE.match(raw)
    if not match:
        raise UnknownPointError(f"{_shown(text)} is not a point code (examples: LU9, PC 7, EX-UE9)")
    letters, digits = match.groups()
    meridian = MERIDIAN_ALIASES.get(letters, letters)
    if meridian not in MERIDIAN_SIZES:
        raise UnknownPointError(f"Unknown meridian {letters[:8]!r} in {_shown(text)}")
    size = MERIDIAN_SIZES[meridian]
    number = int(digits) if len(digits) <= _MAX_DIGITS else None
    if number is None or not 1 <= number <= size:
        shown = number if number is not None else f"{digits[:_MAX_DIGITS]}…"
        raise UnknownPointError(f"{meridian} has points 1 to {size}; there is no {meridian}{shown}")
    return f"{meridian}{number}"


@dataclass(frozen=True)
class PointInfo:
    """One point of the library, as the views show it."""

    id: int
    code: str
    meridian: str
    number: int | None
    pinyin: str
    hanzi_traditional: str
    hanzi_simplified: str
    english: str
    other_codes: str
    other_names: str
    is_extra: bool

    @property
    def hanzi(self) -> str:
        """Traditional characters, with the simplified form when it differs."""
        if self.hanzi_simplified and self.hanzi_simplified != self.hanzi_traditional:
            return f"{self.hanzi_traditional} ({self.hanzi_simplified})"
        return self.hanzi_traditional


def point_info(point: Acupoint) -> PointInfo:
    """The plain description of a library point (never the ORM row itself)."""
    return PointInfo(
        id=point.id,
        code=point.code or "",
        meridian=point.meridian,
        number=point.number,
        pinyin=point.pinyin,
        hanzi_traditional=point.hanzi_traditional,
        hanzi_simplified=point.hanzi_simplified,
        english=point.english,
        other_codes=point.other_codes,
        other_names=point.other_names,
        is_extra=point.is_extra,
    )


def _other_codes(text: str) -> set[str]:
    """The comma-separated older codes of a point, upper-cased for comparing."""
    return {c.strip().upper() for c in text.split(",") if c.strip()}


def list_points(database: Database) -> list[PointInfo]:
    """Every point in the library, in WHO meridian order, extra points last."""
    with database.read() as db:
        return [point_info(p) for p in db.scalars(select(Acupoint).order_by(Acupoint.sort_key))]


def point_matches(point: PointInfo, query: str) -> bool:
    """Whether a point fits what was typed in the library's filter box.

    A complete code (``pc7``, ``SJ5``) matches only that point; otherwise the text is
    looked for in the code, pinyin, Chinese characters and other names.
    """
    query = query.strip()
    if not query:
        return True
    try:
        code = resolve_point_code(query)
    except UnknownPointError:
        code = None
    if code is not None:
        return point.code.upper() == code.upper() or code.upper() in _other_codes(point.other_codes)
    needle = fold(query).replace(" ", "")
    haystack = " ".join(
        (
            point.code,
            point.pinyin,
            point.other_codes,
            point.other_names,
            point.english,
        )
    )
    folded = fold(haystack)
    return (
        needle in folded
        or needle in folded.replace(" ", "")
        or query in point.hanzi_traditional
        or query in point.hanzi_simplified
    )
