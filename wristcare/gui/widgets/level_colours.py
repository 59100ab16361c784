"""The colours of a safety level, (text, background), wherever a level is shown: the alert
banner, the note's safety panel and the Safety page. Chosen for contrast (WCAG AA) on light
backgrounds; the level is always in words too, so nothing depends on colour alone. A red
flag shares the stop's red because both always stay on."""

from __future__ import annotations

from wristcare.db.vocab import FindingLevel

LEVEL_COLOURS: dict[FindingLevel, tuple[str, str]] = {
    FindingLevel.STOP: ("#7f1d1d", "#fde2e2"),
    FindingLevel.REFER: ("#7f1d1d", "#fde2e2"),
    FindingLevel.CAUTION: ("#713f12", "#fef3c7"),
    FindingLevel.INFO: ("#1e3a5f", "#e0ecf8"),
}
