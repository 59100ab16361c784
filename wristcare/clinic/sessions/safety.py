"""The safety rules on a note: what they read about the patient, the treatment they
check, and the answers a note must carry to be signed."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.errors import UnknownPointError
from wristcare.clinic.history_details import HealthHistoryDetails
from wristcare.clinic.point_codes import resolve_point_code
from wristcare.clinic.retention import age_on
from wristcare.clinic.rule_switches import read_rules_off

# The safety package's modules, not the package: its red-flag screen reads session notes,
# so importing the package from here would go round in a circle.
from wristcare.clinic.safety.checks import check_treatment
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.safety.resolution import (
    ANSWERS_FOR_LEVEL,
    Blocker,
    FindingResolution,
    unresolved_blockers,
)
from wristcare.clinic.safety.treatment import (
    ActiveConsent,
    ProposedTreatment,
    TreatedPoint,
    TreatmentContext,
)
from wristcare.clinic.sessions.details import SafetyAnswer, SessionDetails
from wristcare.db.engine import Database
from wristcare.db.models import Consent, HealthHistory, Patient
from wristcare.db.vocab import FindingLevel, FindingResolutionKind

# Adjuncts that need a consent of their own (consent.MODALITIES keys); a heat lamp does not.
_CONSENTED_ADJUNCTS = ("moxibustion", "cupping", "gua_sha", "tui_na")


@dataclass(frozen=True)
class SafetyFacts:
    """What the rules read about the patient: read once when a note opens."""

    history: HealthHistoryDetails | None
    consents: tuple[ActiveConsent, ...]
    age_years: int | None
    rules_off: frozenset[str] = frozenset()


def read_safety_facts(db: DbSession, patient_id: int, day: date) -> SafetyFacts:
    """The patient's current health history, consents in force on ``day``, age on ``day``,
    and the clinic's switched-off rules, inside a caller's unit of work."""
    row = db.scalar(
        select(HealthHistory)
        .where(HealthHistory.patient_id == patient_id, HealthHistory.superseded_at.is_(None))
        .order_by(HealthHistory.version.desc())
        .limit(1)
    )
    history = (
        None
        if row is None
        else HealthHistoryDetails(
            **{f.name: getattr(row, f.name) for f in fields(HealthHistoryDetails)}
        )
    )
    consents = tuple(
        ActiveConsent(c.modality, guardian_present=c.consenter == "guardian")
        for c in db.scalars(select(Consent).where(Consent.patient_id == patient_id))
        if c.given_on <= day and (c.withdrawn_on is None or c.withdrawn_on > day)
    )
    patient = db.get(Patient, patient_id)
    born = patient.date_of_birth if patient is not None else None
    age = age_on(born, day) if born is not None else None
    return SafetyFacts(history, consents, age, read_rules_off(db))


def load_safety_facts(database: Database, patient_id: int, day: date) -> SafetyFacts:
    """What the rules read about the patient, for a note of ``day`` (the note editor
    loads it once, off the GUI thread)."""
    with database.read() as db:
        return read_safety_facts(db, patient_id, day)


def _code(typed: str) -> str | None:
    try:
        return resolve_point_code(typed)
    except UnknownPointError:
        return None


def _within(value: int | None, low: int, high: int) -> int | None:
    # A value the rules cannot read is left out (the note's own checks report it).
    return value if value is not None and low <= value <= high else None


def proposed_treatment(details: SessionDetails) -> ProposedTreatment:
    """The treatment of a note as the rules read it: library points with side, gauge,
    depth and angle (free sites are not points the rules know), the channels between
    library points, and every modality used (any channel means electroacupuncture)."""
    codes = [_code(p.point) if p.point else None for p in details.points]
    points = tuple(
        TreatedPoint(
            code=code,
            side=str(p.side or ""),
            gauge=_within(p.gauge_hundredths_mm, 5, 60),
            depth=_within(p.depth_tenths_mm, 0, 1500),
            angle=str(p.angle or ""),
        )
        for p, code in zip(details.points, codes, strict=True)
        if code is not None
    )
    channels = tuple(
        (first, second)
        for c in details.channels
        if all(0 <= end < len(codes) for end in (c.point_a, c.point_b))
        and (first := codes[c.point_a])
        and (second := codes[c.point_b])
    )
    modalities = {name for name in _CONSENTED_ADJUNCTS if getattr(details, name)}
    if details.points:
        modalities.add("acupuncture")
    if details.channels:
        modalities.add("electroacupuncture")
    return ProposedTreatment(
        points=points,
        channels=channels,
        modalities=frozenset(modalities),
    )


def note_findings(facts: SafetyFacts, details: SessionDetails) -> list[Finding]:
    """Every safety rule that fires on the note as written, stops first (pure and fast:
    the note editor runs it on each edit)."""
    context = TreatmentContext(
        history=facts.history,
        consents=facts.consents,
        age_years=facts.age_years,
        treatment=proposed_treatment(details),
    )
    return check_treatment(context, disabled=facts.rules_off)


def resolutions(answers: list[SafetyAnswer]) -> list[FindingResolution]:
    """The answers as the rule engine's resolutions."""
    return [a.resolution for a in answers]


def signing_blockers(findings: list[Finding], answers: list[SafetyAnswer]) -> list[Blocker]:
    """The stops (and red flags) still without a valid answer: the note cannot be signed."""
    return unresolved_blockers(findings, resolutions(answers))


def blockers_message(blockers: list[Blocker]) -> str:
    """One sentence per finding that stops signing."""
    return " ".join(f"Cannot sign yet: “{b.finding.title}” {b.problem}." for b in blockers)


class Shown(Protocol):
    """A finding as worded (a Finding, or the snapshot kept with an answer)."""

    @property
    def code(self) -> str: ...
    @property
    def level(self) -> FindingLevel: ...
    @property
    def title(self) -> str: ...
    @property
    def explanation(self) -> str: ...
    @property
    def source(self) -> str: ...


def findings_to_keep(
    findings: list[Finding], answers: list[SafetyAnswer]
) -> list[tuple[Shown, SafetyAnswer | None]]:
    """What a signed note records: every finding that fires, worded as now, with its
    answer (None while unanswered), then each stop or caution the practitioner removed
    by changing the treatment, worded as when it fired."""
    by_code = {a.code: a for a in answers}
    kept: list[tuple[Shown, SafetyAnswer | None]] = []
    for finding in findings:
        answer = by_code.get(finding.code)
        fits = (
            answer is not None
            and answer.kind in ANSWERS_FOR_LEVEL[finding.level]
            and answer.kind is not FindingResolutionKind.CHANGED_TREATMENT
        )
        kept.append((finding, answer if fits else None))
    firing = {f.code for f in findings}
    kept += [
        (a, a)
        for a in answers
        if a.code not in firing and a.kind is FindingResolutionKind.CHANGED_TREATMENT
    ]
    return kept


__all__ = [
    "SafetyFacts",
    "blockers_message",
    "findings_to_keep",
    "load_safety_facts",
    "note_findings",
    "proposed_treatment",
    "read_safety_facts",
    "signing_blockers",
]
