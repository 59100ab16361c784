"""The hand symptom map drawn again for the PDF report: both hands, palm side and back,
from the same outline as the screen (clinic.outcomes.hand_shapes), marked regions shaded
in the symptom's colour (stronger for a higher intensity) and labelled, e.g. "N6" for
numbness rated 6.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Group, Polygon, Rect, String
from reportlab.lib import colors

from wristcare.clinic.outcomes.hand_map import (
    HAND_NAMES,
    SKIN_COLOUR,
    SKIN_LINE_COLOUR,
    SYMPTOM_LETTERS,
    SYMPTOM_NAMES,
    Hand,
    HandMap,
    Place,
    Region,
    Surface,
    Symptom,
)
from wristcare.clinic.outcomes.hand_map import SYMPTOM_COLOURS as COLOURS
from wristcare.clinic.outcomes.hand_shapes import VIEW_HEIGHT, VIEW_WIDTH, region_polygons
from wristcare.export.pdf_fonts import LATIN, LATIN_BOLD

SKIN = colors.HexColor(SKIN_COLOUR)
SKIN_LINE = colors.HexColor(SKIN_LINE_COLOUR)
# Each symptom's colour as (red, green, blue), 0-255.
SYMPTOM_COLOURS = {
    symptom: (int(hex_rgb[1:3], 16), int(hex_rgb[3:5], 16), int(hex_rgb[5:7], 16))
    for symptom, hex_rgb in COLOURS.items()
}
TITLE_HEIGHT = 44.0
HAND_GAP = 60.0
# As the patient looks at their own hands: left palm, left back, right back, right palm.
VIEWS = (
    (Hand.LEFT, Surface.PALMAR, 0.0, "Palm side"),
    (Hand.LEFT, Surface.DORSAL, VIEW_WIDTH, "Back"),
    (Hand.RIGHT, Surface.DORSAL, 2 * VIEW_WIDTH + HAND_GAP, "Back"),
    (Hand.RIGHT, Surface.PALMAR, 3 * VIEW_WIDTH + HAND_GAP, "Palm side"),
)
CANVAS_WIDTH = 4 * VIEW_WIDTH + HAND_GAP
CANVAS_HEIGHT = VIEW_HEIGHT + TITLE_HEIGHT + 8.0


def _mirrored(hand: Hand, surface: Surface) -> bool:
    """Palm up, the right thumb points right and the left thumb left; palm down, the
    other way round (the base outline has the thumb on the right)."""
    thumb_right = (hand is Hand.RIGHT) == (surface is Surface.PALMAR)
    return not thumb_right


def _shade(symptom: Symptom, intensity: int | None) -> colors.Color:
    red, green, blue = SYMPTOM_COLOURS[symptom]
    strength = 6 if intensity is None else intensity
    return colors.Color(red / 255, green / 255, blue / 255, alpha=(90 + 16 * strength) / 255)


def _label_point(polygon: list[tuple[float, float]]) -> tuple[float, float]:
    xs = [x for x, _ in polygon]
    ys = [y for _, y in polygon]
    return (sum(xs) / len(xs), sum(ys) / len(ys))


def hand_map_drawing(hand_map: HandMap, width: float) -> Drawing:
    """Both hands, palm side and back, with the map's marks, scaled to ``width``."""
    scale = width / CANVAS_WIDTH
    drawing = Drawing(width, CANVAS_HEIGHT * scale)
    group = Group()
    group.scale(scale, scale)
    labels: list[tuple[float, float, str, colors.Color]] = []
    for hand, surface, left, title in VIEWS:
        mirrored = _mirrored(hand, surface)

        def canvas_point(x: float, y: float, left: float = left, mirrored: bool = mirrored):
            if mirrored:
                x = VIEW_WIDTH - x
            return left + x, VIEW_HEIGHT - y  # ReportLab's y grows upwards

        group.add(String(left + VIEW_WIDTH / 2, VIEW_HEIGHT + 8, title, fontName=LATIN,
                         fontSize=15, textAnchor="middle"))  # fmt: skip
        biggest: dict[Region, list[tuple[float, float]]] = {}
        for region, polygon in region_polygons(surface):
            points = [canvas_point(x, y) for x, y in polygon]
            flat = [value for point in points for value in point]
            group.add(Polygon(flat, fillColor=SKIN, strokeColor=SKIN_LINE, strokeWidth=1.2))
            for mark in hand_map.marks_at(Place(hand, surface, region)):
                if mark.present:
                    group.add(Polygon(flat, fillColor=_shade(mark.symptom, mark.intensity),
                                      strokeColor=None))  # fmt: skip
            if len(points) > len(biggest.get(region, [])):
                biggest[region] = points
        for region, points in biggest.items():
            marks = [m for m in hand_map.marks_at(Place(hand, surface, region)) if m.present]
            x, y = _label_point(points)
            line = 17.0
            top = y + line * (len(marks) - 1) / 2
            for number, mark in enumerate(marks):
                rated = "" if mark.intensity is None else str(mark.intensity)
                text = f"{SYMPTOM_LETTERS[mark.symptom]}{rated}"
                red, green, blue = SYMPTOM_COLOURS[mark.symptom]
                ink = colors.Color(red / 400, green / 400, blue / 400)
                labels.append((x, top - number * line, text, ink))
    for x, y, text, ink in labels:
        group.add(Rect(x - 14, y - 5, 28, 16, rx=3, ry=3, fillColor=colors.Color(1, 1, 1, 0.85),
                       strokeColor=None))  # fmt: skip
        group.add(String(x, y, text, fontName=LATIN_BOLD, fontSize=13, fillColor=ink,
                         textAnchor="middle"))  # fmt: skip
    for hand, left in ((Hand.LEFT, 0.0), (Hand.RIGHT, 2 * VIEW_WIDTH + HAND_GAP)):
        group.add(String(left + VIEW_WIDTH, VIEW_HEIGHT + 28, HAND_NAMES[hand],
                         fontName=LATIN_BOLD, fontSize=17, textAnchor="middle"))  # fmt: skip
    drawing.add(group)
    return drawing


def legend_drawing(width: float, font_size: float) -> Drawing:
    """The key to the map's colours and letters."""
    drawing = Drawing(width, font_size * 1.6)
    x = 0.0
    for symptom, name in SYMPTOM_NAMES.items():
        drawing.add(Rect(x, font_size * 0.2, font_size, font_size,
                         fillColor=_shade(symptom, 8), strokeColor=None))  # fmt: skip
        text = f"{SYMPTOM_LETTERS[symptom]} = {name}"
        drawing.add(String(x + font_size * 1.4, font_size * 0.3, text, fontName=LATIN,
                           fontSize=font_size))  # fmt: skip
        x += font_size * 10.5
    drawing.add(String(x, font_size * 0.3, "number = intensity 0-10", fontName=LATIN,
                       fontSize=font_size))  # fmt: skip
    return drawing
