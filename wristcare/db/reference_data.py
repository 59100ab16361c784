"""Loading the reference tables from resources/ (first run and every upgrade).

The load is idempotent: rows are matched on their code, changed rows are updated, new
rows added, and rows a clinic may already be using are never deleted.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.config import resources_dir
from wristcare.db.engine import Database
from wristcare.db.models import Acupoint

# WHO meridian order, the order practitioners expect to browse the points in.
MERIDIAN_ORDER = (
    "LU",
    "LI",
    "ST",
    "SP",
    "HT",
    "SI",
    "BL",
    "KI",
    "PC",
    "TE",
    "GB",
    "LR",
    "GV",
    "CV",
)


def reference_dir() -> Path:
    return resources_dir() / "reference"


def _read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def acupoint_rows(folder: Path | None = None) -> list[dict[str, object]]:
    """The acupoints as column dicts: the 361 WHO points, then the extra points."""
    folder = folder or reference_dir()
    rows: list[dict[str, object]] = []
    for row in _read_csv(folder / "acupoints.csv"):
        meridian = row["meridian"]
        number = int(row["number"])
        rows.append(
            {
                "code": row["code"],
                "meridian": meridian,
                "number": number,
                "pinyin": row["pinyin"],
                "hanzi_traditional": row["hanzi_traditional"],
                "hanzi_simplified": row["hanzi_simplified"],
                "english": row.get("english", "") or "",
                "other_codes": "",
                "other_names": "",
                "is_extra": False,
                "sort_key": MERIDIAN_ORDER.index(meridian) * 1000 + number,
            }
        )
    for index, row in enumerate(_read_csv(folder / "extra_acupoints.csv")):
        rows.append(
            {
                "code": row["code"] or None,
                "meridian": "",
                "number": None,
                "pinyin": row["pinyin"],
                "hanzi_traditional": "",
                "hanzi_simplified": "",
                "english": "",
                "other_codes": row["other_codes"],
                "other_names": row["other_names"],
                "is_extra": True,
                "sort_key": 100_000 + index,
            }
        )
    return rows


def _identity(values: dict[str, object]) -> str:
    # Extra points without a WHO code are matched on their pinyin name.
    return str(values["code"] or f"~{values['pinyin']}")


def _changes(db: DbSession, wanted: list[dict[str, object]]) -> list[tuple[Acupoint | None, dict]]:
    """(existing row or None, wanted values) for every row that is missing or differs."""
    existing = {
        _identity({"code": point.code, "pinyin": point.pinyin}): point
        for point in db.scalars(select(Acupoint))
    }
    changes = []
    for values in wanted:
        point = existing.get(_identity(values))
        if point is None or any(getattr(point, key) != value for key, value in values.items()):
            changes.append((point, values))
    return changes


def load_reference_data(database: Database) -> int:
    """Insert or update the acupoint table from resources/; returns rows changed.

    Looks before it writes, so opening an up-to-date database takes no write lock.
    """
    wanted = acupoint_rows()
    with database.read() as db:
        if not _changes(db, wanted):
            return 0
    with database.transaction() as db:
        changes = _changes(db, wanted)
        for point, values in changes:
            if point is None:
                db.add(Acupoint(**values))
            else:
                for key, value in values.items():
                    setattr(point, key, value)
        return len(changes)
