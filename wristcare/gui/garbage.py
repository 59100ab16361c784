"""Python's garbage collector, run on the GUI thread only.

Left to itself the collector runs in whichever thread happens to allocate, including the
thread pool's workers. If it then frees a cycle that holds a Qt widget, the widget is
destroyed off the GUI thread and the app crashes. So automatic collection is switched
off and the GUI thread collects on a timer, as often as the thresholds would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_if_due)
        self._thresholds = gc.get_threshold()

    def start(self) -> None:
        gc.disable()
        self._timer.start(INTERVAL_MS)

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def collect_if_due(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return
