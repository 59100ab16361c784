"""Finding the library point a practitioner means: code, alias, pinyin or characters."""

from __future__ import annotations

import contextlib
import unicodedata

from sqlalchemy import or_, select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.acupoints import (
    PointInfo,
    list_points,
    point_info,
    point_matches,
    resolve_point_code,
)
from wristcare.clinic.errors import UnknownPointError
from wristcare.clinic.text import fold
from wristcare.db.engine import Database
from wristcare.db.models import Acupoint


def _pinyin_key(text: str) -> str:
    """Pinyin compared without tones, case, spaces or hyphens (Nei Guan = neiguan)."""
    return "".join(ch for ch in fold(text) if ch.isalnum())


def resolve_in(db: DbSession, text: str) -> Acupoint:
    """The library point for ``text`` inside an open unit of work.

    A code or alias (PC7, SJ5, Du20, M-HN20a) wins; otherwise an exact pinyin (tones and
    spacing ignored) or exact characters, traditional or simplified. Several points with
    one name (there are some) are reported, not guessed.
    """
    typed = unicodedata.normalize("NFC", text).strip()
    try:
        code = resolve_point_code(typed)
    except UnknownPointError:
        code = None
    if code is not None:
        point = db.scalar(select(Acupoint).where(Acupoint.code == code))
        if point is not None:
            return point
    if not typed:
        raise UnknownPointError("No point given")
    matches = list(
        db.scalars(
            select(Acupoint).where(
                or_(Acupoint.hanzi_traditional == typed, Acupoint.hanzi_simplified == typed)
            )
        )
    )
    if not matches:
        key = _pinyin_key(typed)
        if key:
            matches = [
                point
                for point in db.scalars(select(Acupoint))
                if _pinyin_key(point.pinyin) == key
                or (
                    point.other_codes
                    and key in {_pinyin_key(c) for c in point.other_codes.split(",")}
                )
            ]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        codes = ", ".join(sorted(p.code or p.pinyin for p in matches))
        raise UnknownPointError(f"{typed!r} names more than one point ({codes}): type the code")
    if code is not None:
        raise UnknownPointError(f"{code} is not in the point library")
    raise UnknownPointError(
        f"No point called {typed[:24]!r}: type a code (PC7), pinyin or characters"
    )


def resolve_many(db: DbSession, texts: list[str]) -> dict[str, Acupoint | UnknownPointError]:
    """Each typed point resolved (or the error saying why not), codes in one query."""
    codes: dict[str, str] = {}
    for typed in texts:
        with contextlib.suppress(UnknownPointError):
            codes[typed] = resolve_point_code(typed)
    found = {
        point.code: point
        for point in db.scalars(select(Acupoint).where(Acupoint.code.in_(set(codes.values()))))
    }
    resolved: dict[str, Acupoint | UnknownPointError] = {}
    for typed in texts:
        point = found.get(codes.get(typed, ""))
        if point is None:
            try:
                point = resolve_in(db, typed)
            except UnknownPointError as error:
                resolved[typed] = error
                continue
        resolved[typed] = point
    return resolved


def resolve_point(database: Database, text: str) -> PointInfo:
    """The library point a practitioner typed (code, alias, pinyin or characters)."""
    with database.read() as db:
        point = resolve_in(db, text)
        return point_info(point)


def suggest_points(database: Database, text: str, limit: int = 10) -> list[PointInfo]:
    """Points that fit what has been typed so far, for a completer in the note editor."""
    return [point for point in list_points(database) if point_matches(point, text)][:limit]
