"""The health history's safety flags are declared once (db/vocab.py) and everything
else follows that list: the table, the history's fields, the form's questions, the banner."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime

import pytest

from wristcare.clinic.alerts import FLAG_RULES, patient_alerts
from wristcare.clinic.history import (
    ALLERGY_LABELS,
    SAFETY_QUESTIONS,
    HealthHistoryDetails,
    HealthHistoryVersion,
)
from wristcare.db.models import HealthHistory
from wristcare.db.vocab import SAFETY_FLAG_DETAILS, Allergy, SafetyFlag

TODAY = date(2025, 6, 15)


def _history(**flags: object) -> HealthHistoryVersion:
    return HealthHistoryVersion(
        version=1,
        recorded_at=datetime(2025, 6, 15, 12, tzinfo=UTC),
        recorded_on=TODAY,
        recorded_by="",
        recorded_by_id=None,
        superseded_at=None,
        reviewed_on=None,
        details=HealthHistoryDetails(**flags),  # type: ignore[arg-type]
    )


def test_every_flag_and_allergy_is_a_boolean_column_and_a_history_field() -> None:
    columns = HealthHistory.__table__.columns
    names = {f.name for f in fields(HealthHistoryDetails)}
    for answer in (*SafetyFlag, *Allergy):
        assert str(columns[answer.value].type) == "BOOLEAN"
        assert answer.value in names
    for detail in SAFETY_FLAG_DETAILS.values():
        assert detail in columns and detail in names


def test_every_flag_has_its_words_and_every_allergy_its_label() -> None:
    assert list(SAFETY_QUESTIONS) == list(SafetyFlag)
    assert set(ALLERGY_LABELS) == set(Allergy)
    for flag, (_, detail_label) in SAFETY_QUESTIONS.items():
        assert (detail_label is None) == (flag not in SAFETY_FLAG_DETAILS)


def test_the_history_form_asks_every_flag_in_the_vocabulary_order() -> None:
    from wristcare.gui.patients.history_form import ALLERGIES
    from wristcare.gui.patients.history_form import SAFETY_QUESTIONS as FORM_QUESTIONS

    assert [flag for flag, *_ in FORM_QUESTIONS] == [f.value for f in SafetyFlag]
    assert [name for name, _ in ALLERGIES] == [a.value for a in Allergy]


@pytest.mark.parametrize("flag", list(SafetyFlag))
def test_every_flag_ticked_puts_an_alert_on_the_banner(flag: SafetyFlag) -> None:
    history = _history(**{flag.value: True})
    quiet = {a.key for a in patient_alerts(_history(), [], None, TODAY)}
    keys = {a.key for a in patient_alerts(history, [], None, TODAY)} - quiet
    assert keys, f"{flag} ticked shows nothing on the banner"


def test_the_banner_rules_name_flags_of_the_vocabulary() -> None:
    assert set(FLAG_RULES) <= set(SafetyFlag)
