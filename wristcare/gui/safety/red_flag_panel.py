"""The red-flag screen where the practitioner works: in the session note (fed the note as
it is typed) and on the patient record at intake.

Calm, not alarming: each red flag is one line saying what was found and where it was read,
then how it was answered. An unanswered red flag stays visible in an amber line (and in the
chip at the top of the note window) until it is answered with a referral or a reason not
to refer. Bilateral or glove-and-stocking symptoms only prompt: consider a systemic cause.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.referrals import (
    DecisionDetails,
    ReferralView,
    ScreenContext,
    ScreenResult,
    record_decision,
    run_screen,
    save_screen,
    screen_context,
    update_referral,
)
from wristcare.clinic.safety import Referral
from wristcare.clinic.safety.redflags import ASKED_SIGNS
from wristcare.clinic.sessions import SessionDetails
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.errors import WristCareError
from wristcare.gui import crash, dialogs
from wristcare.gui.safety.decision_dialog import DecisionDialog, ReferralCorrectionDialog
from wristcare.gui.safety.letter_export import save_referral_letter
from wristcare.gui.widgets.fields import button, checkbox

# The note is screened again this long after the last edit, not on every keystroke.
RESCREEN_MS = 250
STYLE = """
QLabel#redFlagSummary { padding: 6px 8px; border-radius: 4px; }
QLabel#redFlagSummary[state="open"] {
    background: #fef3c7; color: #713f12; border-left: 4px solid #d97706; }
QLabel#redFlagSummary[state="answered"] {
    background: #eef2f6; color: #1c3d5a; border-left: 4px solid #7d8a96; }
QLabel#redFlagSummary[state="clear"] { color: palette(placeholder-text); }
QLabel[redflag="prompt"] { color: #1e3a5f; }
QPushButton#redFlagChip[state="open"] {
    background: #fef3c7; color: #713f12; border: 1px solid #d97706; padding: 3px 8px; }
"""


def _restyle(widget: QWidget, state: str) -> None:
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class RedFlagPanel(QGroupBox):
    """``show_session`` / ``show_intake`` choose what is screened; ``update_note`` feeds
    the note as typed. ``changed`` (patient id) after an answer is recorded."""

    changed = Signal(int)
    reveal_requested = Signal()
    unanswered_changed = Signal(int)

    def __init__(self, database: Database, context: ClinicContext | None) -> None:
        super().__init__("Red flags: does the patient need to see their doctor?")
        self.setObjectName("redFlagPanel")
        self.setStyleSheet(STYLE)
        self.database = database
        self.context = context
        self.screen: ScreenContext | None = None
        self.result: ScreenResult | None = None
        self.details: SessionDetails | None = None
        self.locked = False
        self.dialog: DecisionDialog | ReferralCorrectionDialog | None = None
        self._target: tuple[int, int | None] | None = None
        self._read_note: Callable[[], SessionDetails] | None = None
        self._unanswered = 0

        self.summary = QLabel()
        self.summary.setObjectName("redFlagSummary")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Red flags")
        self.flags = QLabel()
        self.flags.setObjectName("redFlagList")
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.PlainText)
        self.flags.setAccessibleName("Red flags found")
        self.prompts = QLabel()
        self.prompts.setObjectName("redFlagPrompts")
        self.prompts.setProperty("redflag", "prompt")
        self.prompts.setWordWrap(True)
        self.prompts.setAccessibleName("Things to consider")
        self.earlier = QLabel()
        self.earlier.setObjectName("redFlagDecisions")
        self.earlier.setWordWrap(True)
        self.earlier.setTextFormat(Qt.TextFormat.PlainText)
        self.earlier.setAccessibleName("Referrals and decisions so far")
        asked = QLabel("Ask the patient (tick what applies):")
        self.questions = {name: checkbox(text) for name, text in ASKED_SIGNS.items()}
        self.answer_button = button("Answer red flags…")
        self.letter_button = button("Referral letter…")
        self.correct_button = button("Correct the latest referral…")
        # The chip at the top of the note window: one line, visible wherever the form is
        # scrolled, that brings the panel into view.
        self.chip = QPushButton()
        self.chip.setObjectName("redFlagChip")
        self.chip.setFlat(True)
        self.chip.setStyleSheet(STYLE)
        self.chip.clicked.connect(self.reveal_requested)

        grid = QVBoxLayout()
        grid.setSpacing(2)
        for box in self.questions.values():
            grid.addWidget(box)
            box.toggled.connect(self._answers_changed)
        actions = QHBoxLayout()
        actions.addWidget(self.answer_button)
        actions.addWidget(self.letter_button)
        actions.addWidget(self.correct_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.flags)
        layout.addWidget(self.prompts)
        layout.addWidget(asked)
        layout.addLayout(grid)
        layout.addLayout(actions)
        layout.addWidget(self.earlier)
        layout.addStretch(1)

        self.rescreen = QTimer(self)
        self.rescreen.setSingleShot(True)
        self.rescreen.setInterval(RESCREEN_MS)
        self.rescreen.timeout.connect(self._render)
        self.answer_button.clicked.connect(self.answer)
        self.letter_button.clicked.connect(self.write_letter)
        self.correct_button.clicked.connect(self.correct_referral)

    # What is screened

    def use_context(self, context: ClinicContext | None) -> None:
        """Who acts from now on: the screen is read again as them."""
        self.context = context
        self.refresh()

    def show_session(self, patient_id: int, session_id: int, *, locked: bool) -> None:
        """Screen a session note; ``locked``: a signed note's answers are not changed."""
        self.locked = locked
        self._load(patient_id, session_id)

    def show_intake(self, patient_id: int | None) -> None:
        """Screen at intake, before any note (None: no patient shown)."""
        self.locked = False
        self._read_note = None
        self.details = None
        if patient_id is None:
            self._target = None
            self.screen = None
            self._render()
            return
        self._load(patient_id, None)

    def _load(self, patient_id: int, session_id: int | None) -> None:
        self._target = (patient_id, session_id)
        if self.context is None:
            self.screen = None
            self._render()
            return
        try:
            self.screen = screen_context(self.database, self.context, patient_id, session_id)
        except WristCareError as error:
            crash.show_error(self, error)
            return
        for name, box in self.questions.items():
            box.blockSignals(True)
            box.setChecked(bool(self.screen.screen.answers.get(name)))
            box.blockSignals(False)
        self._render()

    def watch(self, read_note: Callable[[], SessionDetails]) -> None:
        """Screen the note as ``read_note()`` gives it (the form as typed)."""
        self._read_note = read_note

    def note_edited(self) -> None:
        """Something in the note changed: screen it again shortly."""
        self.rescreen.start()

    def refresh(self) -> None:
        """Read the stored answers and decisions again (after a save or a decision)."""
        if self._target is not None:
            self._load(*self._target)
        else:
            self._render()

    # What is shown

    def _answers(self) -> dict[str, bool]:
        return {name: box.isChecked() for name, box in self.questions.items()}

    def _render(self) -> None:
        self.rescreen.stop()
        screen = self.screen
        editable = screen is not None and self.context is not None
        for box in self.questions.values():
            box.setEnabled(editable and not self.locked)
        if screen is None:
            self.result = None
            self._show_summary(
                "clear", "Red flags cannot be screened until a practitioner is set up."
            )
            self.flags.hide()
            self.prompts.hide()
            self.earlier.hide()
            self.answer_button.setEnabled(False)
            self.letter_button.setEnabled(False)
            self.correct_button.setEnabled(False)
            return
        if self._read_note is not None:
            self.details = self._read_note()
        try:
            self.result = run_screen(screen, self.details, self._answers())
        except ValidationError as error:
            self._show_summary("clear", "; ".join(error.fields.values()))
            return
        result = self.result
        lines = []
        for finding in result.red_flags:
            source = result.sources.get(finding.fields[0] if finding.fields else "", "")
            where = f" (from {source})" if source else ""
            answer = result.answered.get(finding.code)
            state = answer.summary if answer else "Not answered yet: refer, or record why not."
            lines.append(f"• {finding.title}{where}. {finding.explanation}\n   {state}")
        self.flags.setText("\n".join(lines))
        self.flags.setVisible(bool(lines))
        self.prompts.setText("\n".join(f"{f.title}: {f.explanation} {f.guidance}"
                                       for f in result.prompts))  # fmt: skip
        self.prompts.setVisible(bool(result.prompts))
        open_flags = result.unanswered
        if open_flags:
            names = ", ".join(f.title for f in open_flags)
            count = len(open_flags)
            self._show_summary(
                "open",
                f"{count} red flag{'s' if count > 1 else ''} to answer: {names}. Refer the "
                "patient to their doctor, or record why not.",
            )
        elif result.red_flags:
            self._show_summary("answered", "Red flags answered (see below).")
        else:
            self._show_summary("clear", "No red flags in what is recorded.")
        self.earlier.setText(
            "Referrals and decisions so far:\n"
            + "\n".join(f"• {d.titles}: {d.summary}" for d in reversed(screen.decisions))
            if screen.decisions
            else ""
        )
        self.earlier.setVisible(bool(screen.decisions))
        self.answer_button.setEnabled(bool(result.red_flags) and self.context is not None)
        referred = self._latest_referral() is not None and self.context is not None
        self.letter_button.setEnabled(referred)
        self.correct_button.setEnabled(referred)

    def _show_summary(self, state: str, text: str) -> None:
        count = len(self.result.unanswered) if self.result is not None else 0
        if count != self._unanswered:
            self._unanswered = count
            self.unanswered_changed.emit(count)
        self.summary.setText(text)
        _restyle(self.summary, state)
        chip = {"open": "Red flag to answer", "answered": "Red flags answered"}
        self.chip.setText(chip.get(state, "No red flags"))
        self.chip.setToolTip(text)
        self.chip.setAccessibleName(self.chip.text())
        self.chip.setAccessibleDescription(text)
        self.chip.setVisible(state in ("open", "answered"))
        _restyle(self.chip, state)

    def unanswered_count(self) -> int:
        """Red flags still waiting for a referral or a reason not to refer."""
        if self.rescreen.isActive():
            self._render()
        return len(self.result.unanswered) if self.result else 0

    # Acting

    def _answers_changed(self) -> None:
        screen = self.screen
        if screen is None or self.context is None or self.locked:
            return
        try:
            stored = save_screen(
                self.database, self.context, screen.patient_id, screen.session_id,
                self._answers(), screen.screen.version,
            )  # fmt: skip
        except ConcurrentEditError as error:
            if dialogs.ask_reload(self, error.message):
                self.refresh()
            return
        except WristCareError as error:
            crash.show_error(self, error)
            return
        self.screen = replace(screen, screen=stored)
        self._render()

    def answer(self) -> None:
        """Open the answer dialog for the unanswered red flags (all of them if none is)."""
        if self.screen is None or self.context is None or self.result is None:
            return
        flags = self.result.unanswered or self.result.red_flags
        if not flags:
            return
        self.dialog = DecisionDialog(
            self, flags, recipient=self.screen.family_doctor, today=self.context.today(),
            submit=lambda details: self._record(flags, details),
        )  # fmt: skip
        self.dialog.open()

    def _record(self, flags: tuple, details: DecisionDetails) -> dict[str, str]:
        screen = self.screen
        if screen is None or self.context is None:
            return {"findings": "Nobody is set up as the practitioner using WristCare"}
        try:
            record_decision(
                self.database, self.context, screen.patient_id, screen.session_id, flags, details
            )
        except ValidationError as error:
            return error.fields
        except WristCareError as error:
            return {"findings": error.message}
        self.refresh()
        self.changed.emit(screen.patient_id)
        return {}

    def _latest_referral(self) -> ReferralView | None:
        if self.screen is None:
            return None
        referrals = [d.referral for d in self.screen.decisions if d.referral is not None]
        return referrals[-1] if referrals else None

    def correct_referral(self) -> None:
        """Correct the recipient, reason or date of the patient's latest referral."""
        latest = self._latest_referral()
        if latest is None or self.context is None:
            return
        current = Referral(latest.recipient, latest.reason, latest.referred_on)
        self.dialog = ReferralCorrectionDialog(
            self, current, submit=lambda referral: self._correct(latest, referral)
        )
        self.dialog.open()

    def _correct(self, latest: ReferralView, referral: Referral) -> dict[str, str]:
        if self.context is None or self.screen is None:
            return {"recipient": "Nobody is set up as the practitioner using WristCare"}
        try:
            update_referral(self.database, self.context, latest.id, referral, latest.version)
        except ValidationError as error:
            return error.fields
        except ConcurrentEditError as error:
            if dialogs.ask_reload(self, error.message):
                self.refresh()
            return {"recipient": "Not saved: the referral was changed elsewhere"}
        except WristCareError as error:
            return {"recipient": error.message}
        self.refresh()
        self.changed.emit(self.screen.patient_id)
        return {}

    def write_letter(self) -> None:
        if self.screen is None or self.context is None:
            return
        save_referral_letter(
            self, self.database, self.context, self.screen.patient_id, self.screen.record_number
        )
