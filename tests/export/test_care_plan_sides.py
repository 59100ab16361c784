"""A planned point's side is a db.vocab Side in the document; the snapshot keeps the words
it has always written ("both", ""), so stored handouts read back and reprint unchanged."""

from __future__ import annotations

from dataclasses import replace

import pytest

from wristcare.db.vocab import Side
from wristcare.export.care_plan_document import (
    CarePlanError,
    PlannedPoint,
    care_plan_from_json,
    care_plan_to_json,
)

# Written by the code before sides were a Side (snapshot version 1), kept as stored.
OLD_SNAPSHOT = (
    '{"anticoagulant_alert": false, "goals": [], "home_care": [], '
    '"issued_at": "2026-05-04T09:30:00+00:00", "issued_on": "2026-05-04", '
    '"large_print": false, "letterhead": {"address": "", "clinic_name": '
    '"Riverside Acupuncture", "email": "", "logo": null, "phone": "", '
    '"practitioner_name": "", "registration": ""}, "patient_name": "Ann Lee", '
    '"phases": [{"note": "", "sessions_per_week": 1, "weeks": 6}], "points": '
    '[{"code": "PC7", "hanzi": "大陵", "pinyin": "Daling", "side": "right"}, '
    '{"code": "LI4", "hanzi": "合谷", "pinyin": "Hegu", "side": "both"}, '
    '{"code": "GV20", "hanzi": "百會", "pinyin": "Baihui", "side": ""}], '
    '"practitioner_notes": "", "problem": "Carpal tunnel", "review_on": null, '
    '"snapshot_version": 1, "supplements": []}'
)


def test_an_old_snapshot_reads_as_sides_and_writes_back_unchanged() -> None:
    document = care_plan_from_json(OLD_SNAPSHOT)
    assert [p.side for p in document.points] == [Side.RIGHT, Side.BILATERAL, None]
    assert care_plan_to_json(document) == OLD_SNAPSHOT


def test_a_midline_side_is_not_printed_on_a_handout() -> None:
    document = care_plan_from_json(OLD_SNAPSHOT)
    midline = replace(document.points[2], side=Side.MIDLINE)
    with pytest.raises(CarePlanError, match="side"):
        replace(document, points=(midline,))


def test_an_unknown_side_in_a_snapshot_is_damage() -> None:
    damaged = OLD_SNAPSHOT.replace('"side": "both"', '"side": "bilateral"')
    with pytest.raises(CarePlanError, match="damaged"):
        care_plan_from_json(damaged)
    assert PlannedPoint("LI4", "Hegu").side is None
