"""Session notes: drafts, signing, amendments, the per-patient hash chain, and lists.

The note editor imports from here; each module has one job (see their docstrings).
"""

from wristcare.clinic.sessions.chain import ChainProblem, verify_chains
from wristcare.clinic.sessions.details import (
    AdverseEventDetails,
    ChannelDetails,
    FindingDetails,
    PointDetails,
    SessionDetails,
)
from wristcare.clinic.sessions.drafts import (
    Prescription,
    find_draft,
    get_note,
    last_prescription,
    save_draft,
    start_draft,
    start_follow_up,
)
from wristcare.clinic.sessions.errors import NoteLockedError, NotYourDraftError
from wristcare.clinic.sessions.listing import (
    SessionListRow,
    SessionRow,
    count_sessions,
    list_patient_sessions,
    list_sessions,
)
from wristcare.clinic.sessions.points import resolve_point, suggest_points
from wristcare.clinic.sessions.signing import (
    CORRECTABLE,
    add_addendum,
    add_correction,
    field_value,
    mark_entered_in_error,
    sign_session,
)
from wristcare.clinic.sessions.validation import validate_for_signing, validate_session
from wristcare.clinic.sessions.views import SessionNote

__all__ = [
    "CORRECTABLE",
    "AdverseEventDetails",
    "ChainProblem",
    "ChannelDetails",
    "FindingDetails",
    "NoteLockedError",
    "NotYourDraftError",
    "PointDetails",
    "Prescription",
    "SessionDetails",
    "SessionListRow",
    "SessionNote",
    "SessionRow",
    "add_addendum",
    "add_correction",
    "count_sessions",
    "field_value",
    "find_draft",
    "get_note",
    "last_prescription",
    "list_patient_sessions",
    "list_sessions",
    "mark_entered_in_error",
    "resolve_point",
    "save_draft",
    "sign_session",
    "start_draft",
    "start_follow_up",
    "suggest_points",
    "validate_for_signing",
    "validate_session",
    "verify_chains",
]
