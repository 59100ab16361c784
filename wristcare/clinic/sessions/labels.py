"""Words for the note's pick lists, as the practitioner reads them (values live in db.vocab)."""

from __future__ import annotations

# Sides and angles are shared with the safety rules: one map each, in clinic/labels.py.
from wristcare.clinic.labels import ANGLES as ANGLES
from wristcare.clinic.labels import SIDES as SIDES
from wristcare.db.vocab import (
    AdverseEventKind,
    ElectroWaveform,
    ExamResult,
    ExamTest,
    SessionStatus,
    Severity,
)

STATUSES = {
    SessionStatus.DRAFT: "Draft",
    SessionStatus.SIGNED: "Signed",
    SessionStatus.ENTERED_IN_ERROR: "Entered in error",
}
SEVERITIES = {
    Severity.MILD: "Mild (intermittent symptoms)",
    Severity.MODERATE: "Moderate (constant paraesthesia affecting daily life or sleep)",
    Severity.SEVERE: "Severe (constant numbness or pain, thenar weakness or wasting)",
}
EVENT_SEVERITIES = {Severity.MILD: "Mild", Severity.MODERATE: "Moderate", Severity.SEVERE: "Severe"}
EXAM_TESTS = {
    ExamTest.PHALEN: "Phalen's test",
    ExamTest.TINEL: "Tinel's sign at the wrist",
    ExamTest.CARPAL_COMPRESSION: "Carpal compression (Durkan)",
    ExamTest.TWO_POINT: "Two-point discrimination",
    ExamTest.GRIP: "Grip strength",
    ExamTest.PINCH_TIP: "Tip pinch",
    ExamTest.PINCH_KEY: "Key pinch",
    ExamTest.PINCH_PALMAR: "Palmar pinch",
    ExamTest.THENAR_WASTING: "Thenar wasting",
    ExamTest.THUMB_ABDUCTION: "Thumb abduction strength",
}
EXAM_RESULTS = {
    ExamResult.POSITIVE: "Positive",
    ExamResult.NEGATIVE: "Negative",
    ExamResult.EQUIVOCAL: "Equivocal",
    ExamResult.NOT_DONE: "Not done",
}
ADVERSE_EVENTS = {
    AdverseEventKind.BRUISING: "Bruising / haematoma",
    AdverseEventKind.BLEEDING: "Bleeding",
    AdverseEventKind.NEEDLE_PAIN: "Needle pain",
    AdverseEventKind.AGGRAVATION: "Aggravation of symptoms",
    AdverseEventKind.DROWSINESS: "Drowsiness",
    AdverseEventKind.FAINTING: "Fainting",
    AdverseEventKind.NAUSEA: "Nausea",
    AdverseEventKind.INFECTION: "Infection",
    AdverseEventKind.PNEUMOTHORAX: "Pneumothorax",
    AdverseEventKind.RETAINED_NEEDLE: "Retained needle",
    AdverseEventKind.BROKEN_NEEDLE: "Broken needle",
    AdverseEventKind.BURN: "Burn (moxibustion / heat lamp)",
    AdverseEventKind.DEVICE_INTERFERENCE: "Device interference",
    AdverseEventKind.OTHER: "Other (describe)",
}
WAVEFORMS = {
    ElectroWaveform.CONTINUOUS: "Continuous",
    ElectroWaveform.DENSE_DISPERSE: "Dense-disperse",
    ElectroWaveform.INTERMITTENT: "Intermittent",
}
