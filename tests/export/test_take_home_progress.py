"""The take-home plan's "your progress so far" chart: made from the course, optional,
patient-friendly, and absent from plans (and snapshots) that do not have it."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import date

import pypdf
import pytest

from wristcare.clinic.outcome_store.course import PatientCourse
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.export.care_plan import care_plan_pdf
from wristcare.export.care_plan_document import (
    CarePlanError,
    ProgressChart,
    ProgressVisit,
    care_plan_from_json,
    care_plan_to_json,
)
from wristcare.export.care_plan_wording import PROGRESS_HEADING, PROGRESS_NOTE
from wristcare.export.pdf_charts import take_home_chart
from wristcare.export.take_home_progress import take_home_measure, take_home_progress

from .progress_samples import IN_ERROR, NUMBNESS, SESSIONS, sample_course
from .samples import realistic_plan
from .test_care_plan_pdf import PROMISES


def _text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_chart_is_made_from_the_valid_scores() -> None:
    chart = take_home_progress(sample_course())
    assert chart is not None
    assert chart.title == "Your numbness scores at each visit"
    assert chart.scale_note == "0 = none, 10 = the worst you can imagine"
    assert [(v.on, v.score) for v in chart.visits] == list(zip(SESSIONS, NUMBNESS, strict=True))
    assert IN_ERROR.value not in [v.score for v in chart.visits]
    total = take_home_progress(sample_course(), "gss")
    assert total is not None and total.highest == 50 and total.visits[0].score == 30


def test_no_scores_no_chart_and_only_the_patients_own_ratings() -> None:
    assert take_home_progress(replace(sample_course(), observations=())) is None
    with pytest.raises(ValueError, match="grip"):
        take_home_progress(sample_course(), "grip")


def test_the_plan_prints_the_chart_in_plain_words() -> None:
    chart = take_home_progress(sample_course())
    plan = replace(realistic_plan(), progress=chart)
    text = _text(care_plan_pdf(plan))
    assert PROGRESS_HEADING in text
    assert "Your numbness scores at each visit: 0 = none, 10 = the worst you can imagine" in text
    assert " ".join(PROGRESS_NOTE.split()) in text
    assert [word for word in PROMISES if re.search(rf"\b{word}", text.lower())] == []


def test_without_a_chart_the_plan_and_its_snapshot_are_as_before() -> None:
    plan = realistic_plan()
    assert plan.progress is None
    assert PROGRESS_HEADING not in _text(care_plan_pdf(plan))
    snapshot = json.loads(care_plan_to_json(plan))
    assert "progress" not in snapshot  # snapshots stored before the chart read the same


def test_the_snapshot_keeps_the_chart() -> None:
    plan = replace(realistic_plan(), progress=take_home_progress(sample_course()))
    again = care_plan_from_json(care_plan_to_json(plan))
    assert again == plan
    assert care_plan_pdf(again) == care_plan_pdf(plan)


@pytest.mark.parametrize(
    ("chart", "message"),
    [
        (ProgressChart("", "", 10, (ProgressVisit(date(2026, 1, 5), 3),)), "title"),
        (ProgressChart("Your scores", "", 10, ()), "1 to 60 visits"),
        (ProgressChart("Your scores", "", 10, (ProgressVisit(date(2026, 1, 5), 11),)), "0-10"),
        (ProgressChart("Your scores", "", 0, (ProgressVisit(date(2026, 1, 5), 0),)), "scale"),
    ],
)
def test_a_wrong_chart_is_refused(chart: ProgressChart, message: str) -> None:
    with pytest.raises(CarePlanError, match=message):
        replace(realistic_plan(), progress=chart)


def test_the_bars_stay_inside_the_drawing() -> None:
    chart = take_home_progress(sample_course())
    assert chart is not None
    for width in (200, 480):
        drawing = take_home_chart(chart, width, 130, 10)
        left, bottom, right, top = drawing.getBounds()
        assert left >= -0.5 and bottom >= -0.5 and right <= width + 0.5 and top <= 130.5


def _scores(*pairs: tuple[str, int]) -> PatientCourse:
    observations = tuple(
        Observation(code, "none", SESSIONS[index], value)
        for code, count in pairs
        for index, value in enumerate([5] * count)
    )
    return PatientCourse(patient_id=1, observations=observations)


def test_the_chart_follows_the_first_goal_else_numbness_else_pain() -> None:
    both = _scores(("nrs_tingling", 2), ("nrs_numbness", 2), ("nrs_pain", 2))
    assert take_home_measure(both, "nrs_tingling") == "nrs_tingling"
    assert take_home_measure(both, None) == "nrs_numbness"
    # A goal on grip (not a score the patient gives) or on BCTQ: numbness instead.
    assert take_home_measure(both, "grip") == "nrs_numbness"
    assert take_home_measure(both, "bctq_sss") == "nrs_numbness"
    # One score is not progress: the next measure with two.
    one = _scores(("nrs_tingling", 1), ("nrs_numbness", 1), ("nrs_pain", 2))
    assert take_home_measure(one, "nrs_tingling") == "nrs_pain"
    assert take_home_measure(_scores(("nrs_numbness", 1), ("nrs_weakness", 3))) is None
    assert take_home_measure(_scores()) is None
