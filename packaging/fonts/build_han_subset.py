"""Build resources/fonts/wristcare-han.ttf: the Chinese characters WristCare needs.

A developer tool, run by hand when the character list changes; the app only reads the
result. Source: Droid Sans Fallback (Apache-2.0) from Debian's fonts-droid-fallback,
a TrueType font, so the subset serves both Qt and ReportLab (which cannot use CFF).

    apt-get install fonts-droid-fallback
    pip install fonttools
    python packaging/fonts/build_han_subset.py [SOURCE.ttf]

Kept: every character of the acupoint names (traditional and simplified), all of
GB2312 (the 6,763 common simplified characters, so typed Chinese in notes shows too),
CJK punctuation and full-width forms. The family is renamed because "Droid" is a
trademark and this is a modified version.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
TARGET = ROOT / "resources" / "fonts" / "wristcare-han.ttf"
FAMILY = "WristCare Han"


def gb2312_characters() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def acupoint_characters() -> set[str]:
    chars: set[str] = set()
    with (ROOT / "resources" / "reference" / "acupoints.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            chars.update(row["hanzi_traditional"] + row["hanzi_simplified"])
    return chars


def wanted_codepoints() -> set[int]:
    chars = gb2312_characters() | acupoint_characters()
    points = {ord(c) for c in chars}
    points |= set(range(0x3000, 0x3040))  # CJK punctuation
    points |= set(range(0xFF00, 0xFFF0))  # full-width forms
    return points


def rename(font: TTFont) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (3, 4):
            record.string = f"{FAMILY} Regular"
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + "-Regular"
        elif record.nameID == 5:
            record.string = f"{record.toUnicode()}; subset for WristCare"


def main(source: Path = SOURCE) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted_codepoints()))
    subsetter.subset(font)
    rename(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    missing = sorted(c for c in acupoint_characters() if ord(c) not in font.getBestCmap())
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
    if missing:
        print("missing acupoint characters:", "".join(missing))
        sys.exit(1)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
