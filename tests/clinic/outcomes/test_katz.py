"""The hand symptom map's data model and the Katz rating on each category's defining
cases and the edges between them."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.hand_map import (
    REGIONS_OF,
    Hand,
    HandMap,
    Mark,
    Place,
    Region,
    Surface,
    Symptom,
    build_map,
    from_plain,
    region_label,
    to_plain,
)
from wristcare.clinic.outcomes.katz import KATZ_1990, KatzRating, rate_hand, rate_map

L, R = Hand.LEFT, Hand.RIGHT
PALMAR, DORSAL = Surface.PALMAR, Surface.DORSAL
D1, D2, D3, D4, D5 = Region.DIGIT_1, Region.DIGIT_2, Region.DIGIT_3, Region.DIGIT_4, Region.DIGIT_5


def marks(*spots: tuple[Surface, Region], hand: Hand = R, symptom: Symptom = Symptom.NUMBNESS):
    return build_map(Mark(Place(hand, s, r), symptom, 5) for s, r in spots)


def rating(*spots: tuple[Surface, Region]) -> KatzRating:
    return rate_hand(marks(*spots), R).rating


# --- classic -------------------------------------------------------------------------


def test_classic_two_median_digits() -> None:
    assert rating((PALMAR, D1), (PALMAR, D2)) is KatzRating.CLASSIC
    assert rating((PALMAR, D2), (PALMAR, D3)) is KatzRating.CLASSIC


def test_classic_allows_ring_little_wrist_and_forearm() -> None:
    spots = [(PALMAR, D1), (PALMAR, D2), (PALMAR, D3), (PALMAR, D4), (PALMAR, D5)]
    spots += [(PALMAR, Region.WRIST), (DORSAL, Region.FOREARM)]
    assert rating(*spots) is KatzRating.CLASSIC


def test_digits_count_on_either_surface() -> None:
    assert rating((DORSAL, D2), (PALMAR, D3)) is KatzRating.CLASSIC
    assert rating((DORSAL, D1), (DORSAL, D3)) is KatzRating.CLASSIC


# --- probable ------------------------------------------------------------------------


def test_probable_when_the_palm_is_involved_on_the_radial_side() -> None:
    assert rating((PALMAR, D1), (PALMAR, D2), (PALMAR, Region.PALM_RADIAL)) is (KatzRating.PROBABLE)
    both_sides = ((PALMAR, Region.PALM_RADIAL), (PALMAR, Region.PALM_ULNAR))
    assert rating((PALMAR, D2), (PALMAR, D3), *both_sides) is KatzRating.PROBABLE


def test_palm_confined_to_the_ulnar_side_is_not_probable() -> None:
    # Not classic (palm involved), not probable (confined to the ulnar side): see katz.py.
    assert rating((PALMAR, D2), (PALMAR, D3), (PALMAR, Region.PALM_ULNAR)) is (KatzRating.POSSIBLE)


# --- possible ------------------------------------------------------------------------


def test_possible_with_one_median_digit() -> None:
    assert rating((PALMAR, D1)) is KatzRating.POSSIBLE
    assert rating((PALMAR, D3), (PALMAR, D4), (PALMAR, D5)) is KatzRating.POSSIBLE


def test_possible_allows_the_dorsum() -> None:
    assert rating((PALMAR, D2), (DORSAL, Region.DORSUM)) is KatzRating.POSSIBLE


def test_two_median_digits_with_the_dorsum_is_possible() -> None:
    assert rating((PALMAR, D1), (PALMAR, D2), (DORSAL, Region.DORSUM)) is KatzRating.POSSIBLE


# --- unlikely ------------------------------------------------------------------------


def test_unlikely_without_median_digits() -> None:
    assert rate_hand(HandMap(), R).rating is KatzRating.UNLIKELY
    assert rating((PALMAR, D4), (PALMAR, D5), (PALMAR, Region.PALM_ULNAR)) is (KatzRating.UNLIKELY)
    assert rating((DORSAL, Region.DORSUM)) is KatzRating.UNLIKELY
    assert rating((PALMAR, Region.PALM_RADIAL), (PALMAR, Region.WRIST)) is KatzRating.UNLIKELY


def test_a_mark_rated_zero_is_no_symptom() -> None:
    hand_map = build_map(
        [
            Mark(Place(R, PALMAR, D1), Symptom.TINGLING, 4),
            Mark(Place(R, PALMAR, D2), Symptom.TINGLING, 0),
        ]
    )
    assert rate_hand(hand_map, R).rating is KatzRating.POSSIBLE
    unrated = hand_map.with_mark(Mark(Place(R, PALMAR, D2), Symptom.TINGLING, None))
    assert rate_hand(unrated, R).rating is KatzRating.CLASSIC


def test_every_symptom_counts_and_hands_are_rated_apart() -> None:
    hand_map = build_map(
        [
            Mark(Place(L, PALMAR, D1), Symptom.PAIN, 3),
            Mark(Place(L, PALMAR, D3), Symptom.TINGLING, 6),
            Mark(Place(R, DORSAL, D5), Symptom.NUMBNESS, 2),
        ]
    )
    rated = rate_map(hand_map)
    assert rated[L].rating is KatzRating.CLASSIC
    assert rated[L].median_digits == (D1, D3)
    assert rated[R].rating is KatzRating.UNLIKELY
    assert rated[L].rule == KATZ_1990


# --- the map as data -----------------------------------------------------------------


def test_regions_belong_to_their_surface() -> None:
    assert Region.PALM_RADIAL not in REGIONS_OF[DORSAL]
    assert Region.DORSUM not in REGIONS_OF[PALMAR]
    with pytest.raises(ValidationError) as caught:
        build_map([Mark(Place(L, DORSAL, Region.PALM_ULNAR), Symptom.PAIN, 2)])
    assert "not on the back of the hand" in next(iter(caught.value.fields.values()))


@pytest.mark.parametrize("bad", [-1, 11, 2.5, True])
def test_intensity_is_zero_to_ten(bad: object) -> None:
    with pytest.raises(ValidationError, match="0 to 10"):
        build_map([Mark(Place(L, PALMAR, D1), Symptom.PAIN, bad)])  # type: ignore[arg-type]


def test_one_mark_per_place_and_symptom() -> None:
    place = Place(L, PALMAR, D1)
    with pytest.raises(ValidationError, match="marked twice"):
        build_map([Mark(place, Symptom.PAIN, 2), Mark(place, Symptom.PAIN, 3)])
    both = build_map([Mark(place, Symptom.PAIN, 2), Mark(place, Symptom.NUMBNESS, 3)])
    assert len(both.marks_at(place)) == 2
    replaced = both.with_mark(Mark(place, Symptom.PAIN, 7))
    assert replaced.mark(place, Symptom.PAIN) == Mark(place, Symptom.PAIN, 7)
    assert replaced.without(place, Symptom.PAIN).marks_at(place) == (
        Mark(place, Symptom.NUMBNESS, 3),
    )
    assert replaced.without(place).marks == ()


def test_plain_form_is_json_and_reads_back() -> None:
    hand_map = build_map(
        [
            Mark(Place(R, DORSAL, Region.FOREARM), Symptom.PAIN, None),
            Mark(Place(L, PALMAR, D2), Symptom.TINGLING, 10),
        ]
    )
    plain = to_plain(hand_map)
    text = json.dumps(plain, sort_keys=True)
    assert from_plain(json.loads(text)) == hand_map
    # Sorted: the left hand first, whatever order the marks were made in.
    assert plain["marks"][0] == {
        "hand": "left",
        "surface": "palmar",
        "region": "digit_2",
        "symptom": "tingling",
        "intensity": 10,
    }


@pytest.mark.parametrize(
    "plain",
    [
        {"version": 2, "marks": []},
        {"version": 1},
        {"version": 1, "marks": [{"hand": "middle"}]},
        {"version": 1, "marks": ["x"]},
        {"version": 1, "marks": [dict.fromkeys(("hand", "surface", "region", "symptom"), "")]},
    ],
)
def test_unreadable_plain_forms_are_refused(plain: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        from_plain(plain)


def test_places_and_marks_take_plain_strings_and_refuse_others() -> None:
    mark = Mark(Place("left", "dorsal", "dorsum"), "pain", 3)  # type: ignore[arg-type]
    assert mark == Mark(Place(L, DORSAL, Region.DORSUM), Symptom.PAIN, 3)
    with pytest.raises(ValueError):
        Place("left", "side", "dorsum")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Mark(Place(L, DORSAL, Region.DORSUM), "itch")  # type: ignore[arg-type]


def test_region_labels_read_like_a_practitioner_says_them() -> None:
    assert region_label(L, PALMAR, Region.PALM_ULNAR) == (
        "Left hand, palm side: Palm, little-finger side"
    )


places = st.sampled_from([Place(h, s, r) for h in Hand for s in Surface for r in REGIONS_OF[s]])
any_marks = st.lists(
    st.builds(Mark, places, st.sampled_from(list(Symptom)), st.none() | st.integers(0, 10)),
    unique_by=lambda m: (m.place, m.symptom),
)


@given(any_marks)
def test_rating_follows_the_number_of_median_digits(spots: list[Mark]) -> None:
    hand_map = build_map(spots)
    assert from_plain(to_plain(hand_map)) == hand_map
    for hand, result in rate_map(hand_map).items():
        digits = {
            m.place.region
            for m in hand_map.marks_on(hand)
            if m.present and m.place.region in (D1, D2, D3)
        }
        if not digits:
            assert result.rating is KatzRating.UNLIKELY
        elif len(digits) == 1:
            assert result.rating is KatzRating.POSSIBLE
        else:
            assert result.rating is not KatzRating.UNLIKELY
