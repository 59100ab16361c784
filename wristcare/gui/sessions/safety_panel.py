"""The safety findings of the note, beside the treatment they are about: a compact list,
stops first, each with its level badge, one line of what fired, and the answer the
practitioner gives (a reason to proceed past a caution, an override reason for a stop).
The explanation, the guidance and the source are in each row's tooltip."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.safety.resolution import Blocker, unresolved_findings
from wristcare.clinic.sessions.details import SafetyAnswer
from wristcare.clinic.sessions.safety import resolutions
from wristcare.clinic.sessions.views import SafetyFindingView
from wristcare.clinic.text import LONG_TEXT_LIMIT
from wristcare.db.vocab import FindingLevel, FindingResolutionKind
from wristcare.gui.widgets.fields import button
from wristcare.gui.widgets.level_colours import LEVEL_COLOURS

# Badge words and colours (text, background): the Safety page's; the word is always
# there, so nothing depends on colour alone.
BADGE_WORDS = {
    FindingLevel.STOP: "STOP",
    FindingLevel.REFER: "Red flag",
    FindingLevel.CAUTION: "Caution",
    FindingLevel.INFO: "Note",
}
BADGES = {level: (word, *LEVEL_COLOURS[level]) for level, word in BADGE_WORDS.items()}
# What the practitioner does to answer a finding of each level, and how it then reads.
ACTIONS = {
    "caution": (FindingResolutionKind.PROCEEDED, "Proceed…", "Reason to proceed"),
    "stop": (FindingResolutionKind.OVERRIDDEN, "Override…", "Override reason"),
}
# Beside the reason once the practitioner answers.
REASON_LABELS = {"caution": "Proceeding because:", "stop": "Overriding because:"}
ANSWERED = {
    FindingResolutionKind.PROCEEDED: "Proceeding",
    FindingResolutionKind.OVERRIDDEN: "Overridden",
    FindingResolutionKind.CHANGED_TREATMENT: "Treatment changed",
    FindingResolutionKind.REFERRED: "Referred",
    FindingResolutionKind.NOT_REFERRED: "Not referred",
}
WAITING = "<b>Safety:</b> reading the health history and consents…"
QUIET = "<b>Safety:</b> nothing to check for this treatment."
NONE_RECORDED = "<b>Safety:</b> no findings were recorded with this note."


@dataclass(frozen=True)
class _Shown:
    """One row: the finding as worded and where it came from."""

    code: str
    level: FindingLevel
    title: str
    explanation: str
    guidance: str
    source: str


def _tooltip(shown: _Shown) -> str:
    lines = [f"{shown.title} ({shown.code})", shown.explanation]
    if shown.guidance:
        lines.append(f"What to do: {shown.guidance}")
    lines.append(f"Source: {shown.source}")
    return "\n".join(lines)


class FindingRow(QFrame):
    """One finding: badge, title and what fired; the answer below when one is asked."""

    answer_changed = Signal()

    def __init__(self, shown: _Shown, answer: SafetyAnswer | None, locked: bool) -> None:
        super().__init__()
        self.shown = shown
        self.setObjectName("safetyFinding")
        self.setToolTip(_tooltip(shown))
        word, ink, paper = BADGES[shown.level]
        self.badge = QLabel(word)
        self.badge.setObjectName("safetyBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumWidth(64)
        self.badge.setStyleSheet(
            f"color: {ink}; background: {paper}; border-radius: 3px; padding: 1px 6px;"
            + (" font-weight: bold;" if shown.level in ("stop", "refer") else "")
        )
        self.text = QLabel(f"<b>{_escape(shown.title)}</b> — {_escape(shown.explanation)}")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName(f"{word}: {shown.title}. {shown.explanation}")
        self.reason = QLineEdit()
        self.reason.setMaxLength(LONG_TEXT_LIMIT)
        self.reason_label = QLabel(REASON_LABELS.get(shown.level, ""))
        self.answer_button = None
        self.answered = QLabel()
        self.answered.setWordWrap(True)
        self.answered.setObjectName("safetyAnswer")
        action = ACTIONS.get(shown.level)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        below = QGridLayout()
        below.setContentsMargins(70, 0, 0, 0)
        below.addWidget(self.answered, 0, 0, 1, 2)
        layout.addLayout(below)
        self.kind = action[0] if action else None
        if action is not None and not locked:
            kind, label, placeholder = action
            self.answer_button = button(label)
            self.answer_button.setAccessibleDescription(f"{label.rstrip('…')}: {shown.title}")
            self.reason.setPlaceholderText(f"{placeholder}: why it is right for this patient")
            self.reason.setAccessibleName(f"{placeholder}: {shown.title}")
            below.addWidget(self.reason_label, 1, 0)
            below.addWidget(self.reason, 1, 1)
            self.reason_label.setBuddy(self.reason)
            top.addWidget(self.answer_button, 0, Qt.AlignmentFlag.AlignTop)
            self.answer_button.clicked.connect(self._ask)
            self.reason.textChanged.connect(self.answer_changed)
        self.reason.hide()
        self.reason_label.hide()
        self.set_answer(answer)

    def _ask(self) -> None:
        self.reason.show()
        self.reason_label.show()
        if self.answer_button is not None:
            self.answer_button.hide()
        self.reason.setFocus()

    def set_answer(self, answer: SafetyAnswer | None) -> None:
        given = answer is not None and answer.kind is self.kind and bool(answer.reason)
        if given and self.answer_button is not None:
            assert answer is not None
            self.reason.blockSignals(True)
            self.reason.setText(answer.reason)
            self.reason.blockSignals(False)
            self.reason.show()
            self.reason_label.show()
            self.answer_button.hide()
        self._show_answer(answer)

    def _show_answer(self, answer: SafetyAnswer | None) -> None:
        # A reason being typed is its own display; the line says a stored answer only.
        if answer is None or self.answer_button is not None:
            self.answered.hide()
            return
        text = ANSWERED[answer.kind]
        if answer.reason:
            text += f": {answer.reason}"
        self.answered.setText(text)
        self.answered.show()

    def answer(self) -> SafetyAnswer | None:
        """The answer typed in this row, if any."""
        text = self.reason.text().strip()
        if self.kind is None or not text:
            return None
        s = self.shown
        return SafetyAnswer(
            s.code, FindingLevel(s.level), s.title, s.explanation, s.source, self.kind, text
        )


def read_only_row(finding: Finding) -> FindingRow:
    """A finding shown without an answer to give (a plan: reasons are asked in the note)."""
    shown = _Shown(
        finding.code, finding.level, finding.title, finding.explanation, finding.guidance,
        finding.source,
    )  # fmt: skip
    return FindingRow(shown, None, locked=True)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


class SafetyPanel(QWidget):
    """The findings of the note as written now. ``answered``: an answer was given, taken
    back, or recorded by itself (a stop or caution gone after a change of treatment)."""

    answered = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Safety findings")
        self.summary = QLabel(WAITING)
        self.summary.setObjectName("safetySummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.list = QVBoxLayout()
        self.list.setContentsMargins(0, 0, 0, 0)
        self.list.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addLayout(self.list)
        self.rows: list[FindingRow] = []
        self.findings: list[Finding] = []
        # Answers kept with the note: typed in the rows, or a changed treatment.
        self._answers: dict[str, SafetyAnswer] = {}
        self.ready = False
        self.locked = False

    # What the note holds

    def load(self, answers: list[SafetyAnswer]) -> None:
        """The answers stored with the draft (the findings follow once the facts are in)."""
        self._answers = {a.code: a for a in answers}
        self.findings = []  # a note loaded afresh: nothing it had was "changed" away
        for row in self.rows:
            row.set_answer(self._answers.get(row.shown.code))

    def answers(self) -> list[SafetyAnswer]:
        """Every answer to keep with the note, in the order the findings show."""
        self._collect()
        return list(self._answers.values())

    def _collect(self) -> None:
        for row in self.rows:
            typed = row.answer()
            code = row.shown.code
            if typed is not None:
                self._answers[code] = typed
            elif code in self._answers and self._answers[code].kind is row.kind:
                del self._answers[code]  # the reason was cleared: no longer answered

    # What the rules say

    def show_findings(self, findings: list[Finding]) -> None:
        """The findings for the note as written now (stops first)."""
        self._collect()
        before = {f.code: f for f in self.findings if f.level in ("stop", "caution")}
        now = {f.code for f in findings}
        changed = False
        for code, gone in before.items():
            if code not in now:
                # Dealt with by changing the treatment: said so with the note.
                self._answers[code] = SafetyAnswer(
                    gone.code, FindingLevel(gone.level), gone.title, gone.explanation,
                    gone.source, FindingResolutionKind.CHANGED_TREATMENT,
                )  # fmt: skip
                changed = True
        for finding in findings:
            old = self._answers.get(finding.code)
            if old is not None and old.kind is FindingResolutionKind.CHANGED_TREATMENT:
                del self._answers[finding.code]  # back again: the change no longer answers it
                changed = True
        self.ready = True
        self.findings = list(findings)
        shown = [
            _Shown(f.code, f.level, f.title, f.explanation, f.guidance, f.source) for f in findings
        ]
        # Typing a technique or a reason changes nothing here: the rows stay as they are.
        if shown != [row.shown for row in self.rows]:
            self._rebuild(shown)
        else:
            self._summarise()
        if changed:
            self.answered.emit()

    def show_stored(self, stored: tuple[SafetyFindingView, ...]) -> None:
        """A signed note (or another's draft): the findings as signed, read-only."""
        self.locked = True
        self.ready = True
        self.findings = []
        self._answers = {}
        shown = []
        answers = {}
        for f in stored:
            shown.append(_Shown(f.code, f.level, f.title, f.explanation, "", f.source))
            answer = f.answer()
            if answer is not None:
                answers[f.code] = answer
        self._answers = answers
        self._rebuild(shown)

    def show_unavailable(self, message: str) -> None:
        self.ready = False
        self.summary.setText(
            f"<b>Safety:</b> the checks could not run here ({_escape(message)}); "
            "they run again when the note is signed."
        )

    def _rebuild(self, shown: list[_Shown]) -> None:
        focused = next((r.shown.code for r in self.rows if r.reason.hasFocus()), None)
        for row in self.rows:
            self.list.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for item in shown:
            row = FindingRow(item, self._answers.get(item.code), self.locked)
            row.answer_changed.connect(self._typed)
            self.list.addWidget(row)
            row.show()  # now, not on the next turn of the event loop: the finding is news
            self.rows.append(row)
            if item.code == focused:
                row.reason.setFocus()
        self._summarise()

    def _typed(self) -> None:
        self._collect()
        self._summarise()
        self.answered.emit()

    def _summarise(self) -> None:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.shown.level] = counts.get(row.shown.level, 0) + 1
        if not self.rows:
            self.summary.setText(NONE_RECORDED if self.locked else QUIET)
            return
        words = {"stop": ("stop", "stops"), "refer": ("red flag", "red flags"),
                 "caution": ("caution", "cautions"), "info": ("note", "notes")}  # fmt: skip
        parts = [
            f"{n} {words[level][n != 1]}" for level in FindingLevel if (n := counts.get(level, 0))
        ]
        waiting = len(self.blockers()) if not self.locked else 0
        tail = f" · {waiting} to answer before signing" if waiting else ""
        self.summary.setText(f"<b>Safety:</b> {', '.join(parts)}{tail}")

    def blockers(self) -> list[Blocker]:
        """Each stop and caution still without its reason (the note is not signed then)."""
        if self.locked:
            return []
        self._collect()
        return unresolved_findings(self.findings, resolutions(list(self._answers.values())))

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
