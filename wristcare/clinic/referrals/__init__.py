"""Red flags and referrals: the screen at intake and every session, the practitioner's
decision on each red flag (a referral, or why not), and the facts for a referral letter."""

from wristcare.clinic.referrals.letter import LetterFacts, SessionSummary, referral_letter_facts
from wristcare.clinic.referrals.screening import ScreenResult, latest_answers, run_screen
from wristcare.clinic.referrals.store import (
    DecisionDetails,
    clinic_thresholds,
    list_decisions,
    record_decision,
    save_screen,
    screen_context,
    update_referral,
    validate_decision,
)
from wristcare.clinic.referrals.views import (
    DECISION_LABELS,
    DecisionView,
    ReferralView,
    ScreenContext,
    StoredScreen,
)

__all__ = [
    "DECISION_LABELS",
    "DecisionDetails",
    "DecisionView",
    "LetterFacts",
    "ReferralView",
    "ScreenContext",
    "ScreenResult",
    "SessionSummary",
    "StoredScreen",
    "clinic_thresholds",
    "latest_answers",
    "list_decisions",
    "record_decision",
    "referral_letter_facts",
    "run_screen",
    "save_screen",
    "screen_context",
    "update_referral",
    "validate_decision",
]
