"""The red-flag screen as the practitioner sees it: which flags fire for the note being
typed, and which of them still wait for an answer. Pure: no database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wristcare.clinic.referrals.views import DecisionView, ScreenContext
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.safety.redflags import gather_signs, screen_red_flags
from wristcare.clinic.sessions.details import SessionDetails
from wristcare.db.vocab import FindingLevel


@dataclass(frozen=True)
class ScreenResult:
    """Every finding (red flags first, then the softer prompts), where each recorded sign
    was read, and the latest answer to each red flag that has one."""

    findings: tuple[Finding, ...]
    sources: Mapping[str, str]
    answered: Mapping[str, DecisionView]

    @property
    def red_flags(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is FindingLevel.REFER)

    @property
    def prompts(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.level is not FindingLevel.REFER)

    @property
    def unanswered(self) -> tuple[Finding, ...]:
        """Red flags with neither a referral nor a recorded reason not to refer."""
        return tuple(f for f in self.red_flags if f.code not in self.answered)


def latest_answers(decisions: tuple[DecisionView, ...]) -> dict[str, DecisionView]:
    """Flag code -> the latest decision that answered it."""
    answers: dict[str, DecisionView] = {}
    for decision in sorted(decisions, key=lambda d: (d.decided_on, d.id)):
        for code in decision.codes:
            answers[code] = decision
    return answers


def run_screen(
    context: ScreenContext,
    details: SessionDetails | None,
    answers: Mapping[str, bool] | None = None,
) -> ScreenResult:
    """Screen ``details`` (the note as typed; None at intake) with the practitioner's
    ``answers`` to the asked signs (default: as stored)."""
    recorded = gather_signs(
        details,
        context.screen.answers if answers is None else answers,
        context.history,
        context.no_improvement,
    )
    findings = screen_red_flags(recorded.signs, context.history)
    answered = latest_answers(context.decisions)
    fired = {f.code for f in findings}
    return ScreenResult(
        findings=tuple(findings),
        sources=dict(recorded.sources),
        answered={code: d for code, d in answered.items() if code in fired},
    )
