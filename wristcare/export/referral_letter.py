"""The referral letter to the patient's doctor as a PDF (ReportLab platypus; no Qt).

Plain and factual, as a doctor expects a letter from another clinician: who the patient
is, what was found that prompted the referral, what treatment they have had and how
their own ratings moved, and who is writing. It claims nothing about what acupuncture
did. ``referral_letter_pdf(facts)`` depends only on the facts: the same facts give the
same file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from wristcare.errors import WristCareError
from wristcare.export.care_plan_wording import long_date
from wristcare.export.letterhead import clinic_letterhead
from wristcare.export.pdf_fonts import LATIN, LATIN_BOLD, PdfFonts, pdf_fonts
from wristcare.export.pdf_page import HEADING, INK, build_pdf, letterhead
from wristcare.export.private_file import write_private

if TYPE_CHECKING:
    from wristcare.clinic.referrals.letter import LetterFacts, SessionSummary

BODY = 10.5
SMALL = 9
# More than this many sessions are summarised, not listed one by one.
LISTED_SESSIONS = 12


class ReferralLetterError(WristCareError):
    """A referral letter that cannot be made or saved; the message says why."""


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=LATIN, fontSize=BODY, leading=BODY * 1.35, textColor=INK,
        spaceAfter=BODY * 0.45,
    )  # fmt: skip
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=SMALL, leading=SMALL * 1.3,
                                spaceAfter=0),
        "clinic": ParagraphStyle("clinic", parent=body, fontName=LATIN_BOLD, fontSize=14,
                                 leading=17, textColor=HEADING, spaceAfter=2),
        "heading": ParagraphStyle("heading", parent=body, fontName=LATIN_BOLD,
                                  spaceBefore=BODY * 0.6, spaceAfter=BODY * 0.3, keepWithNext=1),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=BODY * 1.4,
                                 bulletIndent=BODY * 0.3, spaceAfter=BODY * 0.25),
        "tight": ParagraphStyle("tight", parent=body, spaceAfter=0),
    }  # fmt: skip


# A recipient written with a title is greeted by name; "The surgery" or "Family doctor"
# is not a name to put after "Dear".
_TITLES = ("dr", "dr.", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "prof.", "professor")


def salutation(recipient: str) -> str:
    """``Dear Dr Amir Shah,`` for a named recipient; ``Dear Doctor,`` otherwise."""
    words = recipient.split()
    if len(words) >= 2 and words[0].lower() in _TITLES:
        return f"Dear {recipient.strip()},"
    return "Dear Doctor,"


def _session_line(session: SessionSummary) -> str:
    done = ", ".join(session.points) if session.points else "no points recorded"
    line = (
        f"{long_date(session.on)}: acupuncture at {done}"
        if session.points
        else (f"{long_date(session.on)}: {done}")
    )
    if session.adjuncts:
        line += f"; {', '.join(session.adjuncts)}"
    return line


def _session_lines(sessions: tuple[SessionSummary, ...]) -> list[str]:
    if len(sessions) <= LISTED_SESSIONS:
        return [_session_line(s) for s in sessions]
    earlier = len(sessions) - LISTED_SESSIONS + 1
    first = sessions[0].on
    head = f"{earlier} sessions from {long_date(first)} to {long_date(sessions[earlier - 1].on)}"
    return [head, *(_session_line(s) for s in sessions[earlier:])]


class _Letter:
    def __init__(self, facts: LetterFacts, fonts: PdfFonts) -> None:
        self.facts = facts
        self.fonts = fonts
        self.styles = _styles()

    def para(self, text: str, style: str = "body", bold: str = "") -> Paragraph:
        lead = f"<b>{self.fonts.markup(bold)}</b> " if bold else ""
        return Paragraph(lead + self.fonts.markup(text), self.styles[style])

    def bullets(self, lines: list[str]) -> list[Flowable]:
        return [
            Paragraph(self.fonts.markup(line), self.styles["bullet"], bulletText="•")
            for line in lines
        ]

    def titled_bullets(self, lines: tuple[str, ...]) -> list[Flowable]:
        """ "Title: text" lines with the title in bold."""
        out: list[Flowable] = []
        for line in lines:
            title, _, text = line.partition(": ")
            markup = (
                f"<b>{self.fonts.markup(title)}.</b> {self.fonts.markup(text)}"
                if text
                else (self.fonts.markup(line))
            )
            out.append(Paragraph(markup, self.styles["bullet"], bulletText="•"))
        return out

    def build(self) -> list[Flowable]:
        f = self.facts
        # The practitioner signs at the end rather than under the clinic's name.
        head = replace(clinic_letterhead(f.letterhead), practitioner_name="", registration="")
        story: list[Flowable] = letterhead(
            head, self.fonts, name_style=self.styles["clinic"], line_style=self.styles["small"],
            body_size=BODY, error=ReferralLetterError,
        )  # fmt: skip
        story.append(Spacer(1, BODY))
        story.append(self.para(long_date(f.written_on)))
        story.append(self.para(f.recipient, "tight"))
        for line in f.recipient_contact.splitlines():
            if line.strip():
                story.append(self.para(line.strip(), "tight"))
        story.append(Spacer(1, BODY))
        story.append(self.para(salutation(f.recipient)))
        story.append(self.para(self._subject(), bold="Re:"))
        story += self.opening()
        story += self.findings()
        story += self.treatment()
        story += self.closing()
        return story

    def _subject(self) -> str:
        f = self.facts
        born = (
            f"born {long_date(f.date_of_birth)}"
            if f.date_of_birth
            else "date of birth not recorded"
        )
        return f"{f.patient_name}, {born}, our record {f.record_number}"

    def opening(self) -> list[Flowable]:
        f = self.facts
        first, latest = f.sessions[0].on, f.sessions[-1].on
        since = f"since {long_date(first)}" if first != latest else f"on {long_date(first)}"
        out = [
            self.para(
                f"I am writing about the patient named above, who has attended this clinic "
                f"for acupuncture {since}. At the session on {long_date(latest)} I recorded "
                "the findings below. They are signs for which a medical assessment is "
                "recommended, and I would be grateful if you would see the patient."
            )
        ]
        if f.complaint:
            out.append(self.para(f.complaint, bold="Presenting complaint:"))
        if f.working_diagnosis:
            out.append(self.para(f.working_diagnosis, bold="Working diagnosis:"))
        if f.referred_on is not None:
            out.append(
                self.para(
                    f"I discussed this referral with the patient on {long_date(f.referred_on)}."
                )
            )
        return out

    def findings(self) -> list[Flowable]:
        f = self.facts
        out: list[Flowable] = [self.para("Findings that prompted this referral", "heading")]
        if f.findings:
            out += self.titled_bullets(f.findings)
        else:
            out.append(self.para("No red-flag signs were recorded at the latest session."))
        if f.reason:
            out.append(self.para(f.reason, bold="Reason for referral:"))
        if f.examination:
            out.append(self.para(f"Examination on {long_date(f.sessions[-1].on)}", "heading"))
            out += self.bullets(list(f.examination))
        return out

    def treatment(self) -> list[Flowable]:
        f = self.facts
        count = len(f.sessions)
        out: list[Flowable] = [self.para("Treatment so far", "heading")]
        out.append(
            self.para(
                f"{count} session{'s' if count != 1 else ''} between "
                f"{long_date(f.sessions[0].on)} and {long_date(f.sessions[-1].on)}:"
                if count > 1
                else f"One session, on {long_date(f.sessions[0].on)}:"
            )
        )
        out += self.bullets(_session_lines(f.sessions))
        out.append(self.para("The patient's own ratings (0 = none, 10 = worst)", "heading"))
        if f.score_trends:
            out += self.bullets(list(f.score_trends))
        else:
            out.append(self.para("No 0-10 symptom ratings were recorded."))
        return out

    def closing(self) -> list[Flowable]:
        f = self.facts.letterhead
        lines = [
            self.para(
                "I have advised the patient to see you and will continue or pause treatment "
                "in line with your advice. Please contact me if you need anything further."
            ),
            Spacer(1, BODY * 0.6),
            self.para("Yours sincerely,"),
            Spacer(1, BODY * 2.6),
            self.para(f.practitioner_name, "tight", bold=""),
        ]
        if f.profession:
            lines.append(self.para(f.profession, "tight"))
        if f.registration:
            lines.append(self.para(f"Registration: {f.registration}", "tight"))
        if f.clinic_name:  # an unnamed clinic signs with no name
            lines.append(self.para(f.clinic_name, "tight"))
        return [KeepTogether(lines)]


def referral_letter_pdf(facts: LetterFacts) -> bytes:
    """The referral letter as PDF bytes."""
    if not facts.sessions:
        raise ReferralLetterError("A referral letter needs at least one session")
    fonts = pdf_fonts()
    return build_pdf(
        _Letter(facts, fonts).build(),
        fonts,
        title=f"Referral letter for {facts.patient_name}",
        author=facts.letterhead.practitioner_name,
        subject=f"Referral to {facts.recipient}",
        footer=(
            f"Referral letter for {facts.patient_name} ({facts.record_number}), "
            f"{long_date(facts.written_on)}. Confidential: medical information."
        ),
        # The day only: the same facts give the same file.
        stamp=f"D:{facts.written_on:%Y%m%d}000000+00'00'",
        body_size=BODY,
        footer_size=SMALL,
    )


def write_referral_letter(facts: LetterFacts, path: Path) -> bytes:
    """Write the letter to ``path`` (owner-only, replaced whole) and return the bytes."""
    data = referral_letter_pdf(facts)
    write_private(data, path, ReferralLetterError, "referral letter")
    return data
