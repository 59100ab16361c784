"""The shipped resources: reference data with its licence, and the Chinese font."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from wristcare.config import resources_dir

RESOURCES = resources_dir()


def _hanzi() -> set[str]:
    with (RESOURCES / "reference" / "acupoints.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 361
    return {ch for row in rows for ch in row["hanzi_traditional"] + row["hanzi_simplified"]}


def test_resources_are_found_from_the_package() -> None:
    assert Path(__file__).resolve().parents[1] / "resources" == RESOURCES


def test_reference_data_keeps_its_licence_notice() -> None:
    notice = (RESOURCES / "reference" / "SOURCE.md").read_text(encoding="utf-8")
    assert "MIT License" in notice
    assert "Copyright (c) 2024 smtifahim" in notice


def test_font_has_its_licence_beside_it() -> None:
    fonts = RESOURCES / "fonts"
    assert "Apache License" in (fonts / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Droid Sans Fallback" in (fonts / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def han_font() -> TTFont:
    return TTFont("WristCareHan", str(RESOURCES / "fonts" / "wristcare-han.ttf"))


def test_font_covers_every_point_name(han_font: TTFont) -> None:
    covered = han_font.face.charToGlyph
    missing = sorted(ch for ch in _hanzi() if ord(ch) not in covered)
    assert missing == []


@pytest.mark.parametrize("text", ["大陵", "內關", "内关", "兪", "靑", "瘂", "王小明", "，。"])
def test_font_covers_names_and_everyday_chinese(han_font: TTFont, text: str) -> None:
    assert all(ord(ch) in han_font.face.charToGlyph for ch in text)
