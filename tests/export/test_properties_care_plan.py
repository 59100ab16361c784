"""The handout snapshot round-trips: a reprint rebuilds the very document that was handed
over (the promise that a reprint is the same PDF rests on it), for any printable care
plan, whatever its text, zone of issue, dose or progress chart."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import get_type_hints

from hypothesis import given, settings
from hypothesis import strategies as st

from wristcare.export.care_plan_document import (
    SIDES,
    CarePlanDocument,
    ClinicLetterhead,
    HomeCareDose,
    HomeCareEntry,
    PlannedPoint,
    ProgressChart,
    ProgressVisit,
    SchedulePhase,
    SupplementNote,
    care_plan_from_json,
    care_plan_to_json,
)

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
LINE = TEXT.filter(lambda text: text.strip() != "")
DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
MOMENTS = st.datetimes(
    min_value=datetime(1950, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.timezones()
)
SOME = st.integers(min_value=1, max_value=1000)
PNG = b"\x89PNG\r\n\x1a\n"

# Every text field of the letterhead, whatever fields it has.
LETTERHEADS = st.builds(
    ClinicLetterhead,
    **{
        name: LINE if name == "clinic_name" else TEXT
        for name, hint in get_type_hints(ClinicLetterhead).items()
        if hint is str
    },
    logo=st.none() | st.binary(max_size=40).map(lambda data: PNG + data),
)
DOSES = st.builds(
    HomeCareDose,
    hold_seconds=st.none() | SOME,
    repetitions=st.none() | SOME,
    sets=st.none() | SOME,
    times_a_day=st.none() | SOME,
    days_a_week=st.none() | st.integers(1, 7),
    weeks=st.none() | st.integers(1, 52),
    each_side=st.booleans(),
)
HOME_CARE = st.builds(
    HomeCareEntry,
    key=TEXT,
    title=LINE,
    steps=st.lists(TEXT, max_size=4).map(tuple),
    dose=DOSES,
    cautions=st.lists(TEXT, max_size=3).map(tuple),
    illustration=st.none() | TEXT,
)
CHARTS = st.integers(1, 100).flatmap(
    lambda highest: st.builds(
        ProgressChart,
        title=LINE,
        scale_note=TEXT,
        highest=st.just(highest),
        visits=st.lists(
            st.builds(ProgressVisit, on=DAYS, score=st.integers(0, highest)), min_size=1, max_size=8
        ).map(tuple),
    )
)
DOCUMENTS = st.builds(
    CarePlanDocument,
    letterhead=LETTERHEADS,
    patient_name=LINE,
    issued_on=DAYS,
    issued_at=MOMENTS,
    problem=TEXT,
    goals=st.lists(TEXT, max_size=4).map(tuple),
    phases=st.lists(
        st.builds(
            SchedulePhase, sessions_per_week=st.integers(1, 7), weeks=st.integers(1, 52), note=TEXT
        ),
        max_size=3,
    ).map(tuple),  # fmt: skip
    review_on=st.none() | DAYS,
    points=st.lists(
        st.builds(PlannedPoint, code=TEXT, pinyin=TEXT, hanzi=TEXT, side=st.sampled_from(SIDES)),
        max_size=5,
    ).map(tuple),
    home_care=st.lists(HOME_CARE, max_size=3).map(tuple),
    supplements=st.lists(
        st.builds(SupplementNote, text=TEXT, bleeding_caution=st.booleans()), max_size=3
    ).map(tuple),
    anticoagulant_alert=st.booleans(),
    practitioner_notes=TEXT,
    large_print=st.booleans(),
    progress=st.none() | CHARTS,
)


@settings(max_examples=150)
@given(DOCUMENTS)
def test_the_snapshot_rebuilds_the_same_document(document: CarePlanDocument) -> None:
    snapshot = care_plan_to_json(document)
    again = care_plan_from_json(snapshot)
    # Issued at the same instant, kept in UTC: a reprint carries the same creation date.
    # (Compared in UTC: Python never calls two datetimes equal across zones when one
    # falls in a repeated hour, such as 02:00 on the night the clocks go back.)
    assert again == replace(document, issued_at=document.issued_at.astimezone(UTC))
    assert again.issued_at.utcoffset() == timedelta(0)
    assert care_plan_to_json(again) == snapshot
