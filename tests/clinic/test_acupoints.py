"""Point codes as practitioners write them, and the library's lookup and filter."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wristcare.clinic.acupoints import (
    PointInfo,
    list_points,
    point_matches,
    resolve_point_code,
)
from wristcare.clinic.errors import UnknownPointError
from wristcare.clinic.sessions.points import resolve_point
from wristcare.config import resources_dir
from wristcare.db.engine import Database


def _who_codes() -> list[tuple[str, str, int]]:
    path = resources_dir() / "reference" / "acupoints.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["code"], r["meridian"], int(r["number"])) for r in csv.DictReader(handle)]


WHO_CODES = _who_codes()


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("LU9", "LU9"),
        ("LU 9", "LU9"),
        ("lu9", "LU9"),
        ("Lu-9", "LU9"),
        ("  lu 09 ", "LU9"),
        ("TW5", "TE5"),
        ("SJ5", "TE5"),
        ("TB5", "TE5"),
        ("te5", "TE5"),
        ("UB60", "BL60"),
        ("Du20", "GV20"),
        ("GV 20", "GV20"),
        ("Ren12", "CV12"),
        ("RN12", "CV12"),
        ("LV3", "LR3"),
        ("Liv3", "LR3"),
        ("P6", "PC6"),
        ("PC7", "PC7"),
        ("EX-UE9", "EX-UE9"),
        ("ex ue 9", "EX-UE9"),
        ("EXUE9", "EX-UE9"),
        ("ex-hn3", "EX-HN3"),
        ("M-HN3", "M-HN3"),
        ("m-hn20a", "M-HN20a"),
        ("ＰＣ７", "PC7"),  # typed with a Chinese input method in full-width mode
    ],
)
def test_resolve_point_code(written: str, code: str) -> None:
    assert resolve_point_code(written) == code


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("XX5", "Unknown meridian 'XX'"),
        ("LU12", "LU has points 1 to 11; there is no LU12"),
        ("LU0", "there is no LU0"),
        ("CV25", "CV has points 1 to 24"),
        ("", "No point code given"),
        ("   ", "No point code given"),
        ("hello there", "is not a point code"),
        ("9", "is not a point code"),
        ("LU9; drop table", "is not a point code"),
        ("EX-QQ3", "Unknown extra-point region 'QQ'"),
        ("LU" + "1" * 5000, "there is no LU"),
    ],
)
def test_unresolvable_codes_say_what_is_wrong(written: str, words: str) -> None:
    with pytest.raises(UnknownPointError) as caught:
        resolve_point_code(written)
    assert words in caught.value.message


def test_who_table_matches_the_meridian_sizes() -> None:
    assert len(WHO_CODES) == 361
    for code, meridian, number in WHO_CODES:
        assert code == f"{meridian}{number}"


@given(
    point=st.sampled_from(WHO_CODES),
    upper=st.lists(st.booleans(), min_size=2, max_size=2),
    separator=st.sampled_from(["", " ", "-"]),
    padding=st.sampled_from(["", " ", "\t"]),
)
def test_every_who_code_resolves_to_itself(
    point: tuple[str, str, int], upper: list[bool], separator: str, padding: str
) -> None:
    code, meridian, number = point
    letters = "".join(c.upper() if up else c.lower() for c, up in zip(meridian, upper, strict=True))
    written = f"{padding}{letters}{separator}{number}{padding}"
    assert resolve_point_code(written) == code


@given(st.text(max_size=30))
def test_any_text_resolves_or_says_why(text: str) -> None:
    try:
        code = resolve_point_code(text)
    except UnknownPointError as error:
        assert error.message
    else:
        assert code == resolve_point_code(code)  # a resolved code is canonical


# --- the library in the database -------------------------------------------------------


def test_resolve_point_by_code(database: Database) -> None:
    point = resolve_point(database, "pc 7")
    assert (point.code, point.pinyin, point.hanzi_traditional) == ("PC7", "Daling", "大陵")


@pytest.mark.parametrize(
    ("written", "code", "pinyin"),
    [
        ("M-HN3", "EX-HN3", "Yintang"),
        ("m-hn20a", "EX-HN12", "Jinjing"),
        ("M-HN20b", "EX-HN13", "Yuye"),
        ("M-HN21", "", "Shanglianquan"),  # an extra point with no EX code
        ("N-HN54", "", "Anmian"),
    ],
)
def test_resolve_point_by_older_code(
    database: Database, written: str, code: str, pinyin: str
) -> None:
    point = resolve_point(database, written)
    assert (point.code, point.pinyin) == (code, pinyin)


@pytest.mark.parametrize("written", ["EX-HN99", "M-HN99", "ZZ1"])
def test_resolve_point_unknown(database: Database, written: str) -> None:
    with pytest.raises(UnknownPointError):
        resolve_point(database, written)


def test_list_points_order(database: Database) -> None:
    points = list_points(database)
    assert len(points) == 404
    assert points[0].code == "LU1"
    assert all(not p.is_extra for p in points[:361])
    assert all(p.is_extra for p in points[361:])


@pytest.fixture(scope="module")
def library(template_db) -> list[PointInfo]:  # type: ignore[no-untyped-def]
    """The whole library as plain objects, read once: point_matches is a pure function."""
    database = Database(f"sqlite:///{template_db}")
    try:
        return list_points(database)
    finally:
        database.dispose()


def _matching(library: list[PointInfo], query: str) -> set[str]:
    return {p.code or p.pinyin for p in library if point_matches(p, query)}


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("pc7", {"PC7"}),
        ("PC 7", {"PC7"}),
        ("大陵", {"PC7"}),
        ("daling", {"PC7"}),
        ("DaLing", {"PC7"}),
        ("Dàlíng", {"PC7"}),
        ("内关", {"PC6"}),  # simplified
        ("內關", {"PC6"}),  # traditional
        ("lu1", {"LU1"}),
        ("sj5", {"TE5"}),
        ("m-hn3", {"EX-HN3"}),
        ("yingtang", {"EX-HN3"}),  # another name
        ("baxie", {"EX-UE9"}),
        ("shang lian quan", {"Shanglianquan"}),
    ],
)
def test_point_matches(library: list[PointInfo], query: str, codes: set[str]) -> None:
    assert _matching(library, query) == codes


def test_partial_code_matches_many(library: list[PointInfo]) -> None:
    found = _matching(library, "lu")
    assert {f"LU{n}" for n in range(1, 12)} <= found


def test_empty_filter_matches_everything(library: list[PointInfo]) -> None:
    assert len(_matching(library, "  ")) == len(library)


def test_hanzi_shows_both_forms_when_they_differ(library: list[PointInfo]) -> None:
    by_code = {p.code: p for p in library}
    assert by_code["PC6"].hanzi == "內關 (内关)"
    assert by_code["PC7"].hanzi == "大陵"
