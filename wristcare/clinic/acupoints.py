"""The acupoint library: resolving codes as practitioners write them, and browsing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from wristcare.clinic.errors import UnknownPointError
from wristcare.clinic.point_codes import resolve_point_code
from wristcare.clinic.text import fold
from wristcare.db.engine import Database
from wristcare.db.models import Acupoint


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
