"""The take-home care plan printed from a plan carries "your progress so far" when the
patient has at least two scores of the rating the plan's first goal is on (numbness or
pain otherwise); the chart is kept in the handout's snapshot, so a reprint is exact."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.clinic.plans import (
    GoalDetails,
    PhaseDetails,
    PlanDetails,
    create_plan,
    get_handout_snapshot,
)
from wristcare.db.engine import Database
from wristcare.db.models import OutcomeMeasure
from wristcare.db.vocab import GoalDirection, GoalTargetKind, Instrument, MeasureSide
from wristcare.export.care_plan_wording import PROGRESS_HEADING

from .handout_helpers import document_for, print_plan, reprint_handout

TODAY = date(2025, 6, 15)  # the pinned clock's date (tests/conftest.py)


@pytest.fixture
def patient_id(database: Database, ctx: ClinicContext) -> int:
    settings = get_clinic_settings(database)
    details = settings.details
    details.name = "Riverside Acupuncture Clinic"
    update_clinic_settings(database, ctx, details, expected_version=settings.version_id)
    return create_patient(database, ctx, PatientDetails(name="Nora Needle")).id


def _plan(database: Database, ctx: ClinicContext, patient_id: int, measure: Instrument) -> int:
    details = PlanDetails(
        problem="Tingling in the right hand at night",
        started_on=TODAY - timedelta(weeks=3),
        review_on=TODAY + timedelta(weeks=2),
        phases=[PhaseDetails(2, 3, "twice a week")],
        goals=[
            GoalDetails(description="Hand feels easier in the mornings"),  # no measure
            GoalDetails(
                description="Tingling 2/10 or less",
                measure=measure,
                side=MeasureSide.NONE,
                baseline=Decimal(6),
                target=Decimal(2),
                direction=GoalDirection.DECREASE,
                target_kind=GoalTargetKind.ABSOLUTE,
            ),
        ],
    )
    return create_plan(database, ctx, patient_id, details).id


def _score(database: Database, ctx: ClinicContext, patient_id: int, code: str, day: date,
           score: int, *, in_error: bool = False) -> None:  # fmt: skip
    error = {"entered_in_error_at": ctx.now(), "entered_in_error_reason": "wrong patient"}
    with database.transaction() as db:
        db.add(OutcomeMeasure(
            patient_id=patient_id, instrument=code, side="none", taken_on=day,
            score=Decimal(score), scoring_rule="nrs_0_10_v1", answers={},
            recorded_by_id=ctx.actor.practitioner_id, recorded_by_name=ctx.actor.name,
            **(error if in_error else {}),
        ))  # fmt: skip


def _text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_handout_shows_the_goals_rating_and_reprints_exactly(
    database: Database, ctx: ClinicContext, patient_id: int
) -> None:
    plan_id = _plan(database, ctx, patient_id, Instrument.NRS_TINGLING)
    days = [TODAY - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    for day, tingling, numbness in zip(days, (6, 5, 5, 3), (7, 7, 6, 6), strict=True):
        _score(database, ctx, patient_id, "nrs_tingling", day, tingling)
        _score(database, ctx, patient_id, "nrs_numbness", day, numbness)
    _score(database, ctx, patient_id, "nrs_tingling", days[1], 10, in_error=True)

    document = document_for(database, ctx, plan_id, large_print=False)
    assert document.progress is not None
    assert document.progress.title == "Your tingling scores at each visit"
    assert [(v.on, v.score) for v in document.progress.visits] == list(
        zip(days, (6, 5, 5, 3), strict=True)
    )
    data, row = print_plan(database, ctx, plan_id, large_print=False)
    text = _text(data)
    assert PROGRESS_HEADING in text and "Your tingling scores at each visit" in text
    # The goals are printed in the plan's words, the one in words only as well.
    assert "Hand feels easier in the mornings" in text and "Tingling 2/10 or less" in text
    snapshot, _ = get_handout_snapshot(database, row.id)
    assert [v["score"] for v in snapshot["progress"]["visits"]] == [6, 5, 5, 3]

    # Later scores do not change what was handed over.
    _score(database, ctx, patient_id, "nrs_tingling", TODAY, 1)
    again = reprint_handout(database, row.id)
    assert again == data and hashlib.sha256(again).hexdigest() == row.sha256

    plain = document_for(database, ctx, plan_id, large_print=False, with_progress=False)
    assert plain.progress is None


def test_one_score_is_no_chart_and_numbness_stands_in_for_a_goal_without_one(
    database: Database, ctx: ClinicContext, patient_id: int
) -> None:
    plan_id = _plan(database, ctx, patient_id, Instrument.NRS_TINGLING)
    _score(database, ctx, patient_id, "nrs_tingling", TODAY, 5)
    _score(database, ctx, patient_id, "nrs_numbness", TODAY, 5)
    data, row = print_plan(database, ctx, plan_id, large_print=True)
    assert PROGRESS_HEADING not in _text(data)
    assert "progress" not in get_handout_snapshot(database, row.id)[0]

    _score(database, ctx, patient_id, "nrs_numbness", TODAY - timedelta(weeks=1), 7)
    document = document_for(database, ctx, plan_id, large_print=True)
    assert document.progress is not None
    assert document.progress.title == "Your numbness scores at each visit"
    assert [v.score for v in document.progress.visits] == [7, 5]
