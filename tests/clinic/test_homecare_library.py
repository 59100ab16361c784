"""The shipped home-care library: complete, doses as clinical.md section 6, drawings render."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from svglib.svglib import svg2rlg

from wristcare.clinic.homecare_library import (
    DoseRange,
    HomeCareLibraryError,
    homecare_dir,
    homecare_item,
    homecare_library,
    illustration_path,
    load_homecare_library,
)
from wristcare.config import resources_dir

EXPECTED_KEYS = {
    "night_splint",
    "activity_ergonomics",
    "tendon_gliding",
    "median_nerve_gliding",
    "wrist_flexor_stretch",
    "wrist_extensor_stretch",
    "self_massage",
}
# Words that promise a result (clinical.md section 5: describe the plan, promise nothing).
PROMISES = re.compile(
    r"\b(may help|will help|helps?\b(?! you remember)|improv\w*|reliev\w*|relief|cure\w*|"
    r"heal\w*|guarantee\w*|effective|proven|eliminat\w*)",
    re.IGNORECASE,
)
# Plain language for a 70-year-old: short sentences.
MAX_WORDS_PER_SENTENCE = 18


def test_the_library_is_found_through_the_resources_folder() -> None:
    assert homecare_dir() == resources_dir() / "homecare"


def test_every_item_of_the_issue_is_there_with_a_stable_key() -> None:
    assert {item.key for item in homecare_library()} == EXPECTED_KEYS


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_every_item_is_complete(key: str) -> None:
    item = homecare_item(key)
    assert item.title and item.summary
    assert len(item.steps) >= 3
    assert item.stop_rules
    assert illustration_path(item.illustration).is_file()
    for sentence in re.split(r"(?<=[.:])\s+", " ".join((item.summary, *item.steps))):
        assert len(sentence.split()) <= MAX_WORDS_PER_SENTENCE, sentence


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_no_item_promises_a_result(key: str) -> None:
    item = homecare_item(key)
    text = " ".join((item.title, item.summary, *item.steps, *item.stop_rules))
    assert PROMISES.findall(text) == []


def test_exercise_doses_follow_clinical_md_section_6() -> None:
    doses = {
        item.key: (item.hold_seconds, item.repetitions, item.times_a_day, item.each_side)
        for item in homecare_library()
    }
    assert doses["tendon_gliding"] == (DoseRange(7, 7), DoseRange(10, 10), DoseRange(3, 5), False)
    assert doses["median_nerve_gliding"] == (
        DoseRange(7, 7),
        DoseRange(5, 5),
        DoseRange(3, 5),
        False,
    )
    for stretch in ("wrist_flexor_stretch", "wrist_extensor_stretch"):
        assert doses[stretch] == (DoseRange(15, 30), DoseRange(3, 5), None, True)
    assert homecare_item("night_splint").weeks == DoseRange(4, 8)
    # No authoritative protocol: no dose is invented for self-massage or the advice.
    assert doses["self_massage"] == (None, None, None, False)
    assert doses["activity_ergonomics"] == (None, None, None, False)


def test_nerve_gliding_lists_all_six_positions_and_its_stop_rule() -> None:
    item = homecare_item("median_nerve_gliding")
    assert [step[:2] for step in item.steps if step[0].isdigit()] == [f"{n}." for n in range(1, 7)]
    assert "Stop if it brings on pain, numbness or tingling." in item.stop_rules
    assert "elbow" in " ".join(homecare_item("wrist_flexor_stretch").steps)


def test_the_splint_says_when_to_see_the_doctor() -> None:
    assert any(
        "8 weeks" in rule and "doctor" in rule for rule in homecare_item("night_splint").stop_rules
    )


@pytest.mark.parametrize("key", sorted(EXPECTED_KEYS))
def test_every_illustration_renders(key: str) -> None:
    drawing = svg2rlg(str(illustration_path(homecare_item(key).illustration)))
    assert drawing is not None
    assert drawing.width > 100 and drawing.height > 80
    assert drawing.getContents()  # something was drawn
    source = illustration_path(homecare_item(key).illustration).read_text(encoding="utf-8")
    # Drawn for WristCare: no embedded or linked images from elsewhere.
    assert "<image" not in source and "href" not in source


def test_an_unknown_key_is_a_clear_error() -> None:
    with pytest.raises(HomeCareLibraryError, match="no home-care item 'yoga'"):
        homecare_item("yoga")


def _library(tmp_path: Path, body: str, svg: bool = True) -> Path:
    if svg:
        (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    path = tmp_path / "items.toml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """
[[item]]
key = "grip"
kind = "exercise"
title = "Grip"
summary = "Squeeze."
steps = ["Squeeze gently."]
stop_rules = ["Stop if it hurts."]
hold_seconds = [5, 5]
repetitions = [10, 10]
illustration = "a.svg"
"""


def test_a_good_private_library_loads(tmp_path: Path) -> None:
    (item,) = load_homecare_library(_library(tmp_path, GOOD))
    assert item.key == "grip" and item.hold_seconds == DoseRange(5, 5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('title = "Grip"', 'title = ""'), "'grip', title: missing or empty"),
        (('steps = ["Squeeze gently."]', "steps = []"), "'grip', steps: must be a list"),
        (("hold_seconds = [5, 5]", "hold_seconds = [9, 5]"), "hold_seconds: must be 1 to 300"),
        (("repetitions = [10, 10]", "repetitions = [500, 500]"), "repetitions: must be 1 to 50"),
        (("repetitions = [10, 10]", "repetitions = 10"), "repetitions: must be [low, high]"),
        (('kind = "exercise"', 'kind = "yoga"'), "kind: must be one of"),
        (('illustration = "a.svg"', 'illustration = "../x.svg"'), "illustration"),
        (('illustration = "a.svg"', 'illustration = "b.svg"'), "b.svg is missing"),
        (('key = "grip"', 'key = "Grip Me"'), "key: use lower-case"),
        (("hold_seconds = [5, 5]", "hold_secs = [5, 5]"), "hold_secs: not a known field"),
        (("hold_seconds = [5, 5]", ""), "needs a hold time and repetitions"),
    ],
)
def test_a_damaged_library_is_refused_with_the_item_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    body = GOOD.replace(*change)
    with pytest.raises(HomeCareLibraryError, match=re.escape(message)):
        load_homecare_library(_library(tmp_path, body))


def test_duplicate_keys_and_broken_toml_are_refused(tmp_path: Path) -> None:
    with pytest.raises(HomeCareLibraryError, match="used twice"):
        load_homecare_library(_library(tmp_path, GOOD + GOOD))
    with pytest.raises(HomeCareLibraryError, match="is damaged"):
        load_homecare_library(_library(tmp_path, "[[item]\nkey="))
    with pytest.raises(HomeCareLibraryError, match="lists no items"):
        load_homecare_library(_library(tmp_path, "title = 'x'"))
    with pytest.raises(HomeCareLibraryError, match="Cannot read"):
        load_homecare_library(tmp_path / "nothing.toml")
