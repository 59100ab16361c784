"""The progress report: the document built from a course, and the PDF read back with
pypdf and rendered with pdftoppm."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from wristcare.clinic.outcome_store.course import PatientCourse, PointUse
from wristcare.clinic.outcome_store.plan_goals import PlanGoal
from wristcare.clinic.outcomes.goals import Goal
from wristcare.clinic.outcomes.improvement import Observation
from wristcare.clinic.outcomes.thresholds import NrsRule, OutcomeThresholds
from wristcare.db.vocab import GoalDirection, GoalTargetKind
from wristcare.errors import WristCareError
from wristcare.export.pdf_charts import course_chart
from wristcare.export.pdf_hand_map import hand_map_drawing
from wristcare.export.progress_report import progress_report_pdf, write_progress_report_pdf
from wristcare.export.progress_report_document import (
    ChangeRow,
    ProgressReportDocument,
)

from .progress_samples import (
    EVENTS,
    FIRST,
    IN_ERROR,
    NUMBNESS,
    PATIENT,
    POINTS,
    SESSIONS,
    sample_course,
    sample_report,
)

# Words that would claim the treatment caused a change (the report states measurements).
CLAIMS = ("effective", "cure", "heal", "proven", "guarantee", "thanks to", "worked",
          "because of", "due to", "caused by the", "result of")  # fmt: skip


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report() -> ProgressReportDocument:
    return sample_report()


@pytest.fixture(scope="module")
def report_pdf(report: ProgressReportDocument) -> bytes:
    return progress_report_pdf(report)


def _row(report: ProgressReportDocument, measure: str) -> ChangeRow:
    (row,) = [row for row in report.changes if row.measure == measure]
    return row


def test_baseline_against_latest_with_the_verdict(report: ProgressReportDocument) -> None:
    numbness = _row(report, "Numbness")
    assert (numbness.baseline, numbness.latest) == (Decimal(8), Decimal(3))
    assert numbness.difference == Decimal(-5) and numbness.percent == Decimal("62.5")
    assert numbness.verdict == "Clinically important improvement"
    assert numbness.threshold == "2 points or 30% of baseline"
    pain = _row(report, "Pain")
    assert (pain.baseline, pain.latest) == (Decimal(4), Decimal(3))
    assert pain.verdict == "Smaller than a clinically important change"
    sss = _row(report, "BCTQ symptom severity, right hand")
    assert (sss.baseline, sss.latest) == (Decimal("3.45"), Decimal("2.18"))
    assert sss.verdict == "Clinically important improvement"  # 1.27 >= 1.05
    fss = _row(report, "BCTQ functional status, right hand")
    assert fss.verdict == "Smaller than a clinically important change"  # 0.38 < 1.13
    assert _row(report, "Grip strength, right hand").verdict == "No agreed threshold"
    gss = _row(report, "Global Symptom Score")
    assert (gss.baseline, gss.latest) == (Decimal(8 + 4 + 18), Decimal(3 + 3 + 6))
    assert gss.verdict == "No agreed threshold"


def test_the_thresholds_are_the_clinics(report: ProgressReportDocument) -> None:
    strict = OutcomeThresholds(nrs_points=6, nrs_percent=70, nrs_rule=NrsRule.BOTH)
    numbness = _row(sample_report(thresholds=strict), "Numbness")
    assert numbness.verdict == "Smaller than a clinically important change"
    assert numbness.threshold == "6 points and 70% of baseline"


def test_a_score_entered_in_error_is_in_no_chart_and_no_table(
    report: ProgressReportDocument,
) -> None:
    (chart,) = [c for c in report.charts if c.title == "Numbness"]
    assert [value for _, value in chart.points] == [Decimal(v) for v in NUMBNESS]
    assert all(value != IN_ERROR.value for _, value in chart.points)
    # Counted in, it would be the highest numbness score of the course.
    unmarked = replace(IN_ERROR, entered_in_error=False)
    course = sample_course_with(unmarked)
    (shown,) = [c for c in sample_report(course=course).charts if c.title == "Numbness"]
    assert Decimal(10) in [value for _, value in shown.points]


def sample_course_with(extra: Observation) -> PatientCourse:
    course = sample_course()
    kept = tuple(o for o in course.observations if o != IN_ERROR)
    return replace(course, observations=(*kept, extra))


def test_charts_goals_and_maps(report: ProgressReportDocument) -> None:
    titles = [chart.title for chart in report.charts]
    assert titles == [
        "Pain", "Numbness", "Tingling", "Weakness or clumsiness", "Night waking",
        "Global Symptom Score", "BCTQ symptom severity, right hand",
        "BCTQ functional status, right hand", "Grip strength, right hand",
    ]  # fmt: skip
    (numbness,) = [c for c in report.charts if c.title == "Numbness"]
    assert numbness.targets == (Decimal("3.00"),)
    (grip,) = [c for c in report.charts if c.title.startswith("Grip")]
    assert grip.high == Decimal(30)  # open-ended: the next tick above 25.10 with room
    assert [(g.measure, g.status) for g in report.goals] == [("Numbness", "Met")]
    assert [f.label for f in report.hand_maps] == ["First symptom map", "Latest symptom map"]
    assert report.hand_maps[0].ratings == (("Left hand", "Unlikely"), ("Right hand", "Classic"))
    assert report.hand_maps[1].ratings[1] == ("Right hand", "Possible")


def test_the_pdf_says_who_what_and_how_much(report_pdf: bytes) -> None:
    pages = _pages(report_pdf)
    text = _flat(" ".join(pages))
    for expected in (
        PATIENT.name, "9April1961", "RecordnumberP000042", "Referredby:DrAnnaFairweather",
        "12signedsessionsfrom3August2026to1October2026", "RiversideAcupunctureClinic",
        "Numbness(0-10)", "Pain(0-10)", "BCTQsymptomseverity,righthand(mean1-5)",
        "Gripstrength,righthand(kg)", "3.45", "2.18", "20.50", "25.10", "+4.60kg(22%better)",
        "-5(62%better)", "Clinicallyimportantimprovement", "threshold2pointsor30%ofbaseline",
        "Smallerthanaclinicallyimportantchange", "Noagreedthreshold",
        "Katzrating:Lefthand:Unlikely;Righthand:Classic", "Righthand:Possible",
        "Pointsusedoverthecourse", "PC7", "Ashipoint,scar", "SmallbruiseatPC6",
        "Plangoals", "Met", "doesnotshowwhatcausedachange",
    ):  # fmt: skip
        assert _flat(expected) in text, expected
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Confidential" in page


def test_no_claim_about_what_treatment_did(report_pdf: bytes) -> None:
    text = " ".join(" ".join(_pages(report_pdf)).split()).lower()
    assert [word for word in CLAIMS if re.search(rf"\b{word}", text)] == []


def test_metadata_is_set(report_pdf: bytes) -> None:
    info = pypdf.PdfReader(io.BytesIO(report_pdf)).metadata
    assert info is not None
    assert info.title == f"Progress report for {PATIENT.name}"
    assert info.author == "Dr Wei Chen Lic.Ac."
    assert info.subject == "Outcome measures over a course of acupuncture"
    assert info.creator is not None and info.creator.startswith("WristCare")
    assert info["/CreationDate"] == "D:20261125103000+00'00'"


def test_a_reprint_is_byte_for_byte_the_same(
    report: ProgressReportDocument, report_pdf: bytes
) -> None:
    assert progress_report_pdf(report) == report_pdf


def test_charts_and_maps_stay_inside_their_boxes(report: ProgressReportDocument) -> None:
    for series in report.charts:
        drawing = course_chart(series, 240, 150, SESSIONS, report.review_dates)
        left, bottom, right, top = drawing.getBounds()
        assert left >= -0.5 and bottom >= -0.5, series.title
        assert right <= 240.5 and top <= 150.5, series.title
    for figure in report.hand_maps:
        drawing = hand_map_drawing(figure.hand_map, 450)
        left, bottom, right, top = drawing.getBounds()
        assert left >= -0.5 and bottom >= -0.5 and right <= 450.5
        assert top <= drawing.height + 0.5


def test_an_empty_course_still_prints() -> None:
    empty = replace(sample_course(), observations=(), hand_maps=(), goals=(), session_dates=())
    document = sample_report(course=empty, points=(), adverse_events=())
    text = _flat(" ".join(_pages(progress_report_pdf(document))))
    assert _flat("No outcome measures are recorded for this course yet.") in text
    assert _flat("no signed session notes yet") in text
    assert _flat("None recorded in the signed session notes of this course.") in text


def test_a_long_course_flows_onto_pages_with_nothing_lost() -> None:
    points = tuple(PointUse(f"EX-UE{n}", 1 + n % 5, SESSIONS[0], SESSIONS[-1])
                   for n in range(120))  # fmt: skip
    events = tuple(replace(EVENTS[0], description=f"Bruise number {n}") for n in range(40))
    data = progress_report_pdf(sample_report(points=points, adverse_events=events))
    text = " ".join(_pages(data))
    assert all(f"EX-UE{n}" in text for n in range(120))
    assert all(f"Bruise number {n}" in text for n in range(40))


def test_the_file_is_owner_only(report: ProgressReportDocument, tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    data = write_progress_report_pdf(report, target)
    assert target.read_bytes() == data
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(WristCareError, match="Cannot save the progress report"):
        write_progress_report_pdf(report, tmp_path / "missing" / "report.pdf")
    assert not (tmp_path / "missing").exists()


@pytest.mark.needs_tool("pdftoppm", "poppler-utils")
def test_every_page_renders(report: ProgressReportDocument, tmp_path: Path) -> None:
    source = tmp_path / "report.pdf"
    write_progress_report_pdf(report, source)
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(source), str(tmp_path / "page")],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == len(pypdf.PdfReader(str(source)).pages)


def _plan_goals() -> tuple[PlanGoal, ...]:
    course = sample_course()
    (numbness,) = course.goals  # "3 or less": reached on the 11th session
    grip = Goal("grip", "right", Decimal("20.50"), Decimal(30), GoalDirection.INCREASE,
                GoalTargetKind.ABSOLUTE, FIRST)  # fmt: skip
    return (
        PlanGoal("Numbness 3/10 or less by mid-October", numbness),
        PlanGoal("Grip of 30 kg in the right hand", grip),
        PlanGoal("Back to knitting for half an hour", None, achieved_on=SESSIONS[9]),
        PlanGoal("Sleep through the night", None),
    )


def test_the_plans_goals_are_listed_in_its_words_with_where_they_stand() -> None:
    goals = _plan_goals()
    course = replace(sample_course(), goals=tuple(g.goal for g in goals if g.goal))
    report = sample_report(course=course, plan_goals=goals)
    rows = [(g.description, g.measure, g.status, g.met, g.met_on) for g in report.goals]
    assert rows == [
        ("Numbness 3/10 or less by mid-October", "Numbness", "Met", True, SESSIONS[10]),
        ("Grip of 30 kg in the right hand", "Grip strength, right hand", "Not met yet", False,
         None),
        ("Back to knitting for half an hour", "", "Achieved", True, SESSIONS[9]),
        ("Sleep through the night", "", "Not measured", False, None),
    ]  # fmt: skip
    assert [g.target for g in report.goals] == [Decimal("3.00"), Decimal("30.00"), None, None]
    (grip,) = [c for c in report.charts if c.title.startswith("Grip")]
    assert grip.targets == (Decimal("30.00"),)

    text = _flat(" ".join(_pages(progress_report_pdf(report))))
    for expected in (
        "Numbness3/10orlessbymid-October", "Measuredby:Numbness", "3orlower",
        "\u2713Meton24Sep2026", "Gripof30kgintherighthand", "30.00orhigher", "Notmetyet",
        "Backtoknittingforhalfanhour", "\u2713Achievedon17Sep2026",
        "Sleepthroughthenight", "Inwordsonly:noscoretomeasureit", "Notmeasured",
        "Planreviews:31August2026",
    ):  # fmt: skip
        assert _flat(expected) in text, expected


def test_points_and_events_are_listed_as_given(report: ProgressReportDocument) -> None:
    assert report.points == POINTS and report.adverse_events == EVENTS


def test_reportlab_is_not_loaded_to_build_a_report_document() -> None:
    code = (
        "import sys, wristcare.cli, wristcare.export.progress_report_document, "
        "wristcare.export.take_home_progress, wristcare.clinic.outcome_store.course; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'svglib')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
