"""Outcome settings in the clinic settings: thresholds, the BCTQ minimum and the clinic's
licensed BCTQ wording, validated, stored in ``extra`` and audited."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.bctq import BctqMinimum, BctqScale
from wristcare.clinic.outcomes.bctq_entry import BctqItem
from wristcare.clinic.outcomes.settings import (
    EXTRA_KEY,
    OutcomeSettings,
    outcome_settings_from_json,
    outcome_settings_of,
)
from wristcare.clinic.outcomes.thresholds import OutcomeThresholds
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry

WORDED = BctqItem(BctqScale.FUNCTION, 3)


def test_defaults_until_the_clinic_sets_them() -> None:
    settings = outcome_settings_of({})
    assert settings.thresholds.bctq_sss == Decimal("1.05")
    assert settings.thresholds.bctq_fss == Decimal("1.13")
    assert settings.thresholds.nrs_points == 2 and settings.thresholds.nrs_percent == 30
    assert settings.thresholds.not_improving_weeks == 8
    assert settings.bctq_minimum == BctqMinimum(8, 6)
    assert settings.bctq_wording == {}


def test_round_trip_through_json() -> None:
    settings = OutcomeSettings(
        OutcomeThresholds(nrs_points=3, bctq_sss=Decimal("1.45"), not_improving_weeks=12),
        BctqMinimum(9, 7),
        {WORDED: "Our licensed wording for item 3"},
    )
    assert outcome_settings_from_json(settings.to_json()) == settings
    assert isinstance(settings.to_json()["thresholds"]["bctq_sss"], str)  # never a float


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"thresholds": {"bctq_sss": "0"}}, "thresholds.bctq_sss"),
        ({"thresholds": {"nrs_points": 11}}, "thresholds.nrs_points"),
        ({"thresholds": {"not_improving_weeks": 0}}, "thresholds.not_improving_weeks"),
        ({"bctq_minimum": {"symptoms": 12}}, "bctq_minimum.symptoms"),
        ({"bctq_wording": {"bctq_fss.9": "x"}}, "bctq_wording.bctq_fss.9"),
        ({"bctq_wording": {"bctq_sss.1": "   "}}, "bctq_wording.bctq_sss.1"),
        ({"bctq_wording": {"bctq_sss.1": "x" * 401}}, "bctq_wording.bctq_sss.1"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_wrong_values_are_named(data: dict, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        outcome_settings_from_json(data)
    assert key in caught.value.fields


def test_saved_with_the_clinic_settings_validated_and_audited(
    database: Database, ctx: ClinicContext
) -> None:
    clinic = get_clinic_settings(database)
    assert clinic.outcomes == OutcomeSettings()
    bad = {**clinic.details.extra, "outcomes": {"thresholds": {"bctq_fss": "9"}}}
    with pytest.raises(ValidationError) as caught:
        update_clinic_settings(
            database, ctx, replace(clinic.details, extra=bad), expected_version=clinic.version_id
        )
    assert "outcomes.thresholds.bctq_fss" in caught.value.fields
    wanted = OutcomeSettings(OutcomeThresholds(bctq_fss=Decimal("1.6")), BctqMinimum(10, 8),
                             {WORDED: "Holding a book (clinic wording)"})  # fmt: skip
    extra = {**clinic.details.extra, EXTRA_KEY: wanted.to_json()}
    update_clinic_settings(
        database, ctx, replace(clinic.details, extra=extra), expected_version=clinic.version_id
    )
    assert get_clinic_settings(database).outcomes == wanted
    with database.read() as db:
        entry = db.scalars(
            select(AuditEntry).where(AuditEntry.entity == "clinic_settings")
            .order_by(AuditEntry.id.desc())
        ).first()  # fmt: skip
        assert entry is not None
        assert entry.changes["extra"][1]["outcomes"]["thresholds"]["bctq_fss"] == "1.6"
