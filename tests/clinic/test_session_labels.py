"""Every value of every pick list of the note has words for the practitioner."""

from __future__ import annotations

import pytest

from wristcare.clinic.sessions import labels
from wristcare.db import vocab


@pytest.mark.parametrize(
    ("words", "vocabulary"),
    [
        (labels.SIDES, vocab.Side),
        (labels.STATUSES, vocab.SessionStatus),
        (labels.SEVERITIES, vocab.Severity),
        (labels.EVENT_SEVERITIES, vocab.Severity),
        (labels.EXAM_TESTS, vocab.ExamTest),
        (labels.EXAM_RESULTS, vocab.ExamResult),
        (labels.ADVERSE_EVENTS, vocab.AdverseEventKind),
        (labels.ANGLES, vocab.NeedleAngle),
        (labels.WAVEFORMS, vocab.ElectroWaveform),
    ],
)
def test_every_value_has_a_label(words: dict, vocabulary: type) -> None:
    assert set(words) == set(vocabulary)
    assert all(label.strip() for label in words.values())
