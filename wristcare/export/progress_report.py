"""The progress report as a PDF, for the practitioner or the referring doctor (ReportLab
platypus and graphics; no Qt, no database).

``progress_report_pdf(document)`` returns the bytes, depending only on the document (the
creation date is its ``issued_at``; ReportLab runs in invariant mode). Tables split
across pages by row; charts and maps are drawings sized to the frame, so nothing is
cropped. The report states measurements and recorded events; it makes no claim about
what treatment did.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from wristcare.clinic.outcomes.improvement import Verdict
from wristcare.errors import WristCareError
from wristcare.export.care_plan_wording import long_date
from wristcare.export.pdf_charts import course_chart
from wristcare.export.pdf_fonts import LATIN, LATIN_BOLD, PdfFonts, pdf_fonts
from wristcare.export.pdf_hand_map import hand_map_drawing, legend_drawing
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
from wristcare.export.progress_report_document import (
    ABOUT_CHANGES,
    VERDICT_WORDS,
    ChangeRow,
    ProgressReportDocument,
)

SUBJECT = "Outcome measures over a course of acupuncture"
SHADE = colors.HexColor("#eef2f6")
BODY = 10.0
SMALL = 8.5
CHART_HEIGHT = 5.4 * cm
_IMPORTANT = {
    VERDICT_WORDS[Verdict.IMPORTANT_IMPROVEMENT],
    VERDICT_WORDS[Verdict.IMPORTANT_WORSENING],
}
_EVENT_NAMES = {
    "needle_pain": "Needle pain",
    "retained_needle": "Retained needle",
    "broken_needle": "Broken needle",
    "device_interference": "Device interference",
}


class ProgressReportError(WristCareError):
    """A progress report that cannot be printed or saved; the message says why."""


def progress_report_pdf(document: ProgressReportDocument) -> bytes:
    """The progress report for ``document`` as PDF bytes."""
    fonts = pdf_fonts()
    story = _Story(document, fonts).build()
    head = document.letterhead
    return build_pdf(
        story,
        fonts,
        title=f"Progress report for {document.patient_name}",
        author=head.practitioner_name or head.clinic_name,
        subject=SUBJECT,
        footer=(
            f"Progress report for {document.patient_name}, record {document.record_number}, "
            f"{long_date(document.issued_on)}. Confidential: patient information."
        ),
        stamp=pdf_stamp(document.issued_at),
        body_size=BODY,
        footer_size=SMALL,
    )


def write_progress_report_pdf(document: ProgressReportDocument, path: Path) -> bytes:
    """Write the report to ``path`` (owner-only, replaced whole) and return the bytes;
    ``ProgressReportError`` naming the file if it cannot be written."""
    data = progress_report_pdf(document)
    write_private(data, path, ProgressReportError, "progress report")
    return data


def _number(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}"


def _signed(value: Decimal, places: int) -> str:
    text = _number(value, places)
    return text if value < 0 else f"+{text}" if value > 0 else text


def change_words(row: ChangeRow) -> str:
    """The change from baseline, e.g. "-3 (38% better)" or "+2.10 kg (10% better)"."""
    if row.difference is None:
        return ""
    unit = " kg" if row.unit == "kg" else ""
    text = f"{_signed(row.difference, row.places)}{unit}"
    if row.percent is not None and row.percent != 0:
        direction = "better" if row.percent > 0 else "worse"
        text += f" ({abs(row.percent):.0f}% {direction})"
    return text


class _Story:
    """Builds the list of flowables, section by section."""

    def __init__(self, document: ProgressReportDocument, fonts: PdfFonts) -> None:
        self.doc = document
        self.fonts = fonts
        self.body = ParagraphStyle(
            "body", fontName=LATIN, fontSize=BODY, leading=BODY * 1.35, textColor=INK,
            alignment=TA_LEFT, spaceAfter=BODY * 0.4,
        )  # fmt: skip
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=SMALL, leading=SMALL * 1.3, spaceAfter=0
        )
        self.title = ParagraphStyle(
            "title", parent=self.body, fontName=LATIN_BOLD, fontSize=18, leading=22,
            textColor=HEADING, spaceBefore=BODY * 0.6, spaceAfter=BODY * 0.5,
        )  # fmt: skip
        self.heading = ParagraphStyle(
            "heading", parent=self.body, fontName=LATIN_BOLD, fontSize=13, leading=16,
            textColor=HEADING, spaceBefore=BODY * 1.1, spaceAfter=BODY * 0.4, keepWithNext=1,
        )  # fmt: skip
        self.subheading = ParagraphStyle(
            "subheading", parent=self.heading, fontSize=11, leading=14, spaceBefore=BODY * 0.6
        )
        self.cell = ParagraphStyle("cell", parent=self.small, spaceAfter=0)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=LATIN_BOLD)

    def para(self, text: str, style: ParagraphStyle | None = None, bold: str = "") -> Paragraph:
        lead = f"<b>{self.fonts.markup(bold)}</b> " if bold else ""
        return Paragraph(lead + self.fonts.markup(text), style or self.body)

    def grid(self, rows: list[list[object]], widths: list[float]) -> Table:
        table = Table(rows, colWidths=[FRAME_WIDTH * w for w in widths], repeatRows=1,
                      splitByRow=1)  # fmt: skip
        pad = SMALL * 0.45
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), LATIN, SMALL, SMALL * 1.3),
                    ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, HEADING),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), pad),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return table

    def header_row(self, *titles: str) -> list[object]:
        return [self.para(title, self.cell_bold) for title in titles]

    # -- sections --------------------------------------------------------------------------

    def build(self) -> list[Flowable]:
        clinic_style = ParagraphStyle("clinic", parent=self.subheading, spaceBefore=0)
        story: list[Flowable] = letterhead(
            self.doc.letterhead, self.fonts, name_style=clinic_style, line_style=self.small,
            body_size=BODY, error=ProgressReportError,
        )  # fmt: skip
        story += self.patient()
        story += self.summary()
        story += self.charts()
        story += self.goals()
        story += self.hand_maps()
        story += self.points()
        story += self.adverse_events()
        return story

    def patient(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = [self.para("Progress report", self.title)]
        out.append(self.para(doc.patient_name, bold="Patient:"))
        born = long_date(doc.date_of_birth) if doc.date_of_birth else "not recorded"
        out.append(self.para(f"{born}. Record number {doc.record_number}", bold="Date of birth:"))
        if doc.referred_by.strip():
            out.append(self.para(doc.referred_by, bold="Referred by:"))
        sessions = doc.session_dates
        if sessions:
            count = len(sessions)
            noun = "session" if count == 1 else "sessions"
            span = (
                f"on {long_date(sessions[0])}"
                if count == 1
                else f"from {long_date(sessions[0])} to {long_date(sessions[-1])}"
            )
            out.append(self.para(f"{count} signed {noun} {span}", bold="Course:"))
        else:
            out.append(self.para("no signed session notes yet", bold="Course:"))
        if doc.review_dates:
            reviews = "; ".join(
                long_date(day) + (" (to come)" if day > doc.issued_on else "")
                for day in doc.review_dates
            )
            out.append(self.para(reviews, bold="Plan reviews:"))
        out.append(self.para(long_date(doc.issued_on), bold="Report date:"))
        return out

    def summary(self) -> list[Flowable]:
        out: list[Flowable] = [self.para("Baseline and latest scores", self.heading)]
        if not self.doc.changes:
            out.append(self.para("No outcome measures are recorded for this course yet."))
            return out
        rows: list[list[object]] = [
            self.header_row(
                "Measure", "Baseline", "Latest", "Change", "Against the clinically important change"
            )  # fmt: skip
        ]
        highlight = []
        for index, row in enumerate(self.doc.changes, start=1):
            baseline = f"{_number(row.baseline, row.places)}\n{_day(row.baseline_on)}"
            latest = (
                f"{_number(row.latest, row.places)}\n{_day(row.latest_on)}"
                if row.latest is not None and row.latest_on is not None
                else "-"
            )
            verdict = row.verdict
            if row.threshold != "None agreed" and row.latest is not None:
                verdict += f" (threshold {row.threshold})"
            rows.append(
                [
                    self.para(f"{row.measure} ({row.unit})", self.cell_bold),
                    baseline,
                    latest,
                    self.para(change_words(row), self.cell),
                    self.para(verdict, self.cell_bold if row.verdict in _IMPORTANT else self.cell),
                ]
            )
            if row.verdict in _IMPORTANT:
                highlight.append(index)
        table = self.grid(rows, [0.27, 0.13, 0.13, 0.17, 0.30])
        for index in highlight:
            table.setStyle(TableStyle([("BACKGROUND", (4, index), (4, index), SHADE)]))
        out.append(table)
        notes = [ABOUT_CHANGES]
        if self.doc.thresholds:
            notes.insert(0, "Thresholds used: " + "; ".join(self.doc.thresholds) + ".")
        out += [Spacer(1, SMALL * 0.6), *(self.para(note, self.small) for note in notes)]
        return out

    def charts(self) -> list[Flowable]:
        charts = self.doc.charts
        if not charts:
            return []
        half = (FRAME_WIDTH - 0.6 * cm) / 2
        # One time axis for every chart, so a session sits at the same place in each.
        days = [day for series in charts for day, _ in series.points]
        days += list(self.doc.session_dates)
        # Reviews already due are part of the course; one still to come is listed in words.
        days += [day for day in self.doc.review_dates if day <= self.doc.issued_on]
        span = (min(days), max(days))
        drawings: list[Drawing] = [
            course_chart(series, half, CHART_HEIGHT, self.doc.session_dates,
                         self.doc.review_dates, span=span)
            for series in charts
        ]  # fmt: skip
        rows = [drawings[i : i + 2] for i in range(0, len(drawings), 2)]
        if len(rows[-1]) == 1:
            rows[-1].append("")
        table = Table(rows, colWidths=[half + 0.3 * cm, half + 0.3 * cm], splitByRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            )
        )
        key = (
            "Each dot is a score on the day it was taken; triangles along the foot mark the "
            "sessions, dashed orange lines plan reviews and dashed green lines the plan's goals."
        )
        return [
            CondPageBreak(CHART_HEIGHT + 3 * cm),
            self.para("Scores across the course", self.heading),
            self.para(key, self.small),
            Spacer(1, SMALL * 0.5),
            table,
        ]

    def goals(self) -> list[Flowable]:
        if not self.doc.goals:
            return []
        rows: list[list[object]] = [self.header_row("Goal", "Target", "By", "Where it stands")]
        for goal in self.doc.goals:
            if goal.description and goal.measure:
                words = [self.para(goal.description, self.cell_bold),
                         self.para(f"Measured by: {goal.measure}", self.cell)]  # fmt: skip
            elif goal.description:
                words = [self.para(goal.description, self.cell_bold),
                         self.para("In words only: no score to measure it", self.cell)]  # fmt: skip
            else:
                words = [self.para(goal.measure, self.cell)]
            target = "-"
            if goal.target is not None:
                way = "or lower" if goal.lower_is_better else "or higher"
                target = f"{_number(goal.target, goal.places)} {way}"
            status = goal.status
            if goal.met:
                status = f"\u2713 {status}" + (f" on {_day(goal.met_on)}" if goal.met_on else "")
            rows.append(
                [
                    words,
                    self.para(target, self.cell),
                    _day(goal.target_on) if goal.target_on else "-",
                    self.para(status, self.cell_bold),
                ]
            )
        return [self.para("Plan goals", self.heading), self.grid(rows, [0.45, 0.15, 0.15, 0.25])]

    def hand_maps(self) -> list[Flowable]:
        figures = self.doc.hand_maps
        if not figures:
            return []
        out: list[Flowable] = [self.para("Hand symptom map (Katz)", self.heading)]
        for figure in figures:
            ratings = "; ".join(f"{hand}: {rating}" for hand, rating in figure.ratings)
            out.append(
                KeepTogether(
                    [
                        self.para(f"{figure.label}, {long_date(figure.taken_on)}", self.subheading),
                        self.para(ratings, self.body, bold="Katz rating:"),
                        hand_map_drawing(figure.hand_map, FRAME_WIDTH * 0.9),
                    ]
                )
            )
        out.append(legend_drawing(FRAME_WIDTH, SMALL))
        return out

    def points(self) -> list[Flowable]:
        used = self.doc.points
        if not used:
            return []
        # Two lists side by side: a course uses a dozen points or so, and half a page
        # of one narrow column would waste the width.
        per_column = (len(used) + 1) // 2
        header = self.header_row("Point", "Sessions", "First", "Last")
        rows: list[list[object]] = [header + [""] + header]
        for index in range(per_column):
            left = used[index]
            cells: list[object] = [left.label, str(left.sessions), _day(left.first_on),
                                   _day(left.last_on), ""]  # fmt: skip
            if index + per_column < len(used):
                right = used[index + per_column]
                cells += [right.label, str(right.sessions), _day(right.first_on),
                          _day(right.last_on)]  # fmt: skip
            else:
                cells += ["", "", "", ""]
            rows.append(cells)
        widths = [0.1, 0.11, 0.135, 0.135, 0.04, 0.1, 0.11, 0.135, 0.135]
        table = self.grid(rows, widths)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (4, 0), (4, -1), None),
                    ("LINEBELOW", (4, 0), (4, -1), 0, None),
                ]
            )
        )
        count = len(self.doc.session_dates)
        lead = f"Points needled in the {count} signed session notes, most used first."
        return [self.para("Points used over the course", self.heading), self.para(lead), table]

    def adverse_events(self) -> list[Flowable]:
        out: list[Flowable] = [self.para("Adverse events", self.heading)]
        events = self.doc.adverse_events
        if not events:
            out.append(self.para("None recorded in the signed session notes of this course."))
            return out
        rows: list[list[object]] = [
            self.header_row("Date", "Event", "Severity", "What happened", "Action and follow-up")
        ]
        for event in events:
            kind = _EVENT_NAMES.get(event.kind, event.kind.replace("_", " ").capitalize())
            severity = (event.severity or "not graded").capitalize()
            if event.serious:
                severity += ", serious"
            follow_up = f"Follow-up: {event.follow_up}" if event.follow_up else ""
            action = " ".join(part for part in (event.action_taken, follow_up) if part)
            rows.append(
                [
                    _day(event.session_on),
                    self.para(kind, self.cell),
                    self.para(severity, self.cell),
                    self.para(event.description or "-", self.cell),
                    self.para(action or "-", self.cell),
                ]
            )
        out.append(self.grid(rows, [0.13, 0.15, 0.12, 0.3, 0.3]))
        return out


def _day(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""
