"""The printed hand outline is the screen's: the plain polygons, painted in order, put
every point in the same region as the screen's Qt paths do."""

from __future__ import annotations

import pytest

from wristcare.clinic.outcomes.hand_map import Region, Surface
from wristcare.clinic.outcomes.hand_shapes import (
    VIEW_HEIGHT,
    VIEW_WIDTH,
    Point,
    Polygon,
    clip_to_side,
    region_polygons,
)


def _inside(point: Point, polygon: Polygon) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _painted(surface: Surface, point: Point) -> Region | None:
    """The region painted last at ``point`` (what the printed map shows there)."""
    found = None
    for region, polygon in region_polygons(surface):
        if _inside(point, polygon):
            found = region
    return found


@pytest.mark.parametrize("surface", list(Surface))
def test_the_print_matches_the_screen(surface: Surface) -> None:
    from PySide6.QtCore import QPointF

    from wristcare.gui.outcomes import hand_outline

    screen = hand_outline._base_regions()
    step = 4.0
    checked = disagree = 0
    y = 1.0
    while y < VIEW_HEIGHT:
        x = 1.0
        while x < VIEW_WIDTH:
            hits = [region for (s, region), path in screen.items()
                    if s is surface and path.contains(QPointF(x, y))]  # fmt: skip
            painted = _painted(surface, (x, y))
            # Digits overlap a little where they meet; there either answer is right.
            if len(hits) <= 1:
                checked += 1
                disagree += painted != (hits[0] if hits else None)
            else:
                assert painted in hits
            x += step
        y += step
    assert checked > 5000
    # Only points on a boundary may differ (curves are polygons of 10 steps per half turn).
    assert disagree / checked < 0.002


def test_clipping_keeps_the_side_asked_for() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    line = ((5.0, 0.0), (5.0, 10.0))  # downwards, y growing down: x > 5 is its "right"
    right = clip_to_side(square, line, right=True)
    left = clip_to_side(square, line, right=False)
    assert (min(x for x, _ in right), max(x for x, _ in right)) == (5.0, 10.0)
    assert (min(x for x, _ in left), max(x for x, _ in left)) == (0.0, 5.0)


def test_key_points_land_in_their_regions() -> None:
    assert _painted(Surface.PALMAR, (204.0, 186.0)) is Region.DIGIT_1  # thumb tip
    assert _painted(Surface.PALMAR, (119.0, 60.0)) is Region.DIGIT_3
    assert _painted(Surface.PALMAR, (170.0, 290.0)) is Region.PALM_RADIAL  # thenar
    assert _painted(Surface.PALMAR, (70.0, 280.0)) is Region.PALM_ULNAR
    assert _painted(Surface.DORSAL, (110.0, 260.0)) is Region.DORSUM
    assert _painted(Surface.DORSAL, (115.0, 360.0)) is Region.WRIST
    assert _painted(Surface.PALMAR, (115.0, 420.0)) is Region.FOREARM
    assert _painted(Surface.PALMAR, (10.0, 10.0)) is None
