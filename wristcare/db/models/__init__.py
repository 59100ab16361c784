"""Every table WristCare stores, importable from one place (Alembic reads this)."""

from wristcare.db.base import Base
from wristcare.db.models.audit import AuditEntry
from wristcare.db.models.clinic import ClinicSettingsRow
from wristcare.db.models.outcomes import OutcomeMeasure
from wristcare.db.models.patients import Consent, HealthHistory, Patient
from wristcare.db.models.plans import (
    HomeCareItem,
    HomeCareLibraryRow,
    PlanGoal,
    PlanIssue,
    PlanPhase,
    PlanPoint,
    TreatmentPlan,
)
from wristcare.db.models.reference import Acupoint, Exercise, Practitioner
from wristcare.db.models.sessions import (
    AdverseEvent,
    ElectroChannel,
    ExamFinding,
    NeedledPoint,
    SessionAmendment,
    TreatmentSession,
)
from wristcare.db.models.signatures import Signature

__all__ = [
    "Acupoint",
    "AdverseEvent",
    "AuditEntry",
    "Base",
    "ClinicSettingsRow",
    "Consent",
    "ElectroChannel",
    "ExamFinding",
    "Exercise",
    "HealthHistory",
    "HomeCareItem",
    "HomeCareLibraryRow",
    "NeedledPoint",
    "OutcomeMeasure",
    "Patient",
    "PlanGoal",
    "PlanIssue",
    "PlanPhase",
    "PlanPoint",
    "Practitioner",
    "SessionAmendment",
    "Signature",
    "TreatmentPlan",
    "TreatmentSession",
]
