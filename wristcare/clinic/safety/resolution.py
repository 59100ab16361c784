"""How the practitioner answered each finding, and whether the note may be signed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.text import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, text_problem

ResolutionKind = Literal["proceeded", "overridden", "changed_treatment", "referred", "not_referred"]
RESOLUTION_KINDS: dict[str, str] = {
    "proceeded": "Proceeded, with a reason",
    "overridden": "Overridden, with a reason",
    "changed_treatment": "Changed the treatment",
    "referred": "Referred",
    "not_referred": "Not referred, with a reason",
}
# The answers each level accepts. A changed treatment is recorded for a finding that no
# longer fires; while it still fires, the change has not dealt with it.
ACCEPTED: dict[str, frozenset[str]] = {
    "caution": frozenset({"proceeded", "changed_treatment"}),
    "stop": frozenset({"overridden", "changed_treatment"}),
    "refer": frozenset({"referred", "not_referred"}),
    "info": frozenset(),
}
_NEEDS_TEXT = {
    "proceeded": "Give the reason to proceed",
    "overridden": "Give the reason to override",
    "not_referred": "Give the reason not to refer",
}


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
    kind: ResolutionKind
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
    problems: dict[str, str] = {}
    if resolution.kind not in RESOLUTION_KINDS:
        return {"kind": "Choose how the finding was dealt with"}
    if finding is not None and resolution.kind not in ACCEPTED[finding.level]:
        problems["kind"] = f"{RESOLUTION_KINDS[resolution.kind]} does not answer a {finding.level}"
    if resolution.kind in _NEEDS_TEXT and not resolution.text.strip():
        problems["text"] = _NEEDS_TEXT[resolution.kind]
    problem = text_problem(resolution.text, "The reason", LONG_TEXT_LIMIT)
    if problem:
        problems["text"] = problem
    if resolution.kind == "referred":
        problems.update(_referral_problems(resolution.referral, today))
    return problems


def _referral_problems(referral: Referral | None, today: date | None) -> dict[str, str]:
    if referral is None:
        return {"referral": "Say to whom, why and when the patient was referred"}
    problems = {}
    if not referral.recipient.strip():
        problems["recipient"] = "Say to whom the patient was referred"
    else:
        problem = text_problem(referral.recipient, "The recipient", SHORT_TEXT_LIMIT)
        if problem:
            problems["recipient"] = problem
    if not referral.reason.strip():
        problems["reason"] = "Give the reason for the referral"
    else:
        problem = text_problem(referral.reason, "The reason", LONG_TEXT_LIMIT)
        if problem:
            problems["reason"] = problem
    if referral.referred_on is None:
        problems["referred_on"] = "Enter the date of the referral"
    elif today is not None and referral.referred_on > today:
        problems["referred_on"] = "A referral cannot be dated in the future"
    return problems


def _latest(resolutions: Iterable[FindingResolution]) -> dict[str, FindingResolution]:
    # A later answer to the same finding replaces the earlier one.
    return {r.code: r for r in resolutions}


def _problem(finding: Finding, answer: FindingResolution | None) -> str | None:
    if finding.level == "info":
        return None
    if answer is None:
        return {
            "stop": "needs an override reason or a change of treatment",
            "refer": "needs a referral or a reason not to refer",
            "caution": "needs a reason to proceed",
        }[finding.level]
    if answer.kind == "changed_treatment" and finding.level != "refer":
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
        b
        for b in unresolved_findings(findings, resolutions)
        if b.finding.level in ("stop", "refer")
    ]
