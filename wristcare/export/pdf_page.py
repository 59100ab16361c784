"""What WristCare's printed documents share: the A4 page, the clinic letterhead, the
"Page N of M" footer, and writing the file owner-only (no Qt, no database)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from functools import partial

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Table, TableStyle

from wristcare import __version__
from wristcare.errors import WristCareError
from wristcare.export.care_plan_document import ClinicLetterhead
from wristcare.export.pdf_fonts import LATIN, LATIN_BOLD, PdfFonts

PAGE = A4
MARGIN = 1.8 * cm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN
INK = colors.HexColor("#111111")
HEADING = colors.HexColor("#1c3d5a")
RULE = colors.HexColor("#7d8a96")
# The footer's last line sits this high above the bottom edge; lines are this far apart.
FOOTER_BASE = 1.0 * cm
FOOTER_LEADING = 1.3


class NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the end to print "Page N of M" above
    the footer lines."""

    def __init__(
        self,
        *args: object,
        footer: list[str],
        stamp: str,
        fonts: PdfFonts,
        size: float,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, object]] = []
        self._footer: list[str] = footer
        self._fonts = fonts
        self._size = size
        self.setDateFormatter(lambda *_: stamp)

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        size = self._size
        step = size * FOOTER_LEADING
        y = FOOTER_BASE
        self.setFillColor(INK)
        for line in reversed(self._footer):
            self._draw_runs(MARGIN, y, line, LATIN)
            y += step
        right = f"Page {number} of {total}"
        self._draw_runs(PAGE[0] - MARGIN - self._fonts.width(right, size, LATIN_BOLD), y, right,
                        LATIN_BOLD)  # fmt: skip
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(MARGIN, y + step, PAGE[0] - MARGIN, y + step)

    def _draw_runs(self, x: float, y: float, text: str, latin_font: str) -> None:
        for font, chunk in self._fonts.runs(text, latin_font):
            self.setFont(font, self._size)
            self.drawString(x, y, chunk)
            x += self.stringWidth(chunk, font, self._size)


def footer_height(lines: int, size: float) -> float:
    """The bottom margin that leaves room for ``lines`` footer lines and the page number."""
    return FOOTER_BASE + (lines + 2) * size * FOOTER_LEADING


def wrap(fonts: PdfFonts, text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (words longer than a line are cut)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while fonts.width(word, size) > width:
            cut = len(word) - 1
            while cut > 1 and fonts.width(word[:cut], size) > width:
                cut -= 1
            lines += [current] if current else []
            lines.append(word[:cut])
            current, word = "", word[cut:]
        trial = f"{current} {word}" if current else word
        if current and fonts.width(trial, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def logo_image(data: bytes, error: type[WristCareError]) -> Image:
    """The clinic logo scaled into the letterhead's corner; ``error`` if unreadable."""
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception as problem:  # Pillow's errors vary by format and version
        raise error(f"The clinic logo cannot be read ({problem})") from None
    scale = min(4.5 * cm / width, 2.2 * cm / height)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def letterhead(
    head: ClinicLetterhead,
    fonts: PdfFonts,
    *,
    name_style: ParagraphStyle,
    line_style: ParagraphStyle,
    body_size: float,
    error: type[WristCareError],
) -> list[Flowable]:
    """The clinic's name, address and contact (and the practitioner) beside its logo,
    ruled off below."""

    def para(text: str, style: ParagraphStyle, bold: str = "") -> Paragraph:
        lead = f"<b>{fonts.markup(bold)}</b> " if bold else ""
        return Paragraph(lead + fonts.markup(text), style)

    clinic = [para(head.clinic_name, name_style)]
    for line in head.address.splitlines():
        if line.strip():
            clinic.append(para(line.strip(), line_style))
    contact = [
        f"Phone {head.phone.strip()}" if head.phone.strip() else "",
        head.email.strip(),
    ]
    for line in contact:
        if line:
            clinic.append(para(line, line_style))
    practitioner = head.practitioner_name.strip()
    if head.registration.strip():
        practitioner += f", registration {head.registration.strip()}"
    if practitioner:
        clinic.append(para(practitioner, line_style, bold="Practitioner:"))
    # One column of text beside the logo: wide enough for an e-mail address even in
    # large print.
    cells: list[object] = [clinic]
    widths = [FRAME_WIDTH]
    if head.logo:
        logo = logo_image(head.logo, error)
        side = logo.drawWidth + 0.5 * cm
        cells.insert(0, logo)
        widths = [side, FRAME_WIDTH - side]
    table = Table([cells], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), LATIN, body_size),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, HEADING),
                ("BOTTOMPADDING", (0, 0), (-1, 0), body_size * 0.6),
            ]
        )
    )
    return [table]


def pdf_stamp(moment: datetime) -> str:
    """An aware instant as a PDF date, in UTC (the creation date of a document)."""
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def build_pdf(
    story: list[Flowable],
    fonts: PdfFonts,
    *,
    title: str,
    author: str,
    subject: str,
    footer: str,
    stamp: str,
    body_size: float,
    footer_size: float,
) -> bytes:
    """``story`` laid out on A4 as PDF bytes: the margins, ``footer`` wrapped above "Page N
    of M" on every page, and the metadata. ``stamp`` (``pdf_stamp``) is the creation date
    and nothing else varies, so the same story gives the same bytes."""
    lines = wrap(fonts, footer, footer_size, FRAME_WIDTH)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=footer_height(len(lines), footer_size),
        title=title,
        author=author,
        subject=subject,
        creator=f"WristCare {__version__}",
        invariant=1,
        initialFontName=LATIN,
        initialFontSize=body_size,
    )
    canvasmaker = partial(NumberedCanvas, footer=lines, stamp=stamp, fonts=fonts, size=footer_size)
    template.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()
