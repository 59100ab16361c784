"""The take-home care plan as a PDF (ReportLab platypus; no Qt, no database).

``care_plan_pdf(document)`` returns the bytes. The output depends only on the document:
the creation date is the document's ``issued_at`` and ReportLab runs in invariant mode,
so printing a stored snapshot again gives the same file and the same SHA-256.

Nothing is cropped: text is in paragraphs and tables that split across pages.
KeepTogether only wraps short groups (a supplement and its caution, an exercise's last step
and its stop rules, the fixed red-flag box), and ReportLab splits a KeepTogether taller than
a page rather than crop it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    ImageAndFlowables,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from svglib.svglib import svg2rlg

from wristcare.clinic.homecare_library import illustration_path
from wristcare.clinic.labels import SIDES
from wristcare.db.vocab import Side
from wristcare.export import care_plan_wording as wording
from wristcare.export.care_plan_document import (
    CarePlanDocument,
    CarePlanError,
    HomeCareEntry,
)
from wristcare.export.pdf_charts import take_home_chart
from wristcare.export.pdf_fonts import LATIN, LATIN_BOLD, PdfFonts, pdf_fonts
from wristcare.export.pdf_page import (
    FRAME_WIDTH,
    HEADING,
    INK,
    RULE,
    build_pdf,
    letterhead,
    pdf_stamp,
)
from wristcare.export.private_file import write_private

SHADE = colors.HexColor("#eef2f6")
CAUTION_FILL = colors.HexColor("#fff5e0")
CAUTION_EDGE = colors.HexColor("#b86e00")
ALERT_FILL = colors.HexColor("#fdecea")
ALERT_EDGE = colors.HexColor("#a8251b")
_NUMBERED_STEP = re.compile(r"^(\d{1,2})\.\s+")


def _side(side: Side | None) -> str:
    return SIDES[side].lower() if side else ""


@dataclass(frozen=True, slots=True)
class _Sizes:
    body: float
    small: float
    title: float
    heading: float
    subheading: float
    illustration_height: float
    day_column: float


# Everyday print is 12 pt, already larger than most leaflets; large print is 16 pt.
_NORMAL = _Sizes(12, 10, 22, 16, 13.5, 3.6 * cm, 1.3 * cm)
_LARGE = _Sizes(16, 13, 28, 21, 18, 4.6 * cm, 1.65 * cm)


def care_plan_pdf(document: CarePlanDocument) -> bytes:
    """The take-home care plan for ``document`` as PDF bytes (CarePlanError if unprintable)."""
    fonts = pdf_fonts()
    sizes = _LARGE if document.large_print else _NORMAL
    story = _Story(document, fonts, sizes).build()
    letterhead = document.letterhead
    footer = f"Care plan for {document.patient_name}, {wording.long_date(document.issued_on)}."
    if letterhead.phone.strip():
        footer += f" Questions? Phone {letterhead.phone.strip()}"
    return build_pdf(
        story,
        fonts,
        title=f"Care plan for {document.patient_name}",
        author=letterhead.practitioner_name or letterhead.clinic_name,
        subject=wording.DOCUMENT_SUBJECT,
        footer=footer,
        stamp=pdf_stamp(document.issued_at),
        body_size=sizes.body,
        footer_size=sizes.small,
    )


def write_care_plan_pdf(document: CarePlanDocument, path: Path) -> bytes:
    """Write the care plan to ``path`` (owner-only, replaced whole) and return the bytes.

    Raises CarePlanError naming the file if it cannot be written; a half-written file is
    never left behind.
    """
    data = care_plan_pdf(document)
    write_private(data, path, CarePlanError, "care plan")
    return data


class _Illustration(Flowable):
    """A home-care SVG drawn as vectors, scaled to fit the space given."""

    def __init__(self, name: str, max_width: float, max_height: float) -> None:
        super().__init__()
        self._drawing = _drawing(name)
        scale = min(max_width / self._drawing.width, max_height / self._drawing.height)
        self._scale = scale
        self.width = self._drawing.width * scale
        self.height = self._drawing.height * scale
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    # ImageAndFlowables asks its picture for these two (ReportLab's Image has them): the
    # size is already fixed here, so there is nothing to restrict.
    def _restrictSize(self, available_width: float, available_height: float) -> tuple[float, float]:  # noqa: N802
        return self.width, self.height

    def _unRestrictSize(self) -> None:  # noqa: N802
        return None

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.scale(self._scale, self._scale)
        renderPDF.draw(self._drawing, self.canv, 0, 0)
        self.canv.restoreState()


@cache
def _drawing(name: str) -> Drawing:
    path = illustration_path(name)
    drawing = svg2rlg(str(path)) if path.is_file() else None
    if drawing is None:
        raise CarePlanError(f"The illustration {name} is missing from the home-care library")
    _embed_text_fonts(drawing)
    return drawing


def _embed_text_fonts(node: object) -> None:
    """Set the drawings' numbers in embedded DejaVu: svglib would use Helvetica, which is
    not embedded and looks different in every viewer."""
    if isinstance(node, String):
        node.fontName = LATIN_BOLD
    for child in getattr(node, "contents", ()):
        _embed_text_fonts(child)


class _Story:
    """Builds the list of flowables, section by section."""

    def __init__(self, document: CarePlanDocument, fonts: PdfFonts, sizes: _Sizes) -> None:
        self.doc = document
        self.fonts = fonts
        self.sizes = sizes
        body = sizes.body
        self.body = ParagraphStyle(
            "body",
            fontName=LATIN,
            fontSize=body,
            leading=body * 1.35,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=body * 0.45,
        )
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=sizes.small, leading=sizes.small * 1.3,
            spaceAfter=0,
        )  # fmt: skip
        self.bullet = ParagraphStyle(
            "bullet", parent=self.body, leftIndent=body * 1.6, bulletIndent=body * 0.2,
            bulletFontName=LATIN_BOLD, bulletFontSize=body, spaceAfter=body * 0.3,
        )  # fmt: skip
        self.title = ParagraphStyle(
            "title", parent=self.body, fontName=LATIN_BOLD, fontSize=sizes.title,
            leading=sizes.title * 1.2, textColor=HEADING, spaceBefore=body * 0.6,
            spaceAfter=body * 0.6,
        )  # fmt: skip
        self.heading = ParagraphStyle(
            "heading", parent=self.body, fontName=LATIN_BOLD, fontSize=sizes.heading,
            leading=sizes.heading * 1.25, textColor=HEADING, spaceBefore=body * 1.1,
            spaceAfter=body * 0.4, keepWithNext=1,
        )  # fmt: skip
        self.subheading = ParagraphStyle(
            "subheading", parent=self.heading, fontSize=sizes.subheading,
            leading=sizes.subheading * 1.25, spaceBefore=body * 0.9,
        )  # fmt: skip
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=LATIN_BOLD)
        # Latin base font: markup() puts only the Chinese runs in the Han font.
        self.han_cell = ParagraphStyle(
            "han_cell", parent=self.cell, fontSize=body * 1.15, leading=body * 1.5
        )

    # -- helpers ---------------------------------------------------------------------------

    def para(self, text: str, style: ParagraphStyle | None = None, bold: str = "") -> Paragraph:
        lead = f"<b>{self.fonts.markup(bold)}</b> " if bold else ""
        return Paragraph(lead + self.fonts.markup(text), style or self.body)

    def cell_text(self, text: str, width: float, bold: bool = False) -> str | Paragraph:
        """A table cell: plain text when it is ASCII and fits on one line (much cheaper to
        lay out), else a paragraph that wraps."""
        font = LATIN_BOLD if bold else LATIN
        padding = 12  # the table's left and right padding
        if text.isascii() and pdfmetrics.stringWidth(text, font, self.sizes.body) < width - padding:
            return text
        return self.para(text, self.cell_bold if bold else self.cell)

    def bullets(self, lines: Iterable[str]) -> list[Flowable]:
        flowables: list[Flowable] = []
        for line in lines:
            numbered = _NUMBERED_STEP.match(line)
            if numbered:
                flowables.append(
                    Paragraph(
                        self.fonts.markup(line[numbered.end() :]),
                        self.bullet,
                        bulletText=f"{numbered.group(1)}.",
                    )
                )
            else:
                flowables.append(Paragraph(self.fonts.markup(line), self.bullet, bulletText="•"))
        return flowables

    def box(self, rows: list[Flowable], fill: colors.Color, edge: colors.Color) -> Table:
        """A shaded box that splits between its rows, so it never overflows a page."""
        table = Table([[row] for row in rows], colWidths=[FRAME_WIDTH], splitByRow=1)
        pad = self.sizes.body * 0.55
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), LATIN, self.sizes.body),
                    ("BACKGROUND", (0, 0), (-1, -1), fill),
                    ("LINEBEFORE", (0, 0), (0, -1), 4, edge),
                    ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.6),
                    ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.35),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.35),
                    ("TOPPADDING", (0, 0), (-1, 0), pad),
                    ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
                ]
            )
        )
        return table

    # -- sections --------------------------------------------------------------------------

    def build(self) -> list[Flowable]:
        story: list[Flowable] = []
        story += self.letterhead()
        story += self.heading_block()
        story += self.plan()
        story += self.schedule()
        story += self.progress()
        story += self.points()
        story += self.home_care()
        story += self.supplements()
        story += self.notes()
        story += self.when_to_get_help()
        story += self.tick_sheet()
        return story

    def letterhead(self) -> list[Flowable]:
        clinic_style = ParagraphStyle("clinic", parent=self.subheading, spaceBefore=0)
        return letterhead(
            self.doc.letterhead, self.fonts, name_style=clinic_style, line_style=self.small,
            body_size=self.sizes.body, error=CarePlanError,
        )  # fmt: skip

    def heading_block(self) -> list[Flowable]:
        doc = self.doc
        rows = [
            self.para(doc.patient_name, self.body, bold="For:"),
            self.para(wording.long_date(doc.issued_on), self.body, bold="Date:"),
        ]
        if doc.letterhead.practitioner_name.strip():
            rows.append(
                self.para(doc.letterhead.practitioner_name, self.body, bold="Your practitioner:")
            )
        return [self.para("Your care plan", self.title), *rows]

    def plan(self) -> list[Flowable]:
        out: list[Flowable] = [self.para("What we are working on", self.heading)]
        out += [self.para(line) for line in _paragraphs(self.doc.problem)]
        if self.doc.goals:
            out.append(self.para("Your goals", self.subheading))
            out += self.bullets(self.doc.goals)
        return out

    def schedule(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = [self.para("Your treatment schedule", self.heading)]
        if doc.phases:
            lines = [wording.describe_phase(phase) for phase in doc.phases]
            # "then" between phases reads as the order they come in.
            lines = [lines[0], *(f"Then {line[0].lower()}{line[1:]}" for line in lines[1:])]
            out += self.bullets(lines)
            out.append(self.para(str(doc.planned_sessions), bold="Planned number of sessions:"))
        if doc.review_on:
            out.append(
                self.para(
                    f"We will look at your plan again with you on "
                    f"{wording.long_date(doc.review_on)}.",
                    bold="Review:",
                )
            )
        if not doc.phases and not doc.review_on:
            out.append(self.para("We will agree the dates of your sessions with you."))
        return out

    def progress(self) -> list[Flowable]:
        chart = self.doc.progress
        if chart is None:
            return []
        sizes = self.sizes
        height = sizes.body * 11
        return [
            CondPageBreak(height + sizes.heading * 5),
            self.para(wording.PROGRESS_HEADING, self.heading),
            self.para(chart.scale_note, bold=f"{chart.title}:"),
            take_home_chart(chart, FRAME_WIDTH, height, sizes.small),
            Spacer(1, sizes.body * 0.4),
            self.para(wording.PROGRESS_NOTE),
        ]

    def points(self) -> list[Flowable]:
        if not self.doc.points:
            return []
        header = [self.para(text, self.cell_bold) for text in ("Point", "Name", "Chinese", "Side")]
        rows = [header]
        for point in self.doc.points:
            rows.append(
                [
                    self.para(point.code, self.cell_bold),
                    self.para(point.pinyin, self.cell),
                    Paragraph(self.fonts.markup(point.hanzi), self.han_cell),
                    self.para(_side(point.side), self.cell),
                ]
            )
        widths = [0.17, 0.33, 0.25, 0.25]
        table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], repeatRows=1, splitByRow=1)
        table.setStyle(self.grid_style())
        return [
            self.para("Acupuncture points", self.heading),
            self.para(wording.POINTS_INTRO),
            table,
        ]

    def grid_style(self) -> TableStyle:
        pad = self.sizes.body * 0.4
        return TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), LATIN, self.sizes.body, self.sizes.body * 1.3),
                ("FONT", (0, 0), (-1, 0), LATIN_BOLD, self.sizes.body, self.sizes.body * 1.3),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 1, HEADING),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )

    def home_care(self) -> list[Flowable]:
        if not self.doc.home_care:
            return []
        sizes = self.sizes
        # Room for the heading with the first item's heading, picture and a few steps.
        needed = sizes.heading * 2.5 + sizes.subheading * 2.5 + sizes.illustration_height
        out: list[Flowable] = [
            CondPageBreak(needed + sizes.body * 4),
            self.para("Your home care", self.heading),
        ]
        for entry in self.doc.home_care:
            out += self.home_care_entry(entry)
        return out

    def home_care_entry(self, entry: HomeCareEntry) -> list[Flowable]:
        sizes = self.sizes
        title = self.para(entry.title, self.subheading)
        # How much comes first, under the heading: it is what the patient looks up again.
        dose = wording.describe_dose(entry.dose)
        how_much = [self.para(" ".join(dose), bold="How much:")] if dose else []
        steps = self.bullets(entry.steps)
        box = []
        if entry.cautions:
            rows = [self.para(line, self.cell) for line in entry.cautions]
            box = [self.box(rows, CAUTION_FILL, CAUTION_EDGE)]
        # The stop rules stay with the last step, so they never open a page on their
        # own (a few lines; KeepTogether splits rather than crops anything taller).
        text = [*how_much, *steps[:-1], KeepTogether([*steps[-1:], *box])]
        # Start the item on a new page unless its heading, picture and first lines fit.
        lines = sizes.subheading * 2.5 + sizes.body * 1.35 * 4
        if not entry.illustration:
            return [CondPageBreak(lines), title, *text]
        picture = _Illustration(entry.illustration, FRAME_WIDTH, sizes.illustration_height)
        if picture.width < FRAME_WIDTH * 0.42 and not self.doc.large_print:
            # A small drawing sits beside the text, which flows on under it and onto the
            # next page as needed (ImageAndFlowables splits). No KeepTogether in there:
            # splitting one inside ImageAndFlowables hands ReportLab a frame break it
            # cannot lay out (an item without a dose line, such as self-massage, did).
            beside = ImageAndFlowables(
                picture, [*how_much, *steps, *box], imageSide="right", imageLeftPadding=12
            )
            return [CondPageBreak(sizes.subheading * 2.5 + picture.height), title, beside]
        return [
            CondPageBreak(lines + picture.height),
            title,
            picture,
            Spacer(1, sizes.body * 0.5),
            *text,
        ]

    def supplements(self) -> list[Flowable]:
        if not self.doc.supplements:
            return []
        groups: list[list[Flowable]] = []
        for note in self.doc.supplements:
            group: list[Flowable] = [self.para(note.text)]
            if note.bleeding_caution or self.doc.anticoagulant_alert:
                group.append(
                    self.box(
                        [self.para(wording.BLEEDING_CAUTION, self.cell)], CAUTION_FILL, ALERT_EDGE
                    )
                )
                group.append(Spacer(1, self.sizes.body * 0.5))
            groups.append(group)
        groups[0].insert(0, self.para("Supplements and herbs", self.heading))
        # Each note with its caution (and the first with the heading) is kept on one page:
        # a few lines, and KeepTogether splits rather than crops anything taller.
        return [KeepTogether(group) for group in groups]

    def notes(self) -> list[Flowable]:
        lines = _paragraphs(self.doc.practitioner_notes)
        if not lines:
            return []
        return [
            self.para("Notes from your practitioner", self.heading),
            *(self.para(line) for line in lines),
        ]

    def when_to_get_help(self) -> list[Flowable]:
        phone = self.doc.letterhead.phone.strip()
        rows: list[Flowable] = [
            self.para(wording.SEE_DOCTOR_HEADING, ParagraphStyle(
                "alert_heading", parent=self.subheading, spaceBefore=0, textColor=ALERT_EDGE)),
            self.para(wording.SEE_DOCTOR_INTRO, self.cell),
            self.para(wording.RED_FLAGS_LEAD, self.cell_bold),
            *self.bullets(wording.RED_FLAGS),
            self.para(wording.SOFTER_PROMPT, self.cell),
            self.para(wording.CONTACT_US_LEAD, self.cell_bold),
            *self.bullets(wording.CONTACT_US),
        ]  # fmt: skip
        if phone:
            rows.append(self.para(phone, self.cell_bold, bold="Our phone number:"))
        # Fixed text, well under a page even in large print: kept whole so the heading
        # never sits alone at the foot of a page.
        return [Spacer(1, self.sizes.body), KeepTogether([self.box(rows, ALERT_FILL, ALERT_EDGE)])]

    def tick_sheet(self) -> list[Flowable]:
        entries = self.doc.home_care
        if not entries:
            return []
        start = self.doc.issued_on
        days = [wording.weekday_short(start + timedelta(days=offset)) for offset in range(7)]
        sizes = self.sizes
        title_width = FRAME_WIDTH - 7 * sizes.day_column
        out: list[Flowable] = [
            PageBreak(),
            self.para("Home practice tick sheet", self.heading),
            self.para(wording.TICK_SHEET_INTRO),
        ]
        for week in range(1, self.doc.home_practice_weeks + 1):
            due = [entry for entry in entries if (entry.dose.weeks or week) >= week]
            if not due:
                continue
            first_day = wording.short_date(start + timedelta(weeks=week - 1))
            # One table a week, its heading row repeated if the week runs onto the next
            # page, so every page says which week it is.
            label = self.cell_text(f"Week {week}, from {first_day}", title_width, bold=True)
            rows: list[list[object]] = [[label, *days]]
            rows += [[self.cell_text(entry.title, title_width), *([""] * 7)] for entry in due]
            table = Table(
                rows,
                colWidths=[title_width, *([sizes.day_column] * 7)],
                repeatRows=1,
                splitByRow=1,
            )
            table.setStyle(self.tick_style())
            # A week stays on one page when it fits: a week's last rows alone on a page
            # are easy to miss (KeepTogether splits a week taller than a page).
            out += [KeepTogether([table]), Spacer(1, sizes.body * 0.8)]
        return out

    def tick_style(self) -> TableStyle:
        body = self.sizes.body
        # Rows tall enough to tick with a pen.
        pad = body * 0.6
        return TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), LATIN, body, body * 1.3),
                ("FONT", (0, 0), (-1, 0), LATIN_BOLD, body, body * 1.3),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("GRID", (0, 0), (-1, -1), 0.7, RULE),
                ("BOX", (0, 0), (-1, -1), 1.2, HEADING),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("LINEBELOW", (0, 0), (-1, 0), 1.2, HEADING),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, 0), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                ("LEFTPADDING", (1, 0), (-1, 0), 1),
                ("RIGHTPADDING", (1, 0), (-1, 0), 1),
            ]
        )


def _paragraphs(text: str) -> list[str]:
    """Free text as its paragraphs: each line kept, blank lines dropped."""
    return [line.strip() for line in text.splitlines() if line.strip()]
