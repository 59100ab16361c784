"""How the practitioner answered each finding, and whether the note may be signed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from wristcare.clinic.labels import RESOLUTION_KINDS
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT
from wristcare.clinic.validation import Problems
from wristcare.db.vocab import FindingLevel, FindingResolutionKind

# The one rule for answering a finding. The answers each level accepts (the database
# CHECKs the same): a changed treatment is recorded for a finding that no longer fires;
# while it still fires, the change has not dealt with it.
ANSWERS_FOR_LEVEL: dict[FindingLevel, frozenset[FindingResolutionKind]] = {
    FindingLevel.CAUTION: frozenset(
        {FindingResolutionKind.PROCEEDED, FindingResolutionKind.CHANGED_TREATMENT}
    ),
    FindingLevel.STOP: frozenset(
        {FindingResolutionKind.OVERRIDDEN, FindingResolutionKind.CHANGED_TREATMENT}
    ),
    FindingLevel.REFER: frozenset(
        {FindingResolutionKind.REFERRED, FindingResolutionKind.NOT_REFERRED}
    ),
    FindingLevel.INFO: frozenset(),
}
# Answers that are only ever given with a reason, and what to say when it is missing.
REASON_NEEDED: dict[FindingResolutionKind, str] = {
    FindingResolutionKind.PROCEEDED: "Give the reason to proceed",
    FindingResolutionKind.OVERRIDDEN: "Give the reason to override",
    FindingResolutionKind.NOT_REFERRED: "Give the reason not to refer",
}
# Levels whose findings stop a note being signed until answered.
BLOCKING_LEVELS = frozenset({FindingLevel.STOP, FindingLevel.REFER})


@dataclass(frozen=True)
class Referral:
    """To whom, why and when the patient was referred."""

    recipient: str
    reason: str
    referred_on: date | None


@dataclass(frozen=True)
class FindingResolution:
    """The practitioner's answer to one finding, stored with the note."""

    code: str
    kind: FindingResolutionKind
    text: str = ""
    referral: Referral | None = None


@dataclass(frozen=True)
class Blocker:
    """A finding still waiting for an answer, and what is missing."""

    finding: Finding
    problem: str


def validate_resolution(
    resolution: FindingResolution, finding: Finding | None = None, today: date | None = None
) -> dict[str, str]:
    """Field -> message for an answer that cannot be recorded (an empty reason, a referral
    without recipient, an answer the finding's level does not take)."""
    problems = Problems()
    if not problems.choice(
        "kind", resolution.kind, RESOLUTION_KINDS, "Choose how the finding was dealt with"
    ):
        return problems.fields  # the rest is judged by the kind of answer
    kind = FindingResolutionKind(resolution.kind)
    if finding is not None:
        problems.check(
            "kind",
            kind in ANSWERS_FOR_LEVEL[finding.level],
            f"{RESOLUTION_KINDS[kind]} does not answer a {finding.level}",
        )
    # Text that cannot be stored is named before a missing reason (blank but too long
    # says "too long"), as it always was.
    problems.text("text", resolution.text, "The reason", LONG_TEXT_LIMIT)
    if kind in REASON_NEEDED:
        problems.required("text", resolution.text, REASON_NEEDED[kind])
    if kind is FindingResolutionKind.REFERRED:
        _referral_problems(resolution.referral, today, problems)
    return problems.fields


def _referral_problems(referral: Referral | None, today: date | None, problems: Problems) -> None:
    if referral is None:
        problems.add("referral", "Say to whom, why and when the patient was referred")
        return
    problems.required("recipient", referral.recipient, "Say to whom the patient was referred")
    problems.text("recipient", referral.recipient, "The recipient", SHORT_TEXT_LIMIT)
    problems.required("reason", referral.reason, "Give the reason for the referral")
    problems.text("reason", referral.reason, "The reason", LONG_TEXT_LIMIT)
    problems.required("referred_on", referral.referred_on, "Enter the date of the referral")
    referred_on = referral.referred_on
    problems.check(
        "referred_on",
        today is None or referred_on is None or referred_on <= today,
        "A referral cannot be dated in the future",
    )


def _latest(resolutions: Iterable[FindingResolution]) -> dict[str, FindingResolution]:
    # A later answer to the same finding replaces the earlier one.
    return {r.code: r for r in resolutions}


_UNANSWERED = {
    FindingLevel.STOP: "needs an override reason or a change of treatment",
    FindingLevel.REFER: "needs a referral or a reason not to refer",
    FindingLevel.CAUTION: "needs a reason to proceed",
}


def _problem(finding: Finding, answer: FindingResolution | None) -> str | None:
    if finding.level is FindingLevel.INFO:
        return None
    if answer is None:
        return _UNANSWERED[finding.level]
    if (
        answer.kind == FindingResolutionKind.CHANGED_TREATMENT
        and finding.level is not FindingLevel.REFER
    ):
        return "still applies after the change of treatment"
    problems = validate_resolution(answer, finding)
    return "; ".join(problems.values()) if problems else None


def unresolved_findings(
    findings: Iterable[Finding], resolutions: Iterable[FindingResolution]
) -> list[Blocker]:
    """Every caution, stop and red flag without a valid answer (notes need none)."""
    answers = _latest(resolutions)
    blockers = []
    for finding in findings:
        problem = _problem(finding, answers.get(finding.code))
        if problem:
            blockers.append(Blocker(finding, problem))
    return blockers


def unresolved_blockers(
    findings: Iterable[Finding], resolutions: Iterable[FindingResolution]
) -> list[Blocker]:
    """What stops the note being signed: a stop without an override reason (or a change
    that removed it), a red flag without a referral or a reason not to refer."""
    return [
        b for b in unresolved_findings(findings, resolutions) if b.finding.level in BLOCKING_LEVELS
    ]
