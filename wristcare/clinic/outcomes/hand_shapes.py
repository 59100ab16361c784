"""The hand outlines of the symptom map as plain coordinates, shared by the screen (Qt
paths) and the printed report (ReportLab polygons), so both draw the same hand.

One outline is drawn, a right hand seen from the palm side as the patient looks at it
(fingers up, thumb to the right), in a 230 x 450 box with y growing downwards; the other
three views are mirror images of it. Fingers and the thumb are capsules along a centre
line; the palm, wrist and forearm are polygons.

``region_polygons`` turns the outline into plain polygons in painting order: a region
painted later covers what it overlaps (a digit covers the palm under it), which gives
the same picture as the screen's cut-out regions without any path arithmetic.
"""

from __future__ import annotations

import math

from wristcare.clinic.outcomes.hand_map import Region, Surface

Point = tuple[float, float]
Polygon = list[Point]

VIEW_WIDTH = 230.0
VIEW_HEIGHT = 450.0

# (base centre, tip centre, width) of each digit, right hand, palm side.
DIGIT_SHAPES: dict[Region, tuple[Point, Point, float]] = {
    Region.DIGIT_1: ((162.0, 282.0), (204.0, 186.0), 35.0),
    Region.DIGIT_2: ((150.0, 200.0), (159.0, 66.0), 29.0),
    Region.DIGIT_3: ((117.0, 196.0), (119.0, 44.0), 30.0),
    Region.DIGIT_4: ((84.0, 200.0), (78.0, 60.0), 28.0),
    Region.DIGIT_5: ((56.0, 212.0), (40.0, 98.0), 24.0),
}
# Where the thumb's own region begins (its base capsule end sits in the thenar eminence).
THUMB_CUT: tuple[Point, Point] = ((156.0, 238.0), (204.0, 260.0))

PALM: Polygon = [
    (72.0, 338.0), (60.0, 306.0), (50.0, 262.0), (44.0, 222.0), (44.0, 198.0),
    (54.0, 184.0), (84.0, 178.0), (118.0, 174.0), (150.0, 178.0), (164.0, 190.0),
    (168.0, 214.0), (174.0, 240.0), (186.0, 270.0), (186.0, 298.0), (174.0, 320.0),
    (160.0, 338.0),
]  # fmt: skip
WRIST: Polygon = [(72.0, 338.0), (160.0, 338.0), (158.0, 376.0), (76.0, 376.0)]
FOREARM: Polygon = [(76.0, 376.0), (158.0, 376.0), (170.0, 450.0), (62.0, 450.0)]
# The line between the thumb side and the little-finger side of the palm: from between
# the middle and ring fingers to the middle of the wrist.
PALM_SPLIT: tuple[Point, Point] = ((101.0, 150.0), (114.0, 345.0))

_ARC_STEPS = 10  # points per half circle of a capsule's end


def capsule_polygon(base: Point, tip: Point, width: float) -> Polygon:
    """A digit as a polygon: the rounded rectangle from ``base`` towards ``tip`` that the
    screen draws (it reaches half a width past the tip centre)."""
    (bx, by), (tx, ty) = base, tip
    length = math.hypot(tx - bx, ty - by)
    angle = math.atan2(ty - by, tx - bx)
    radius = width / 2
    local: Polygon = []
    for step in range(_ARC_STEPS + 1):  # the tip end, around from one side to the other
        turn = -math.pi / 2 + math.pi * step / _ARC_STEPS
        local.append((length + radius * math.cos(turn), radius * math.sin(turn)))
    for step in range(_ARC_STEPS + 1):  # the base end
        turn = math.pi / 2 + math.pi * step / _ARC_STEPS
        local.append((radius + radius * math.cos(turn), radius * math.sin(turn)))
    cos, sin = math.cos(angle), math.sin(angle)
    return [(bx + x * cos - y * sin, by + x * sin + y * cos) for x, y in local]


def _side(line: tuple[Point, Point], point: Point) -> float:
    """Positive on the side the screen calls "left" of the line, negative on its right."""
    (x1, y1), (x2, y2) = line
    return (x2 - x1) * (point[1] - y1) - (y2 - y1) * (point[0] - x1)


def clip_to_side(polygon: Polygon, line: tuple[Point, Point], right: bool) -> Polygon:
    """The part of ``polygon`` on one side of ``line`` (Sutherland-Hodgman against one
    half-plane, which is exact for any simple polygon)."""

    def inside(point: Point) -> bool:
        value = _side(line, point)
        return value <= 0 if right else value >= 0

    def crossing(a: Point, b: Point) -> Point:
        sa, sb = _side(line, a), _side(line, b)
        t = sa / (sa - sb)
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    out: Polygon = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        if inside(current):
            if not inside(previous):
                out.append(crossing(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(crossing(previous, current))
    return out


def region_polygons(surface: Surface) -> list[tuple[Region, Polygon]]:
    """The regions of one surface of the base outline (right hand, thumb to the right,
    y down) as polygons in painting order: forearm, wrist, palm or dorsum, then the
    digits. A region may come as several polygons (the thenar part of the palm)."""
    thumb = capsule_polygon(*DIGIT_SHAPES[Region.DIGIT_1])
    thenar = clip_to_side(thumb, THUMB_CUT, right=False)
    shapes: list[tuple[Region, Polygon]] = [(Region.FOREARM, FOREARM), (Region.WRIST, WRIST)]
    if surface is Surface.PALMAR:
        shapes += [
            (Region.PALM_ULNAR, clip_to_side(PALM, PALM_SPLIT, right=False)),
            (Region.PALM_RADIAL, clip_to_side(PALM, PALM_SPLIT, right=True)),
            (Region.PALM_RADIAL, thenar),
        ]
    else:
        shapes += [(Region.DORSUM, PALM), (Region.DORSUM, thenar)]
    for region in (Region.DIGIT_5, Region.DIGIT_4, Region.DIGIT_3, Region.DIGIT_2):
        shapes.append((region, capsule_polygon(*DIGIT_SHAPES[region])))
    shapes.append((Region.DIGIT_1, clip_to_side(thumb, THUMB_CUT, right=True)))
    return shapes
