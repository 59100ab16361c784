"""Safety rules: contraindications before a treatment, and the red-flag screen.

Pure functions over plain data: the rules import data definitions (db.vocab, the history,
consent and point-code data modules), never a use case, so importing them loads no
database code and no Qt (tests/clinic/test_pure_rules.py proves it). The rules, point
lists, thresholds and wording are data in resources/safety/rules.toml. The answers a note
or referral stores are judged here; storing them is the callers' business.
"""

from wristcare.clinic.safety.checks import check_treatment, list_rules, validate_disabled
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.safety.redflags import RedFlagSigns, screen_red_flags
from wristcare.clinic.safety.resolution import (
    Blocker,
    FindingResolution,
    Referral,
    unresolved_blockers,
    unresolved_findings,
    validate_resolution,
)
from wristcare.clinic.safety.rulebook import Rule, RuleBook, rule_book
from wristcare.clinic.safety.treatment import (
    ActiveConsent,
    ProposedTreatment,
    TreatedPoint,
    TreatmentContext,
    consents_in_force,
)

__all__ = [
    "ActiveConsent",
    "Blocker",
    "Finding",
    "FindingResolution",
    "TreatedPoint",
    "ProposedTreatment",
    "RedFlagSigns",
    "Referral",
    "Rule",
    "RuleBook",
    "TreatmentContext",
    "check_treatment",
    "consents_in_force",
    "list_rules",
    "rule_book",
    "screen_red_flags",
    "unresolved_blockers",
    "unresolved_findings",
    "validate_disabled",
    "validate_resolution",
]
