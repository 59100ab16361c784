"""The acupoint table is loaded from resources/ on first run and kept in step on upgrade."""

from __future__ import annotations

import csv
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import func, select

from wristcare.db.engine import Database
from wristcare.db.models import Acupoint
from wristcare.db.reference_data import (
    MERIDIAN_ORDER,
    acupoint_rows,
    load_reference_data,
    reference_dir,
)


def _count(database: Database, *, extra: bool) -> int:
    with database.read() as db:
        return int(db.scalar(select(func.count(Acupoint.id)).where(Acupoint.is_extra == extra)))


def _point(database: Database, code: str) -> SimpleNamespace:
    """The point's columns as plain values (ORM objects expire when the read ends)."""
    with database.read() as db:
        point = db.scalar(select(Acupoint).where(Acupoint.code == code))
        assert point is not None, code
        return SimpleNamespace(**{c.key: getattr(point, c.key) for c in Acupoint.__table__.c})


def test_upgrade_loads_361_who_points_and_43_extra_points(database: Database) -> None:
    assert _count(database, extra=False) == 361
    assert _count(database, extra=True) == 43


def test_every_meridian_is_complete(database: Database) -> None:
    expected = {"LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
                "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24}  # fmt: skip
    with database.read() as db:
        rows = db.execute(select(Acupoint.meridian, Acupoint.number, Acupoint.code)).all()
    for meridian, size in expected.items():
        numbers = sorted(r.number for r in rows if r.meridian == meridian)
        assert numbers == list(range(1, size + 1)), meridian
    assert all(r.code == f"{r.meridian}{r.number}" for r in rows if r.meridian)
    assert set(MERIDIAN_ORDER) == set(expected)


def test_loading_again_changes_nothing(database: Database) -> None:
    assert load_reference_data(database) == 0
    assert _count(database, extra=False) + _count(database, extra=True) == 404


def test_pc7_is_daling(database: Database) -> None:
    point = _point(database, "PC7")
    assert point.pinyin == "Daling"
    assert point.hanzi_traditional == "大陵"
    assert point.hanzi_simplified == "大陵"
    assert point.meridian == "PC" and point.number == 7 and not point.is_extra


def test_traditional_and_simplified_differ_where_they_should(database: Database) -> None:
    point = _point(database, "PC6")
    assert point.hanzi_traditional == "內關"
    assert point.hanzi_simplified == "内关"


def test_extra_points_keep_their_old_codes(database: Database) -> None:
    yintang = _point(database, "EX-HN3")
    assert yintang.pinyin == "Yintang"
    assert yintang.other_codes == "M-HN3"
    assert yintang.is_extra
    with database.read() as db:
        codeless = db.scalars(select(Acupoint.is_extra).where(Acupoint.code.is_(None))).all()
    assert codeless == [True] * 11


def test_browse_order_follows_the_meridians(database: Database) -> None:
    with database.read() as db:
        codes = list(db.scalars(select(Acupoint.code).order_by(Acupoint.sort_key)))
    assert codes[:3] == ["LU1", "LU2", "LU3"]
    assert codes.index("LU11") < codes.index("LI1") < codes.index("ST1")
    assert codes.index("CV24") == 360
    assert codes[361] == "EX-HN5"  # extra points follow in their file's order


def test_a_changed_row_is_corrected_by_a_reload(database: Database) -> None:
    with database.transaction() as db:
        point = db.scalar(select(Acupoint).where(Acupoint.code == "PC7"))
        assert point is not None
        point.pinyin = "Dalling (typo)"
        point.hanzi_simplified = ""
        codeless = db.scalar(select(Acupoint).where(Acupoint.pinyin == "Shanglianquan"))
        assert codeless is not None
        codeless.other_names = "edited by hand"

    assert load_reference_data(database) == 2

    point = _point(database, "PC7")
    assert (point.pinyin, point.hanzi_simplified) == ("Daling", "大陵")
    with database.read() as db:
        restored = db.scalar(select(Acupoint.other_names).where(Acupoint.pinyin == "Shanglianquan"))
    assert restored == ""
    assert load_reference_data(database) == 0


def test_a_missing_row_is_added_back_and_ids_in_use_stay(database: Database) -> None:
    before = _point(database, "LI4").id
    with database.transaction() as db:
        point = db.scalar(select(Acupoint).where(Acupoint.code == "TE5"))
        db.delete(point)

    assert load_reference_data(database) == 1

    assert _point(database, "TE5").pinyin == "Waiguan"
    assert _point(database, "LI4").id == before


def test_rows_match_the_files(tmp_path: Path) -> None:
    rows = acupoint_rows()
    with (reference_dir() / "acupoints.csv").open(encoding="utf-8", newline="") as handle:
        who = list(csv.DictReader(handle))
    assert [r["code"] for r in rows[:361]] == [r["code"] for r in who]
    assert len({r["code"] for r in rows if r["code"]}) == 361 + 32
