"""Fonts for WristCare's PDFs: DejaVu Sans for Latin text, WristCare Han for Chinese.

WristCare Han has Chinese characters only, and DejaVu Sans none, so text is cut into runs
and each run set in the font that has its characters. Both files ship in
``resources/fonts`` and are embedded (subset) in every PDF, so the handout looks the same
on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from wristcare.config import resources_dir

LATIN = "WristCareSans"
LATIN_BOLD = "WristCareSans-Bold"
HAN = "WristCareHan"
_FILES = {
    LATIN: "DejaVuSans.ttf",
    LATIN_BOLD: "DejaVuSans-Bold.ttf",
    HAN: "wristcare-han.ttf",
}


@dataclass(frozen=True, slots=True)
class PdfFonts:
    """The registered fonts and which characters each one has."""

    latin: frozenset[int]
    han: frozenset[int]

    def font_for(self, char: str, latin_font: str) -> str:
        code = ord(char)
        if code in self.latin or code not in self.han:
            # A character neither font has stays Latin (and shows as DejaVu's box):
            # swapping it silently for something else would change a name.
            return latin_font
        return HAN

    def runs(self, text: str, latin_font: str = LATIN) -> list[tuple[str, str]]:
        """``text`` cut into (font name, text) runs."""
        if text.isascii():  # the common case, and DejaVu has every ASCII character
            return [(latin_font, text)] if text else []
        runs: list[tuple[str, str]] = []
        for char in text:
            # Spaces are set in the Latin font: the Han font's space is as wide as a
            # Chinese character.
            font = self.font_for(char, latin_font)
            if runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def markup(self, text: str) -> str:
        """``text`` as Paragraph markup: escaped, with Chinese runs in the Han font."""
        return "".join(
            escape(chunk) if font != HAN else f'<font face="{HAN}">{escape(chunk)}</font>'
            for font, chunk in self.runs(text)
        )

    def width(self, text: str, size: float, latin_font: str = LATIN) -> float:
        """The width of ``text`` set in runs, in points."""
        return sum(
            pdfmetrics.stringWidth(chunk, font, size) for font, chunk in self.runs(text, latin_font)
        )


@cache
def pdf_fonts() -> PdfFonts:
    """Register the fonts with ReportLab (once) and return their character sets."""
    folder = resources_dir() / "fonts"
    faces = {}
    for name, filename in _FILES.items():
        font = TTFont(name, str(folder / filename))
        pdfmetrics.registerFont(font)
        faces[name] = font.face
    # So that <b> in a paragraph finds the bold face, and a Chinese run inside <b> keeps
    # the only Han face there is.
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD
    )
    pdfmetrics.registerFontFamily(HAN, normal=HAN, bold=HAN, italic=HAN, boldItalic=HAN)
    return PdfFonts(
        latin=frozenset(faces[LATIN].charToGlyph),
        han=frozenset(faces[HAN].charToGlyph),
    )
