"""Hand outlines drawn for this project: the regions of the symptom map as paths.

One outline is drawn, a right hand seen from the palm side as the patient looks at it
(fingers up, thumb to the right); the other three views are mirror images of it. Fingers
and the thumb are capsules along a centre line; the palm, wrist and forearm are polygons;
the palm is what is left of its polygon once the digits are cut out, so no two regions
overlap and a click lands in exactly one. Coordinates are in a 230 x 450 box per view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath, QPolygonF, QTransform

from wristcare.clinic.outcomes.hand_map import Hand, Place, Region, Surface
from wristcare.clinic.outcomes.hand_shapes import (
    DIGIT_SHAPES,
    FOREARM,
    PALM,
    PALM_SPLIT,
    THUMB_CUT,
    VIEW_HEIGHT,
    VIEW_WIDTH,
    WRIST,
)

# The outline's coordinates are plain data in clinic/, shared with the printed report.
_DIGITS = DIGIT_SHAPES
_THUMB_CUT = THUMB_CUT
_PALM = PALM
_WRIST = WRIST
_FOREARM = FOREARM
_PALM_SPLIT = PALM_SPLIT


def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _capsule(base: tuple[float, float], tip: tuple[float, float], width: float) -> QPainterPath:
    """A finger: a rounded rectangle from ``base`` to ``tip``, as wide as ``width``."""
    (bx, by), (tx, ty) = base, tip
    length = math.hypot(tx - bx, ty - by)
    angle = math.degrees(math.atan2(ty - by, tx - bx))
    path = QPainterPath()
    radius = width / 2
    path.addRoundedRect(QRectF(0.0, -radius, length + radius, width), radius, radius)
    return QTransform().translate(bx, by).rotate(angle).map(path)


def _half_plane(line: tuple[tuple[float, float], tuple[float, float]], right: bool) -> QPainterPath:
    """Everything on one side of a line (within a generous box)."""
    (x1, y1), (x2, y2) = line
    far = 1000.0
    dx, dy = x2 - x1, y2 - y1
    scale = far / math.hypot(dx, dy)
    ax, ay, bx, by = x1 - dx * scale, y1 - dy * scale, x2 + dx * scale, y2 + dy * scale
    nx, ny = (-dy * scale, dx * scale) if not right else (dy * scale, -dx * scale)
    return _polygon([(ax, ay), (bx, by), (bx + nx, by + ny), (ax + nx, ay + ny)])


def _base_regions() -> dict[tuple[Surface, Region], QPainterPath]:
    """Right hand, palm side and back, in the base orientation (thumb to the right)."""
    digits = {region: _capsule(*shape) for region, shape in _DIGITS.items()}
    # The thumb's region stops at its base joint; below that is thenar eminence (palm).
    thumb_base = _half_plane(_THUMB_CUT, right=False)
    digits[Region.DIGIT_1] = digits[Region.DIGIT_1].subtracted(thumb_base)
    palm = _polygon(_PALM).united(_capsule(*_DIGITS[Region.DIGIT_1]).intersected(thumb_base))
    for path in digits.values():
        palm = palm.subtracted(path)
    wrist = _polygon(_WRIST).subtracted(palm)
    forearm = _polygon(_FOREARM)
    regions: dict[tuple[Surface, Region], QPainterPath] = {}
    for surface in Surface:
        for region, path in digits.items():
            regions[(surface, region)] = path
        regions[(surface, Region.WRIST)] = wrist
        regions[(surface, Region.FOREARM)] = forearm
    # Seen from the palm, the thumb side is on the right of the split line.
    regions[(Surface.PALMAR, Region.PALM_RADIAL)] = palm.intersected(
        _half_plane(_PALM_SPLIT, right=True)
    )
    regions[(Surface.PALMAR, Region.PALM_ULNAR)] = palm.intersected(
        _half_plane(_PALM_SPLIT, right=False)
    )
    regions[(Surface.DORSAL, Region.DORSUM)] = palm
    return regions


@dataclass(frozen=True)
class View:
    """One drawn hand: which hand and surface, where it sits, and its title."""

    hand: Hand
    surface: Surface
    left: float  # x of the view's box in the canvas
    title: str

    @property
    def mirrored(self) -> bool:
        """Whether the base outline (thumb to the right) is flipped for this view.

        As the patient looks at their own hands: palm up, the right thumb points right and
        the left thumb left; palm down, the other way round."""
        thumb_right = (self.hand is Hand.RIGHT) == (self.surface is Surface.PALMAR)
        return not thumb_right


TITLE_HEIGHT = 44.0
HAND_GAP = 60.0
VIEWS = (
    View(Hand.LEFT, Surface.PALMAR, 0.0, "Palm side"),
    View(Hand.LEFT, Surface.DORSAL, VIEW_WIDTH, "Back"),
    View(Hand.RIGHT, Surface.DORSAL, 2 * VIEW_WIDTH + HAND_GAP, "Back"),
    View(Hand.RIGHT, Surface.PALMAR, 3 * VIEW_WIDTH + HAND_GAP, "Palm side"),
)
CANVAS_WIDTH = 4 * VIEW_WIDTH + HAND_GAP
CANVAS_HEIGHT = VIEW_HEIGHT + TITLE_HEIGHT + 8.0


def view_transform(view: View) -> QTransform:
    """From base-outline coordinates to canvas coordinates for one view."""
    transform = QTransform().translate(view.left, TITLE_HEIGHT)
    if view.mirrored:
        transform = QTransform().scale(-1.0, 1.0).translate(-VIEW_WIDTH, 0.0) * transform
    return transform


def region_paths() -> dict[Place, QPainterPath]:
    """Every region of every view, in canvas coordinates, in reading order (view by view,
    digits 1-5 then palm, dorsum, wrist, forearm) so focus moves through them in order."""
    base = _base_regions()
    paths: dict[Place, QPainterPath] = {}
    for view in VIEWS:
        transform = view_transform(view)
        for surface, region in sorted(base, key=lambda key: list(Region).index(key[1])):
            if surface is view.surface:
                paths[Place(view.hand, surface, region)] = transform.map(base[(surface, region)])
    return paths


def outline_path(view: View) -> QPainterPath:
    """The hand's contour for one view (all its regions united), in canvas coordinates."""
    base = _base_regions()
    outline = QPainterPath()
    for (surface, _), path in base.items():
        if surface is view.surface:
            outline = outline.united(path)
    return view_transform(view).map(outline.simplified())
