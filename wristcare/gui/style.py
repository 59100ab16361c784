"""Fonts and the small style sheet that every view shares."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from wristcare.config import resources_dir

log = logging.getLogger(__name__)

STYLE_SHEET = """
QLabel[role="error"] { color: #b00020; }
QPushButton#currentPractitioner[role="error"] { color: #b00020; font-weight: bold; }
QLabel#viewTitle { font-size: 16pt; font-weight: bold; }
QLabel#patientName { font-size: 15pt; font-weight: bold; }
QLabel#emptyHint { color: palette(placeholder-text); font-size: 12pt; }
QLabel#keyHints { color: palette(placeholder-text); }
QLabel#noteBanner { font-weight: bold; }
QListWidget { font-size: 11pt; }
QListWidget::item { padding: 8px 6px; }
"""


def load_fonts(app: QApplication) -> list[str]:
    """Register the shipped fonts and use them where the system font has no glyphs.

    The shipped font covers the Chinese characters of the point names, so they show on
    machines with no Chinese font installed instead of empty boxes.
    """
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    if families:
        font = QFont(app.font())
        font.setFamilies([app.font().family(), *families])
        app.setFont(font)
    return families


def apply_style(app: QApplication) -> None:
    load_fonts(app)
    app.setStyleSheet(STYLE_SHEET)
