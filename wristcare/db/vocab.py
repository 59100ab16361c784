"""The closed vocabularies of the treatment record, declared once.

Columns store the values (never the labels); labels for people live in clinic/ or gui/.
Each column is a non-native enum with a CHECK constraint, so SQLite and PostgreSQL both
refuse a value outside the vocabulary. Migrations freeze their own copies of these lists.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Enum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"
    MIDLINE = "midline"


class MeasureSide(StrEnum):
    """The side an outcome was measured on; ``none`` for whole-person ratings (NRS).

    Not NULL, so that UNIQUE (session_id, instrument, side) holds on every backend.
    """

    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"
    NONE = "none"


class SessionStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    ENTERED_IN_ERROR = "entered_in_error"


class Severity(StrEnum):
    """Severity grade of the condition (clinical.md §2) and of an adverse event."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class ExamTest(StrEnum):
    PHALEN = "phalen"
    TINEL = "tinel"
    CARPAL_COMPRESSION = "carpal_compression"
    TWO_POINT = "two_point"
    GRIP = "grip"
    PINCH_TIP = "pinch_tip"
    PINCH_KEY = "pinch_key"
    PINCH_PALMAR = "pinch_palmar"
    THENAR_WASTING = "thenar_wasting"
    THUMB_ABDUCTION = "thumb_abduction"


class ExamResult(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    EQUIVOCAL = "equivocal"
    NOT_DONE = "not_done"


class AdverseEventKind(StrEnum):
    """clinical.md §4, plus ``other`` (described in the event's text)."""

    BRUISING = "bruising"
    BLEEDING = "bleeding"
    NEEDLE_PAIN = "needle_pain"
    AGGRAVATION = "aggravation"
    DROWSINESS = "drowsiness"
    FAINTING = "fainting"
    NAUSEA = "nausea"
    INFECTION = "infection"
    PNEUMOTHORAX = "pneumothorax"
    RETAINED_NEEDLE = "retained_needle"
    BROKEN_NEEDLE = "broken_needle"
    BURN = "burn"
    DEVICE_INTERFERENCE = "device_interference"
    OTHER = "other"


class AmendmentKind(StrEnum):
    ADDENDUM = "addendum"
    CORRECTION = "correction"
    ENTERED_IN_ERROR = "entered_in_error"


class SignedEntity(StrEnum):
    """What a row of ``signatures`` signs."""

    SESSION = "session"
    AMENDMENT = "amendment"


class NeedleAngle(StrEnum):
    PERPENDICULAR = "perpendicular"
    OBLIQUE = "oblique"
    TRANSVERSE = "transverse"


class ElectroWaveform(StrEnum):
    CONTINUOUS = "continuous"
    DENSE_DISPERSE = "dense_disperse"
    INTERMITTENT = "intermittent"


class Instrument(StrEnum):
    NRS_PAIN = "nrs_pain"
    NRS_NUMBNESS = "nrs_numbness"
    NRS_TINGLING = "nrs_tingling"
    NRS_WEAKNESS = "nrs_weakness"
    NRS_NIGHT_WAKING = "nrs_night_waking"
    BCTQ_SSS = "bctq_sss"
    BCTQ_FSS = "bctq_fss"
    KATZ = "katz"
    GRIP = "grip"
    PINCH_TIP = "pinch_tip"
    PINCH_KEY = "pinch_key"
    PINCH_PALMAR = "pinch_palmar"
    QUICKDASH_EXTERNAL = "quickdash_external"


# The five 0-10 ratings of a session (together the Global Symptom Score).
SYMPTOM_SCALES = (
    Instrument.NRS_PAIN,
    Instrument.NRS_NUMBNESS,
    Instrument.NRS_TINGLING,
    Instrument.NRS_WEAKNESS,
    Instrument.NRS_NIGHT_WAKING,
)


class ScoringRule(StrEnum):
    NRS_0_10_V1 = "nrs_0_10_v1"
    BCTQ_MEAN_V1 = "bctq_mean_v1"
    BCTQ_SUM_V1 = "bctq_sum_v1"
    KATZ_1990 = "katz_1990"
    GRIP_MEAN3 = "grip_mean3"
    EXTERNAL = "external"


class KatzCategory(StrEnum):
    CLASSIC = "classic"
    PROBABLE = "probable"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"


class ReferralDecision(StrEnum):
    """How the practitioner answered a red flag (clinical.md §3)."""

    REFERRED = "referred"
    NOT_REFERRED = "not_referred"


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class HomeCareKind(StrEnum):
    EXERCISE = "exercise"
    SPLINT = "splint"
    ERGONOMIC = "ergonomic"
    SELF_MASSAGE = "self_massage"
    SUPPLEMENT = "supplement"
    HEAT = "heat"
    OTHER = "other"


class GoalDirection(StrEnum):
    """Which way a measure moves when the patient gets better (and a goal's direction)."""

    DECREASE = "decrease"
    INCREASE = "increase"


class GoalTargetKind(StrEnum):
    """What a goal's target value means."""

    ABSOLUTE = "absolute"  # reach this value
    CHANGE = "change"  # move this many units in the goal's direction
    PERCENT_CHANGE = "percent_change"  # move this percentage of the baseline


class SafetyFlag(StrEnum):
    """The yes/no safety questions of the health history (clinical.md §4), one Boolean
    column each on ``health_histories``; the safety rules and the patient banner read them.

    The one declaration: the model's columns, the history's detail fields, the form's
    questions and the banner all follow this list (labels live in clinic/history.py).
    """

    PREGNANT = "pregnant"
    ANTICOAGULANT = "anticoagulant"
    BLEEDING_DISORDER = "bleeding_disorder"
    IMPLANTED_DEVICE = "implanted_device"
    EPILEPSY = "epilepsy"
    METAL_IMPLANT = "metal_implant"
    LYMPHOEDEMA = "lymphoedema"
    DIABETES = "diabetes"
    SKIN_PROBLEM_AT_SITE = "skin_problem_at_site"
    NEEDLE_ANXIETY = "needle_anxiety"
    FAINTING_HISTORY = "fainting_history"
    CAPACITY_CONCERN = "capacity_concern"


class Limb(StrEnum):
    """The limb with lymphoedema, as the health history records it (``""`` while not
    recorded). The column is free text, so these values must never change."""

    LEFT_ARM = "left_arm"
    RIGHT_ARM = "right_arm"
    BOTH_ARMS = "both_arms"
    LEFT_LEG = "left_leg"
    RIGHT_LEG = "right_leg"
    OTHER = "other"


# The detail a ticked flag asks for, by the column that holds it.
SAFETY_FLAG_DETAILS: dict[SafetyFlag, str] = {
    SafetyFlag.PREGNANT: "pregnancy_due_date",
    SafetyFlag.ANTICOAGULANT: "anticoagulant_drug",
    SafetyFlag.IMPLANTED_DEVICE: "implanted_device_detail",
    SafetyFlag.METAL_IMPLANT: "metal_implant_site",
    SafetyFlag.LYMPHOEDEMA: "lymphoedema_limb",
    SafetyFlag.SKIN_PROBLEM_AT_SITE: "skin_problem_detail",
    SafetyFlag.CAPACITY_CONCERN: "capacity_detail",
}


class Allergy(StrEnum):
    """The allergies asked as yes/no (others are free text), a Boolean column each."""

    METAL = "allergy_metal"
    LATEX = "allergy_latex"
    ADHESIVE = "allergy_adhesive"


class FindingLevel(StrEnum):
    """How serious a safety finding is (resources/safety/rules.toml).

    Declared most serious first: that is the one order findings and alerts are shown in.
    """

    STOP = "stop"
    REFER = "refer"
    CAUTION = "caution"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most serious level; sort by it to show stops first."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {level: rank for rank, level in enumerate(FindingLevel)}


class FindingResolutionKind(StrEnum):
    """How the practitioner answered a safety finding on a note."""

    PROCEEDED = "proceeded"
    OVERRIDDEN = "overridden"
    CHANGED_TREATMENT = "changed_treatment"
    REFERRED = "referred"
    NOT_REFERRED = "not_referred"


# Long enough for every value above and for values added later without a type change.
VOCAB_LENGTH = 40


def vocab_type(vocabulary: type[StrEnum], name: str) -> Enum:
    """The column type for a vocabulary: stored as its values, CHECKed by the database.

    ``name`` names the CHECK constraint (ck_<table>_<name>); give each column its own.
    """
    # Imported here so that the vocabularies stay plain data: the rule engine reads them
    # without loading SQLAlchemy.
    from sqlalchemy import Enum

    return Enum(
        vocabulary,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=VOCAB_LENGTH,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
