"""The hand symptom map: both hands, palm side and back, drawn with QPainter.

The practitioner clicks a region (or moves to it with Tab or the arrow keys) and marks the
chosen symptom, numbness, tingling or pain, with a 0-10 intensity. Each region is a small
focusable child widget masked to its shape, so clicks land on the region under the
pointer, Tab reaches every region, and a screen reader hears each region's name and marks.
The Katz rating of each hand is shown beside the drawing and follows every change.

Keys on a region: N, T, P mark numbness, tingling or pain (and choose it); Space or Enter
marks or unmarks the chosen symptom; 0-9 set its intensity, + and - step it (to reach
10); Delete or Backspace clears the region; arrow keys move to the next or previous region.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QEnterEvent,
    QFocusEvent,
    QFont,
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wristcare.clinic.outcomes.hand_map import (
    HAND_NAMES,
    SKIN_COLOUR,
    SKIN_LINE_COLOUR,
    SYMPTOM_LETTERS,
    SYMPTOM_NAMES,
    Hand,
    HandMap,
    Mark,
    Place,
    Symptom,
    region_label,
)
from wristcare.clinic.outcomes.hand_map import SYMPTOM_COLOURS as COLOURS
from wristcare.clinic.outcomes.katz import KATZ_NAMES, KatzRating, KatzResult, rate_map
from wristcare.gui.outcomes.hand_outline import (
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    HAND_GAP,
    TITLE_HEIGHT,
    VIEW_WIDTH,
    VIEWS,
    outline_path,
    region_paths,
)

SYMPTOM_KEYS = {
    Qt.Key.Key_N: Symptom.NUMBNESS,
    Qt.Key.Key_T: Symptom.TINGLING,
    Qt.Key.Key_P: Symptom.PAIN,
}
SYMPTOM_COLOURS = {symptom: QColor(hex_rgb) for symptom, hex_rgb in COLOURS.items()}
# Three different textures, so the marks read apart in grey print and for colour-blind eyes.
SYMPTOM_PATTERNS = {
    Symptom.NUMBNESS: Qt.BrushStyle.Dense4Pattern,
    Symptom.TINGLING: Qt.BrushStyle.BDiagPattern,
    Symptom.PAIN: Qt.BrushStyle.DiagCrossPattern,
}
SKIN = QColor(SKIN_COLOUR)
SKIN_LINE = QColor(SKIN_LINE_COLOUR)
OUTLINE = QColor("#5b4132")
NOT_RATED = -1


def describe_marks(marks: tuple[Mark, ...]) -> str:
    """A region's marks in words, e.g. "Numbness 6, tingling not rated"."""
    if not marks:
        return "No symptoms"
    parts = []
    for mark in marks:
        name = SYMPTOM_NAMES[mark.symptom]
        rated = "not rated" if mark.intensity is None else str(mark.intensity)
        parts.append(f"{name} {rated}")
    text = ", ".join(parts)
    return text[0] + text[1:].lower()


def katz_reason(result: KatzResult) -> str:
    """Why a hand got its Katz rating, in a few words."""
    digits = ", ".join(region.value[-1] for region in result.median_digits)
    if result.rating is KatzRating.UNLIKELY:
        return "No symptoms in digits 1-3."
    if len(result.median_digits) == 1:
        return f"Only digit {digits} of digits 1-3."
    if result.rating is KatzRating.CLASSIC:
        return f"Digits {digits}; palm and back of the hand clear."
    if result.rating is KatzRating.PROBABLE:
        return f"Digits {digits}; palm involved on the thumb side."
    if result.dorsum:
        return f"Digits {digits}, with symptoms on the back of the hand."
    return f"Digits {digits}, with palm symptoms only on the little-finger side."


def _inside_point(path: QPainterPath) -> QPointF:
    """A point well inside a region: its box centre if inside, else the inside point of
    a coarse grid nearest to that centre."""
    box = path.boundingRect()
    centre = box.center()
    if path.contains(centre):
        return centre
    candidates = [
        QPointF(box.left() + box.width() * i / 12, box.top() + box.height() * j / 12)
        for i in range(1, 12)
        for j in range(1, 12)
    ]
    inside = [point for point in candidates if path.contains(point)]
    return min(inside, key=lambda p: (p.x() - centre.x()) ** 2 + (p.y() - centre.y()) ** 2)


def swatch(symptom: Symptom, size: int = 16) -> QIcon:
    """A small sample of how a symptom is drawn, for the legend."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QPen(OUTLINE, 1))
    painter.setBrush(QBrush(SKIN))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.setBrush(QBrush(SYMPTOM_COLOURS[symptom], SYMPTOM_PATTERNS[symptom]))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


class RegionButton(QWidget):
    """One region of the drawing: focusable, masked to its shape, named for screen readers.
    It draws nothing itself; the canvas behind it draws the hand."""

    def __init__(self, editor: HandMapEditor, place: Place, parent: QWidget) -> None:
        super().__init__(parent)
        self.editor = editor
        self.place = place
        self.setObjectName(f"region_{place.hand}_{place.surface}_{place.region}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName(region_label(place.hand, place.surface, place.region))
        self.setAccessibleDescription("No symptoms")
        self.setToolTip(f"{self.accessibleName()}\nNo symptoms")

    def enterEvent(self, event: QEnterEvent) -> None:
        self.editor.canvas.set_hovered(self.place)
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.editor.canvas.set_hovered(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is not Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.editor.toggle(self.place)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.editor.select(self.place)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.editor.canvas.update()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        editor = self.editor
        shortcut = (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if event.modifiers() & shortcut:
            super().keyPressEvent(event)  # shortcuts belong to the window
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            editor.focus_step(self.place, 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            editor.focus_step(self.place, -1)
        elif key in SYMPTOM_KEYS:
            editor.choose_symptom(SYMPTOM_KEYS[key])
            editor.mark(self.place)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            editor.toggle(self.place)
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            editor.set_intensity(self.place, key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            editor.step_intensity(self.place, 1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            editor.step_intensity(self.place, -1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            editor.clear(self.place)
        else:
            super().keyPressEvent(event)


class HandMapCanvas(QWidget):
    """Draws the four views, scaled to fit, and places a ``RegionButton`` on each region."""

    def __init__(self, editor: HandMapEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setObjectName("handMapCanvas")
        self.setMinimumSize(QSize(560, 290))
        self.paths = region_paths()
        # Every region (each with its own border) and every outline, each as one path.
        self.all_regions = QPainterPath()
        for path in self.paths.values():
            self.all_regions.addPath(path)
        self.all_outlines = QPainterPath()
        for view in VIEWS:
            self.all_outlines.addPath(outline_path(view))
        self._drawing: QPixmap | None = None
        self.hovered: Place | None = None
        self.buttons = {place: RegionButton(editor, place, self) for place in self.paths}

    def sizeHint(self) -> QSize:
        return QSize(int(CANVAS_WIDTH), int(CANVAS_HEIGHT))

    def transform(self) -> QTransform:
        """Drawing coordinates to widget pixels: scaled to fit, centred."""
        scale = min(self.width() / CANVAS_WIDTH, self.height() / CANVAS_HEIGHT)
        dx = (self.width() - CANVAS_WIDTH * scale) / 2
        dy = (self.height() - CANVAS_HEIGHT * scale) / 2
        return QTransform().translate(dx, dy).scale(scale, scale)

    def region_centre(self, place: Place) -> QPoint:
        """A point inside a region, in widget pixels."""
        return self.transform().map(_inside_point(self.paths[place])).toPoint()

    def set_hovered(self, place: Place | None) -> None:
        self.hovered = place
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        transform = self.transform()
        for place, button in self.buttons.items():
            polygon = transform.map(self.paths[place]).toFillPolygon().toPolygon()
            box = polygon.boundingRect()
            button.setGeometry(box)
            button.setMask(QRegion(polygon.translated(-box.topLeft())))
        self._drawing = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.invalidate()
        super().changeEvent(event)

    def invalidate(self) -> None:
        """Draw the hands again on the next paint (the map, size or palette changed)."""
        self._drawing = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        # The hands and marks are drawn once into a pixmap and only hover and focus are
        # drawn on every paint. Besides being cheaper, this keeps the number of calls into
        # Qt small: PySide6 6.12 on Python 3.11 drops a reference to None on every call of
        # a method returning void, and a few thousand of them crash the interpreter.
        if self._drawing is None or self._drawing.size() != self.size():
            self._drawing = self._draw()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._drawing)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(self.transform())
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        if self.hovered is not None:
            hover = QColor(highlight)
            hover.setAlpha(60)
            painter.setPen(QPen(highlight, 1.5))
            painter.setBrush(QBrush(hover))
            painter.drawPath(self.paths[self.hovered])
        focused = next((p for p, b in self.buttons.items() if b.hasFocus()), None)
        if focused is not None:
            painter.setBrush(QBrush())
            painter.setPen(QPen(highlight, 3.5))
            painter.drawPath(self.paths[focused])
        painter.end()

    def _draw(self) -> QPixmap:
        """The hands with their marks, titles and labels, at the current size."""
        pixmap = QPixmap(self.size())
        pixmap.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(self.transform())
        self._paint_titles(painter)
        # Pens and brushes are built explicitly (never converted from a QColor or a
        # style): each implicit conversion is one more call into Qt.
        painter.setPen(QPen(SKIN_LINE, 0.8))
        painter.setBrush(QBrush(SKIN))
        painter.drawPath(self.all_regions)
        hand_map = self.editor.hand_map()
        for mark in hand_map.marks:
            self._paint_mark(painter, self.paths[mark.place], mark)
        painter.setBrush(QBrush())
        painter.setPen(QPen(OUTLINE, 1.8))
        painter.drawPath(self.all_outlines)
        for place in {mark.place for mark in hand_map.marks}:
            self._paint_labels(painter, self.paths[place], hand_map.marks_at(place))
        painter.end()
        return pixmap

    def _paint_titles(self, painter: QPainter) -> None:
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Text)))
        font = QFont(self.font())
        font.setPixelSize(17)
        font.setBold(True)
        painter.setFont(font)
        for hand, left in ((Hand.LEFT, 0.0), (Hand.RIGHT, 2 * VIEW_WIDTH + HAND_GAP)):
            box = QRectF(left, 0.0, 2 * VIEW_WIDTH, 22.0)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, HAND_NAMES[hand])
        font.setPixelSize(14)
        font.setBold(False)
        painter.setFont(font)
        for view in VIEWS:
            box = QRectF(view.left, 22.0, VIEW_WIDTH, TITLE_HEIGHT - 24.0)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, view.title)

    def _paint_mark(self, painter: QPainter, path: QPainterPath, mark: Mark) -> None:
        colour = QColor(SYMPTOM_COLOURS[mark.symptom])
        if mark.intensity == 0:
            # Rated 0: kept as entered, drawn as a dashed edge only (not a symptom).
            painter.setBrush(QBrush())
            painter.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
            painter.drawPath(path)
            return
        strength = 6 if mark.intensity is None else mark.intensity
        colour.setAlpha(90 + 16 * strength)
        painter.setPen(QPen(Qt.PenStyle.NoPen))
        brush = QBrush(colour, SYMPTOM_PATTERNS[mark.symptom])
        # Patterns are drawn in device pixels; scale them with the drawing.
        brush.setTransform(QTransform().scale(1.5, 1.5))
        painter.setBrush(brush)
        painter.drawPath(path)

    def _paint_labels(self, painter: QPainter, path: QPainterPath, marks: tuple[Mark, ...]) -> None:
        if not marks:
            return
        font = QFont(self.font())
        font.setPixelSize(11)
        font.setBold(True)
        painter.setFont(font)
        centre = _inside_point(path)
        line = 13.0
        top = centre.y() - line * len(marks) / 2
        for number, mark in enumerate(marks):
            rated = "" if mark.intensity is None else str(mark.intensity)
            text = f"{SYMPTOM_LETTERS[mark.symptom]}{rated}"
            box = QRectF(centre.x() - 13.0, top + number * line, 26.0, line - 1.0)
            painter.setPen(QPen(Qt.PenStyle.NoPen))
            painter.setBrush(QBrush(QColor(255, 255, 255, 225)))
            painter.drawRoundedRect(box, 3.0, 3.0)
            painter.setPen(QPen(SYMPTOM_COLOURS[mark.symptom].darker(130)))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class HandMapEditor(QWidget):
    """The symptom map with its symptom chooser, intensity and live Katz rating.

    ``changed`` carries the new ``HandMap`` after every edit by the user (not after
    ``set_hand_map``)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._map = HandMap()
        self._symptom = Symptom.NUMBNESS
        self._selected: Place | None = None
        self.canvas = HandMapCanvas(self)
        self.symptom_buttons: dict[Symptom, QRadioButton] = {}
        self.intensity = QSpinBox()
        self.selected_label = QLabel()
        self.katz_labels: dict[Hand, QLabel] = {}
        self.katz_reasons: dict[Hand, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(self._side_panel())
        self._refresh()

    def _side_panel(self) -> QVBoxLayout:
        panel = QVBoxLayout()
        chooser = QGroupBox("Symptom")
        chooser_layout = QVBoxLayout(chooser)
        group = QButtonGroup(self)
        for symptom in Symptom:
            name = SYMPTOM_NAMES[symptom]
            radio = QRadioButton(f"{name} ({SYMPTOM_LETTERS[symptom]})")
            radio.setObjectName(f"symptom_{symptom}")
            radio.setAccessibleName(name)
            radio.setIcon(swatch(symptom))
            radio.setChecked(symptom is self._symptom)
            group.addButton(radio)
            chooser_layout.addWidget(radio)
            self.symptom_buttons[symptom] = radio
        group.buttonToggled.connect(self._symptom_toggled)
        panel.addWidget(chooser)

        intensity_label = QLabel("Intensity (0-10)")
        self.intensity.setRange(NOT_RATED, 10)
        self.intensity.setSpecialValueText("Not rated")
        self.intensity.setAccessibleName("Intensity (0-10)")
        self.intensity.setObjectName("intensity")
        intensity_label.setBuddy(self.intensity)
        self.intensity.valueChanged.connect(self._intensity_edited)
        panel.addWidget(intensity_label)
        panel.addWidget(self.intensity)
        self.selected_label.setWordWrap(True)
        self.selected_label.setObjectName("selectedRegion")
        panel.addWidget(self.selected_label)

        katz = QGroupBox("Katz rating")
        katz_layout = QVBoxLayout(katz)
        for hand in Hand:
            label = QLabel()
            label.setObjectName(f"katz_{hand}")
            bold = QFont(label.font())
            bold.setBold(True)
            label.setFont(bold)
            reason = QLabel()
            reason.setWordWrap(True)
            reason.setObjectName(f"katzReason_{hand}")
            katz_layout.addWidget(label)
            katz_layout.addWidget(reason)
            self.katz_labels[hand] = label
            self.katz_reasons[hand] = reason
        panel.addWidget(katz)

        keys = QLabel(
            "Click a region, or move with Tab and the arrow keys. N, T, P mark numbness, "
            "tingling, pain; Space marks or clears; 0-9 set the intensity, + and - step it; "
            "Delete clears the region."
        )
        keys.setWordWrap(True)
        keys.setObjectName("keysHint")
        panel.addWidget(keys)
        panel.addStretch(1)
        for index in range(panel.count()):
            widget = panel.itemAt(index).widget()
            if widget is not None:
                widget.setMaximumWidth(260)
        return panel

    # --- the data --------------------------------------------------------------------

    def hand_map(self) -> HandMap:
        """The map as it stands."""
        return self._map

    def set_hand_map(self, hand_map: HandMap) -> None:
        """Show a stored map (does not emit ``changed``)."""
        self._map = hand_map
        self._refresh()

    def katz(self) -> dict[Hand, KatzResult]:
        """The Katz rating of each hand of the map as it stands."""
        return rate_map(self._map)

    def symptom(self) -> Symptom:
        """The symptom a click or Space marks."""
        return self._symptom

    def region_button(self, place: Place) -> RegionButton:
        """The focusable widget of one region."""
        return self.canvas.buttons[place]

    # --- edits -----------------------------------------------------------------------

    def choose_symptom(self, symptom: Symptom) -> None:
        """Make ``symptom`` the one clicks and keys mark."""
        self._symptom = symptom
        radio = self.symptom_buttons[symptom]
        if not radio.isChecked():
            radio.setChecked(True)
        self._refresh_selection()

    def select(self, place: Place) -> None:
        """Make ``place`` the region the side panel shows."""
        self._selected = place
        self._refresh_selection()
        self.canvas.update()

    def toggle(self, place: Place) -> None:
        """Mark the chosen symptom on ``place``, or clear it if it is marked."""
        self.select(place)
        if self._map.mark(place, self._symptom) is None:
            self._edit(self._map.with_mark(Mark(place, self._symptom)))
        else:
            self._edit(self._map.without(place, self._symptom))

    def mark(self, place: Place) -> None:
        """Mark the chosen symptom on ``place`` (kept as it is if already marked)."""
        if self._map.mark(place, self._symptom) is None:
            self._edit(self._map.with_mark(Mark(place, self._symptom)))

    def set_intensity(self, place: Place, value: int | None) -> None:
        """Rate the chosen symptom on ``place`` (marking it if needed)."""
        self._edit(self._map.with_mark(Mark(place, self._symptom, value)))

    def step_intensity(self, place: Place, step: int) -> None:
        """Raise or lower the chosen symptom's intensity by ``step``, within 0-10."""
        current = self._map.mark(place, self._symptom)
        value = current.intensity if current and current.intensity is not None else 0
        self.set_intensity(place, max(0, min(10, value + step)))

    def clear(self, place: Place) -> None:
        """Clear every symptom from ``place``."""
        self._edit(self._map.without(place))

    def focus_step(self, place: Place, step: int) -> None:
        """Move the focus to the next (or previous) region, wrapping round."""
        places = list(self.canvas.buttons)
        target = places[(places.index(place) + step) % len(places)]
        self.canvas.buttons[target].setFocus(Qt.FocusReason.OtherFocusReason)

    def _edit(self, hand_map: HandMap) -> None:
        self._map = hand_map
        self._refresh()
        self.changed.emit(hand_map)

    # --- showing it ------------------------------------------------------------------

    def _refresh(self) -> None:
        for place, button in self.canvas.buttons.items():
            text = describe_marks(self._map.marks_at(place))
            if button.accessibleDescription() != text:
                button.setAccessibleDescription(text)
                button.setToolTip(f"{button.accessibleName()}\n{text}")
        for hand, result in self.katz().items():
            self.katz_labels[hand].setText(f"{HAND_NAMES[hand]}: {KATZ_NAMES[result.rating]}")
            self.katz_labels[hand].setAccessibleName(
                f"Katz rating, {HAND_NAMES[hand].lower()}: {KATZ_NAMES[result.rating]}"
            )
            self.katz_reasons[hand].setText(katz_reason(result))
        self._refresh_selection()
        self.canvas.invalidate()

    def _refresh_selection(self) -> None:
        place = self._selected
        current = self._map.mark(place, self._symptom) if place else None
        self.intensity.blockSignals(True)
        self.intensity.setEnabled(current is not None)
        value = NOT_RATED if current is None or current.intensity is None else current.intensity
        self.intensity.setValue(value)
        self.intensity.blockSignals(False)
        if place is None:
            self.selected_label.setText("No region chosen.")
        else:
            label = region_label(place.hand, place.surface, place.region)
            marks = describe_marks(self._map.marks_at(place))
            self.selected_label.setText(f"{label}\n{marks}")

    def _symptom_toggled(self, radio: QAbstractButton, on: bool) -> None:
        if on:
            chosen = next(s for s, button in self.symptom_buttons.items() if button is radio)
            self.choose_symptom(chosen)

    def _intensity_edited(self, value: int) -> None:
        if self._selected is not None:
            self.set_intensity(self._selected, None if value == NOT_RATED else value)
